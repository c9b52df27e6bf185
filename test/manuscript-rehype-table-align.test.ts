/**
 * src/manuscript/rehype-table-align.ts: GFM column alignment as classes, since XHTML5 rejects `align`;
 * a column of figures set flush right with tabular figures unless the author aligned it.
 */
import { selectAll } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import rehypeGalleyTableAlign from '../src/manuscript/rehype-table-align.js';
import type { FrontMatter } from '../src/manuscript/schema.js';
import { hastOf } from './manuscript-harness.js';

const TABLE = `| Name | Votes | Share | Note |
|:-----|------:|:-----:|------|
| Łódź | 1 204 | 12 %  | —    |
| 東京 | 98    | 1 %   | ok   |
`;

describe('rehype-table-align', () => {
  it('turns every aligned header and body cell into an align-* class and drops the attribute', async () => {
    const { tree, html } = await hastOf(TABLE, [rehypeGalleyTableAlign]);
    expect(html).not.toMatch(/\salign=/);
    const classes = (tag: string) => selectAll(tag, tree).map((cell) => cell.properties.className ?? null);
    // Votes and Share hold figures: aligned by the author, and marked as figures; the notes' column is words.
    expect(classes('th')).toEqual([['align-left'], ['align-right', 'figures'], ['align-center', 'figures'], null]);
    expect(classes('tbody td')).toEqual([['align-left'], ['align-right', 'figures'], ['align-center', 'figures'], null, ['align-left'], ['align-right', 'figures'], ['align-center', 'figures'], null]);
  });

  it('keeps the classes a cell had already, and leaves cells without alignment alone', async () => {
    const { tree } = await hastOf('<table><tr><td class="num total" align="right">Seven</td><td class="x">eight</td></tr></table>\n', [rehypeGalleyTableAlign]);
    const cells = selectAll('td', tree);
    expect(cells[0]!.properties).toEqual({ className: ['num', 'total', 'align-right'] });
    expect(cells[1]!.properties).toEqual({ className: ['x'] });
  });

  it('touches nothing but table cells', async () => {
    const { html } = await hastOf('<p align="center">Centred</p>\n', [rehypeGalleyTableAlign]);
    expect(html).toBe('<p align="center">Centred</p>');
  });

  /** Each row's cells' classes, joined ("figures align-right"), or null for a cell without any. */
  const columnClasses = async (markdown: string): Promise<Array<Array<string | null>>> => {
    const { tree } = await hastOf(markdown, [rehypeGalleyTableAlign]);
    const classes = (value: unknown): string | null => (Array.isArray(value) ? value.join(' ') : null);
    return selectAll('tr', tree).map((row) => selectAll('th, td', row).map((cell) => classes(cell.properties.className)));
  };

  it('sets a column of figures the author did not align flush right, its header too, with tabular figures', async () => {
    const rows = await columnClasses(`| Club | P | Pts | Share | Goals | Score | Budget | Rainfall | Note |
|---|---|---|---|---|---|---|---|---|
| Northport | 12 | 1 204 | +3,2% | 2.5 | 3–1 | $1,204.50 | 12,5 | fine |
| Redcliffe | 9 | 98 | −12,5 % | — | 0:0 | 12,50 € | | 3 of 4 |
| Eastham | 10 | 1,204 | 12 % | 0.25 | 2-2 | −$5 | 7 | — |
`);
    const figures = 'figures align-right';
    for (const row of rows) expect(row).toEqual([null, figures, figures, figures, figures, figures, figures, figures, null]);
  });

  it('leaves words alone: a column with a word, dates, a figure with its unit, a column of dashes only', async () => {
    const rows = await columnClasses(`| A | B | C | D | E |
|---|---|---|---|---|
| 12 | 2 May | 12 km | — | about 40 |
| n | 3 May | 3 km | — | 41 |
`);
    for (const row of rows) expect(row).toEqual([null, null, null, null, null]);
  });

  it('keeps the author\'s alignment of a column of figures, left or centred, and still marks its figures', async () => {
    const rows = await columnClasses(`| A | B | C |
|:--|:-:|--:|
| 1 | 2 | 3 |
| 10 | 20 | 30 |
`);
    for (const row of rows) expect(row).toEqual(['align-left figures', 'align-center figures', 'align-right figures']);
  });

  it('reads a figure with its note call as a figure, the call hung past the column in a box of its own', async () => {
    const markdown = `| Question | Now | Later |
|---|---|---|
| How many? | 12 | 3[^a] |
| How few? | 1 | 30 |

[^a]: A note.
`;
    const rows = await columnClasses(markdown);
    const hung = 'figures align-right hangs';
    expect(rows).toEqual([[null, 'figures align-right', hung], [null, 'figures align-right', hung], [null, 'figures align-right', hung]]);
    const { html } = await hastOf(markdown, [rehypeGalleyTableAlign]);
    expect(html).toMatch(/<td class="figures align-right hangs">3<span class="note-hang"><sup><a [^>]*>1<\/a><\/sup><\/span><\/td>/);
  });

  it('leaves a call after a figure the author set flush left where it is', async () => {
    const { html } = await hastOf('| Q | N |\n|---|:--|\n| How many? | 3[^a] |\n\n[^a]: A note.\n', [rehypeGalleyTableAlign]);
    expect(html).not.toMatch(/note-hang|hangs/);
  });

  it('leaves a cell that spans columns out, and counts the columns after it where they stand', async () => {
    const rows = await columnClasses('<table><tr><th>Q</th><th>Now</th><th>Later</th></tr><tr><td>How many?</td><td>12</td><td>3</td></tr><tr><td colspan="2">Not asked</td><td>4</td></tr></table>\n');
    expect(rows).toEqual([[null, 'figures align-right', 'figures align-right'], [null, 'figures align-right', 'figures align-right'], [null, 'figures align-right']]);
  });

  it('places the cells beside and below a cell spanning rows in their own columns (a header of two rows)', async () => {
    const rows = await columnClasses(
      '<table><thead><tr><th rowspan="2">District</th><th colspan="2">Lost</th><th rowspan="2">Share</th></tr><tr><th>2022</th><th>2023</th></tr></thead>' +
        '<tbody><tr><td>Northfield</td><td>412.5</td><td>398.0</td><td>21 %</td></tr><tr><td rowspan="2">Old Harbour</td><td>1 204.1</td><td>1 377.9</td><td>34 %</td></tr>' +
        '<tr><td>87.3</td><td>90.6</td><td>9 %</td></tr><tr><td colspan="3">All districts</td><td>24 %</td></tr></tbody></table>\n',
    );
    expect(rows).toEqual([
      [null, null, 'figures align-right'],
      ['figures align-right', 'figures align-right'],
      [null, 'figures align-right', 'figures align-right', 'figures align-right'],
      [null, 'figures align-right', 'figures align-right', 'figures align-right'],
      ['figures align-right', 'figures align-right', 'figures align-right'],
      [null, 'figures align-right'],
    ]);
  });

  /** Each body cell's HTML, of the column at `index`. */
  const cellsOf = async (markdown: string, index: number, language = 'en'): Promise<string[]> => {
    const { tree } = await hastOf(markdown, [rehypeGalleyTableAlign], [], { frontMatter: { language } as FrontMatter });
    return selectAll('tbody tr', tree).map((row) => toHtml(selectAll('td', row)[index]!.children));
  };

  it('gives a figure the zeros and the decimal mark it lacks beside the others, hidden, in the language\'s mark', async () => {
    const pad = (text: string) => `<span class="figure-pad" aria-hidden="true">${text}</span>`;
    expect(await cellsOf('| Gauge | Reading |\n|---|---|\n| N | 7.25 |\n| S | 6.5 |\n| E | 10 |\n| W | — |\n| X | 1,204 |\n', 1)).toEqual(['7.25', `6.5${pad('0')}`, `10${pad('.00')}`, '—', `1,204${pad('.00')}`]);
    expect(await cellsOf('| Ort | Wert |\n|---|---|\n| N | 7,25 |\n| S | 1.204 |\n', 1, 'de')).toEqual(['7,25', `1.204${pad(',00')}`]);
  });

  it('sets a note call right after the figure it belongs to, the hidden zeros after the call', async () => {
    // "1[^a]" beside "1,4" printed as "1   ²": the call hung past the hidden ",0", a gap's width from its figure.
    const cells = await cellsOf('| Punto | Valor |\n|---|---|\n| A | 1,4 |\n| B | 1[^a] |\n\n[^a]: Una nota.\n', 1, 'es');
    expect(cells[1]).toMatch(/^1<span class="note-hang">.*<\/span><span class="figure-pad" aria-hidden="true">,0<\/span>$/);
  });

  it('leaves the decimals alone after a sign, where a mark is not the language\'s, in scores, and where they agree', async () => {
    for (const [column, language] of [
      ['3,5 % | 12,25 %', 'de'],
      ['12,5 | 3', 'en'],
      ['$8.50 | 12 €', 'en'],
      ['3–1 | 2.5', 'en'],
      ['1.5 | 2.5', 'en'],
    ] as const) {
      const [a, b] = column.split(' | ');
      const cells = await cellsOf(`| A | B |\n|---|---|\n| x | ${a} |\n| y | ${b} |\n`, 1, language);
      expect(cells.join(' '), column).not.toMatch(/figure-pad/);
    }
  });
});
