/** src/manuscript/rehype-notes.ts: DPUB-ARIA roles on GFM footnotes, from which the EPUB's epub:type and the PDF's tags come. */
import { selectAll } from 'hast-util-select';
import { describe, expect, it } from 'vitest';
import rehypeGalleyNotes from '../src/manuscript/rehype-notes.js';
import { hastOf } from './manuscript-harness.js';

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
});
