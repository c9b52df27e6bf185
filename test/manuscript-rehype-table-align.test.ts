/** src/manuscript/rehype-table-align.ts: GFM column alignment as classes, since XHTML5 rejects `align`. */
import { selectAll } from 'hast-util-select';
import { describe, expect, it } from 'vitest';
import rehypeGalleyTableAlign from '../src/manuscript/rehype-table-align.js';
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
    expect(classes('th')).toEqual([['align-left'], ['align-right'], ['align-center'], null]);
    expect(classes('tbody td')).toEqual([['align-left'], ['align-right'], ['align-center'], null, ['align-left'], ['align-right'], ['align-center'], null]);
  });

  it('keeps the classes a cell had already, and leaves cells without alignment alone', async () => {
    const { tree } = await hastOf('<table><tr><td class="num total" align="right">7</td><td class="x">8</td></tr></table>\n', [rehypeGalleyTableAlign]);
    const cells = selectAll('td', tree);
    expect(cells[0]!.properties).toEqual({ className: ['num', 'total', 'align-right'] });
    expect(cells[1]!.properties).toEqual({ className: ['x'] });
  });

  it('touches nothing but table cells', async () => {
    const { html } = await hastOf('<p align="center">Centred</p>\n', [rehypeGalleyTableAlign]);
    expect(html).toBe('<p align="center">Centred</p>');
  });
});
