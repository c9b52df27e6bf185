/** src/manuscript/rehype-line-breaks.ts: number ranges held together (and numbers to their units), URLs in text breakable after / . ? & = _ @ and before -, code untouched. */
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import rehypeGalleyLineBreaks from '../src/manuscript/rehype-line-breaks.js';
import { hastOf } from './manuscript-harness.js';

describe('rehype-line-breaks', () => {
  it('joins number ranges in prose, in lists nested two deep, in tables and in notes', async () => {
    const md = `Won 7–2 in 1987–2017.

- level one 3–4
  - level two 5–6

| Years |
|-------|
| 1990–1999 |

Called[^n].

[^n]: Pages 12–19.
`;
    const { html } = await hastOf(md, [rehypeGalleyLineBreaks]);
    for (const range of ['7–2', '1987–2017', '3–4', '5–6', '1990–1999', '12–19']) {
      expect(html).toContain(`<span class="nobreak">${range}</span>`);
    }
    // By markup alone: the text is the characters written.
    expect(html).not.toMatch(/\u2060/u);
    expect(html.replace(/<span class="nobreak">\d+–\d+<\/span>/g, '')).not.toMatch(/\d–\d/);
  });

  it('sets a URL in running text (a GFM autolink) in span.url with a <wbr> after each / . and before each -, punctuation after it outside', async () => {
    const { tree, html } = await hastOf('See https://www.example.org/long-path/page.html, then go.\n', [rehypeGalleyLineBreaks]);
    expect(html).toBe('<p>See <a href="https://www.example.org/long-path/page.html"><span class="url">https://<wbr>www.<wbr>example.<wbr>org/<wbr>long<wbr><span class="nobreak">-p</span>ath/<wbr>page.<wbr>html</span></a>, then go.</p>');
    expect(toHtml(tree).replace(/<[^>]+>/g, '')).toBe('See https://www.example.org/long-path/page.html, then go.');
  });

  it('breaks the text of a link that shows its own address, inside the link', async () => {
    const { html } = await hastOf('<https://example.org/a-b>\n', [rehypeGalleyLineBreaks]);
    expect(html).toBe('<p><a href="https://example.org/a-b"><span class="url">https://<wbr>example.<wbr>org/<wbr>a<span class="nobreak">-b</span></span></a></p>');
  });

  it('sets a URL in raw HTML text the same way', async () => {
    const { html } = await hastOf('<p>Über http://a.example/b.</p>\n', [rehypeGalleyLineBreaks]);
    expect(html).toBe('<p>Über <span class="url">http://<wbr>a.<wbr>example/b</span>.</p>');
  });

  it('inside an existing span.url leaves the address as written, without splitting it again', async () => {
    const { html } = await hastOf('<span class="url">https://example.org/1–2</span>\n', [rehypeGalleyLineBreaks]);
    expect(html).toBe('<p><span class="url"><a href="https://example.org/1%E2%80%932">https://example.org/1–2</a></span></p>');
  });

  it('leaves short code, preformatted text and keyboard input as written', async () => {
    const md = 'Run `curl https://ex.org 1–2`.\n\n```\nhttps://example.org/y/aVeryLongPathThatRuns 3–4\n```\n\n<kbd>5–6</kbd>\n';
    const { html } = await hastOf(md, [rehypeGalleyLineBreaks]);
    expect(html).toContain('<code>curl https://ex.org 1–2</code>');
    // A listing keeps its text as written (its lines and break points are markup only).
    expect(html).toContain('<pre><code><span class="code-line">https://<wbr>example.<wbr>org/<wbr>y/<wbr>aVery<wbr>Long<wbr>Path<wbr>That<wbr>Runs 3–4\n</span></code></pre>');
    expect(html).toContain('<kbd>5–6</kbd>');
    expect(html).not.toContain('nobreak');
    expect(html.replace(/<pre>[\s\S]*<\/pre>/, '')).not.toContain('<wbr>');
  });

  it('marks the break points of a long run of inline code with <wbr>, in its own text only', async () => {
    const md = 'Set `--template=/etc/newsroom/article.html` and `aVeryLongIdentifierName = 1–2`.\n';
    const { tree, html } = await hastOf(md, [rehypeGalleyLineBreaks]);
    expect(html).toBe('<p>Set <code><span class="nobreak">--template=</span><wbr>/etc/<wbr>newsroom/<wbr>article.<wbr>html</code> and <code>aVery<wbr>Long<wbr>Identifier<wbr>Name = 1–2</code>.</p>');
    expect(toHtml(tree).replace(/<[^>]+>/g, '')).toBe('Set --template=/etc/newsroom/article.html and aVeryLongIdentifierName = 1–2.');
  });

  it('sets each line of a listing in a box of its own, an option\'s name unbroken, its text as written', async () => {
    const md = '```sh\nrun --template=/etc/news/article.html -o x\n\n  next\n```\n';
    const { tree, html } = await hastOf(md, [rehypeGalleyLineBreaks]);
    expect(html).toBe(
      '<pre><code class="language-sh"><span class="code-line">run <span class="nobreak">--template=</span><wbr>/etc/<wbr>news/<wbr>article.<wbr>html <span class="nobreak">-o</span> x\n</span>' +
        '<span class="code-line">\n</span><span class="code-line">  next\n</span></code></pre>',
    );
    expect(toHtml(tree).replace(/<[^>]+>/g, '')).toBe('run --template=/etc/news/article.html -o x\n\n  next\n');
  });
});
