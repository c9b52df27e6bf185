/** src/manuscript/rehype-galley-links.ts: ids unique, in-page links reach an id, links to other files refused, the web kept. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'hast';
import rehypeSlug from 'rehype-slug';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { formatMessage } from '../src/manuscript/diagnostics.js';
import rehypeGalleyLinks from '../src/manuscript/rehype-galley-links.js';
import { hastOf, places, vfile } from './manuscript-harness.js';

const plugins = [rehypeSlug, rehypeGalleyLinks];

describe('rehype-galley-links', () => {
  it('accepts links to headings, raw ids, notes, %-escaped non-Latin ids and the web', async () => {
    const md = `## Our sources

## Źródła i Краков

<p id="here">Raw.</p>

See [sources](#our-sources), [Polish](#%C5%BAr%C3%B3d%C5%82a-i-%D0%BA%D1%80%D0%B0%D0%BA%D0%BE%D0%B2), [raw](#here), [web](https://example.org/a), [mail](mailto:a@example.org) and a note[^1].

[^1]: The note.
`;
    const { file } = await hastOf(md, plugins);
    expect(file.messages).toEqual([]);
  });

  it('reports a link to a missing id where the link stands', async () => {
    const { file } = await hastOf('# Title\n\nSee [below](#nowhere).\n', plugins);
    expect(places(file.messages)).toEqual(['3:5 error link-target']);
    expect(formatMessage(file.messages[0]!, '/manuscripts')).toBe(
      'example/article.md:3:5: error: link to `#nowhere` leads nowhere: nothing in the article has the id `nowhere`; headings take theirs from their text (`## Our sources` is #our-sources)',
    );
  });

  it('refuses a link to another file, relative or with a fragment, but not a scheme', async () => {
    const { file } = await hastOf('[a](other.md) and\n[b](../x.html#top) and [c](tel:+48123) [d](HTTPS://EXAMPLE.ORG)\n', plugins);
    expect(places(file.messages)).toEqual(['1:1 error link-file', '2:1 error link-file']);
    expect(file.messages[1]!.reason).toContain('`../x.html#top` points at another file');
  });

  it('names a link to another article, a collection or the article itself as such, with what to write instead', async () => {
    const root = tempDir('galley-links-');
    for (const name of ['one', 'two', 'week']) mkdirSync(path.join(root, name));
    writeFileSync(path.join(root, 'one', 'article.md'), '');
    writeFileSync(path.join(root, 'two', 'article.md'), '');
    writeFileSync(path.join(root, 'week', 'collection.yaml'), '');
    const md = '## Sources\n\nSee [two](../two/article.md#tide), [its folder](../two/) and\n[the week](../week) and [here](article.md#sources) and [a page](../two/notes.html).\n';
    const file = new VFile({ path: path.join(root, 'one', 'article.md'), value: md, cwd: root });
    await unified().use(remarkRehype).use(rehypeSlug).use(rehypeGalleyLinks).run(unified().use(remarkParse).parse(file), file);
    expect(places(file.messages)).toEqual(['3:5 error link-article', '3:36 error link-article', '4:1 error link-article', '4:25 error link-file', '4:56 error link-file']);
    expect(formatMessage(file.messages[0]!, root)).toBe(
      "one/article.md:3:5: error: link to `../two/article.md#tide` leads to another article (two): galley makes no links between articles, not even within a collection, since each article is also built on its own, without the other; link to the other article's address on the web (https://…), or name it in the text",
    );
    expect(file.messages[1]!.reason).toContain('`../two/` leads to another article (two)');
    expect(file.messages[2]!.reason).toBe("link to `../week` leads to a collection (week), which is not part of this article's edition; link to its address on the web (https://…), or name it in the text");
    expect(file.messages[3]!.reason).toBe("link to `article.md#sources` leads to this article's own file: write `#sources` instead");
    expect(file.messages[4]!.reason).toContain('`../two/notes.html` points at another file, which is not part of the edition');
  });

  it('reports an id used twice at the second one, naming the first', async () => {
    const { file } = await hastOf('<p id="dup">one</p>\n\ntext\n\n<p id="dup">two</p>\n', plugins);
    expect(places(file.messages)).toEqual(['5:1 error id-duplicate']);
    expect(file.messages[0]!.reason).toContain('id `dup` is used twice (first at line 1, column 1)');
  });

  it('reports an id galley made that clashes with a raw one at the raw one, telling the author to rename it', async () => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'element', tagName: 'p', properties: { id: 'figure-1' }, children: [], position: { start: { line: 4, column: 2 }, end: { line: 4, column: 20 } } },
        { type: 'element', tagName: 'figure', properties: { id: 'figure-1' }, children: [] },
      ],
    };
    const file = vfile('');
    await unified().use(rehypeGalleyLinks).run(tree, file);
    expect(places(file.messages)).toEqual(['4:2 error id-duplicate']);
    expect(file.messages[0]!.reason).toContain('(galley made it from a heading or figure: rename the raw id)');
  });
});
