/** src/manuscript/rehype-attribution.ts: a block quote's last paragraph that opens with a dash is its attribution. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { tempDir } from './helpers.js';

async function read(body: string): Promise<string> {
  const dir = path.join(tempDir(), 'quote');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), `---\ntitle: "A fictional quote"\ndate: 2024-03-31\n---\n\n${body}`);
  return toHtml((await loadManuscript(dir)).document.content);
}

describe('rehype-attribution', () => {
  it('marks the last paragraph of a quote that opens with a dash (em, en, or a horizontal bar)', async () => {
    expect(await read('> Come tomorrow, when the sea calms down.\n>\n> — A poet, in an invented poem\n')).toContain('<p class="attribution">— A poet, in an invented poem</p>');
    expect(await read('> Words.\n>\n> ― *Someone*\n')).toContain('<p class="attribution">― <em>Someone</em></p>');
    // Typed as "--", which becomes an em dash; an en dash opens one too.
    expect(await read('> Words.\n>\n> – Someone\n')).toContain('<p class="attribution">– Someone</p>');
    expect(await read('> Words.\n>\n> -- Someone\n')).toContain('<p class="attribution">— Someone</p>');
  });

  it('splits off an attribution written on the line under the quote, with no empty line between', async () => {
    // Markdown joins the two lines into one paragraph: the name ran on after the quote's words.
    const html = await read('> “The orchestra does not follow *you*. It agrees with you, for a while.”\n> — Adaeze Okonkwo, an invented conductor\n');
    expect(html).toContain('<p>“The orchestra does not follow <em>you</em>. It agrees with you, for a while.”</p>');
    expect(html).toContain('<p class="attribution">— Adaeze Okonkwo, an invented conductor</p>');
    expect(await read('> One.\n>\n> Two, the last words.\n> -- *Someone*\n')).toContain('<p>Two, the last words.</p>\n<p class="attribution">— <em>Someone</em></p>');
    // Russian quotes close with », German ones with “.
    expect(await read('> «Мы не спрашиваем, откуда вы».\n> — Анна\n')).toContain('<p class="attribution">— Анна</p>');
    expect(await read('> „Wir fragen nicht, woher Sie kommen“\n> — Anna\n')).toContain('<p class="attribution">— Anna</p>');
  });

  it('leaves a dash that opens a line inside a sentence, lines of dialogue and a stanza\'s last line', async () => {
    // A manuscript wrapped by hand: the line opens with a dash, the sentence goes on.
    expect(await read('> The old harbour\n> — the one by the mill — was shut.\n')).not.toContain('attribution');
    expect(await read('> — Is it true? — he asked.\n> — It is.\n')).not.toContain('attribution');
    expect(await read('> The sea is calm.\\\n> — and so am I.\n')).not.toContain('attribution');
  });

  it('leaves a quote of one paragraph, a dash inside a sentence and a last paragraph without one', async () => {
    const html = await read('> — A quote that is all dialogue\n\nText.\n\n> One.\n>\n> Two — and more.\n');
    expect(html).not.toContain('attribution');
  });
});
