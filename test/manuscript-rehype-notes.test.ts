/** src/manuscript/rehype-notes.ts: DPUB-ARIA roles on GFM footnotes, from which the EPUB's epub:type and the PDF's tags come. */
import type { Element } from 'hast';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import rehypeGalleyNotes from '../src/manuscript/rehype-notes.js';
import rehypeSlug from 'rehype-slug';
import { hastOf, places } from './manuscript-harness.js';

const NOTES = `Der Bürgermeister[^1] sprach mit Сергей[^волков], zweimal[^1].

- a list item with a note[^list]
  - nested, with the same note[^list]

[^1]: Erste Anmerkung.
[^волков]: Вторая заметка.
[^list]: From a list.
`;

describe('rehype-notes', () => {
  it('gives every note call, back-link and the notes section its role', async () => {
    const { tree } = await hastOf(NOTES, [rehypeGalleyNotes]);
    const calls = selectAll('a[data-footnote-ref]', tree);
    expect(calls).toHaveLength(5);
    expect(calls.map((a) => a.properties.role)).toEqual(Array(5).fill('doc-noteref'));
    const backs = selectAll('a[data-footnote-backref]', tree);
    // A note called twice has two back-links.
    expect(backs).toHaveLength(5);
    expect(backs.map((a) => a.properties.role)).toEqual(Array(5).fill('doc-backlink'));
    const sections = selectAll('section', tree);
    expect(sections).toHaveLength(1);
    expect(sections[0]!.properties.role).toBe('doc-endnotes');
  });

  it('leaves ordinary links and sections without a role', async () => {
    const { tree } = await hastOf('[a link](https://example.org)\n\n<section><p>x</p></section>\n\n<div data-footnotes>not a notes section</div>\n', [rehypeGalleyNotes]);
    for (const node of selectAll('a, section, div', tree)) expect(node.properties.role).toBeUndefined();
  });

  it('sets a note call in a table cell a no-break space apart from the figure before it, and one in prose a thin space inside the call, after figures only', async () => {
    const table = `| Year | Told | Remembered |\n|--|--:|--:|\n| 2019[^y] | 12 | **3**[^r] |\n| Later | 4[^r] | two[^r] |\n\nIn 2019[^y] it rained, in 2020.[^r] less, in *2021*,[^y] not[^r] at all.\n\n- 12[^y]\n\n[^y]: The year.\n[^r]: Remembered.\n`;
    const { tree } = await hastOf(table, [rehypeGalleyNotes]);
    const cellText = (cell: Element): string => toString(cell);
    const cells = selectAll('td', tree).map(cellText);
    expect(cells).toEqual(['2019\u00a01', '12', '3\u00a02', 'Later', '4\u00a02', 'two2']);
    // In prose the call opens with the thin space, once; after a word it stays where the author put it.
    expect(toString(selectAll('p', tree)[0]!)).toBe('In 2019\u20091 it rained, in 2020.\u20092 less, in 2021,\u20091 not2 at all.');
    expect(selectAll('sup', selectAll('p', tree)[0]!).map((sup) => toString(sup))).toEqual(['\u20091', '\u20092', '\u20091', '2']);
    expect(toString(selectAll('li', tree)[0]!)).toBe('12\u20091');
  });

  it('ties a call to the stop or the Chinese character before it, where a line may break before a number, and not to a letter or a full stop', async () => {
    const text = 'What happened?[^a] It ended…[^a] ساحل سا۔[^a] 中国[^a] A word[^a], a stop.[^a]\n\n[^a]: A note.\n';
    const { tree } = await hastOf(text, [rehypeGalleyNotes]);
    const ties = selectAll('span.note-tie', tree);
    // Each holds the character and the call, nothing else; the paragraph reads as before.
    expect(ties.map((tie) => tie.children.length)).toEqual([2, 2, 2, 2]);
    expect(ties.map((tie) => toString(tie))).toEqual(['?1', '…1', '۔1', '国1']);
    expect(ties.every((tie) => selectAll('a[data-footnote-ref]', tie).length === 1)).toBe(true);
    expect(toString(selectAll('p', tree)[0]!)).toBe('What happened?1 It ended…1 ساحل سا۔1 中国1 A word1, a stop.1');
    // A call after a letter or a full stop stays where it was: a line does not break there.
    const [word, stop] = selectAll('sup', selectAll('p', tree)[0]!).slice(4);
    expect(selectAll('span.note-tie sup', tree)).not.toContain(word);
    expect(selectAll('span.note-tie sup', tree)).not.toContain(stop);
  });

  it('leaves out an author\'s heading with nothing under it but the notes, at its place, and keeps one with text or a link to it', async () => {
    const merged = await hastOf('Text.[^a]\n\n### Endnotes\n\n[^a]: A note.\n', [rehypeSlug, rehypeGalleyNotes]);
    expect(selectAll('h3', merged.tree)).toHaveLength(0);
    expect(places(merged.file.messages)).toEqual(['3:1 warning notes-heading']);
    expect(merged.file.messages[0]!.reason).toContain('heading "Endnotes" has nothing under it but the notes');
    const kept = await hastOf('Text.[^a]\n\n## Notes\n\nA word on the notes.\n\n[^a]: A note.\n', [rehypeSlug, rehypeGalleyNotes]);
    expect(selectAll('h2#notes', kept.tree)).toHaveLength(1);
    const linked = await hastOf('Text.[^a] See [the notes](#notes).\n\n## Notes\n\n[^a]: A note.\n', [rehypeSlug, rehypeGalleyNotes]);
    expect(selectAll('h2#notes', linked.tree)).toHaveLength(1);
    expect(kept.file.messages.concat(linked.file.messages)).toEqual([]);
  });
});

