/** src/manuscript/rehype-wide-tables.ts: wide tables set small, very wide ones split with their first column repeated. */
import type { Element } from 'hast';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import rehypeGalleyWideTables, { SPLIT, WIDE } from '../src/manuscript/rehype-wide-tables.js';
import { hastOf, places } from './manuscript-harness.js';

/** A GFM table of `columns` columns: header `h1…`, one row `Row` then `c2…`. */
function table(columns: number, label = 'Row'): string {
  const head = Array.from({ length: columns }, (_, i) => `h${i + 1}`);
  const row = [label, ...Array.from({ length: columns - 1 }, (_, i) => `c${i + 2}`)];
  return `| ${head.join(' | ')} |\n|${'---|'.repeat(columns)}\n| ${row.join(' | ')} |\n`;
}

const texts = (row: Element) => row.children.filter((c): c is Element => c.type === 'element').map((c) => toString(c));

describe('rehype-wide-tables', () => {
  it(`leaves a table of ${WIDE} columns alone`, async () => {
    const { tree, file } = await hastOf(table(WIDE), [rehypeGalleyWideTables]);
    expect(selectAll('table', tree).map((t) => t.properties.className)).toEqual([undefined]);
    expect(file.messages).toEqual([]);
  });

  it(`marks a table of ${WIDE + 1} to ${SPLIT} columns wide, with a warning at the table`, async () => {
    for (const columns of [WIDE + 1, SPLIT]) {
      const { tree, file } = await hastOf(`Text.\n\n${table(columns)}`, [rehypeGalleyWideTables]);
      const tables = selectAll('table', tree);
      expect(tables.map((t) => t.properties.className)).toEqual([['wide']]);
      expect(places(file.messages)).toEqual(['3:1 warning table-wide']);
      expect(file.messages[0]!.reason).toContain(`table with ${columns} columns: set in smaller type`);
    }
  });

  it('splits a table of 20 columns into three, each repeating the first column, the id kept on the first only', async () => {
    const md = `<table id="results" class="data"><thead><tr>${Array.from({ length: 20 }, (_, i) => `<th>h${i + 1}</th>`).join('')}</tr></thead><tbody><tr><td>Kraków</td>${Array.from({ length: 19 }, (_, i) => `<td>c${i + 2}</td>`).join('')}</tr></tbody></table>\n`;
    const { tree, file } = await hastOf(md, [rehypeGalleyWideTables]);
    const tables = selectAll('table', tree);
    expect(tables).toHaveLength(3);
    expect(tables.map((t) => t.properties.className)).toEqual([['data', 'wide', 'split'], ['data', 'wide', 'split'], ['data', 'wide', 'split']]);
    expect(tables.map((t) => t.properties.id)).toEqual(['results', undefined, undefined]);
    const heads = tables.map((t) => texts(selectAll('tr', t)[0]!));
    expect(heads[0]).toEqual(['h1', ...Array.from({ length: SPLIT - 1 }, (_, i) => `h${i + 2}`)]);
    expect(heads[1]).toEqual(['h1', ...Array.from({ length: SPLIT - 1 }, (_, i) => `h${i + SPLIT + 1}`)]);
    expect(heads[2]).toEqual(['h1', 'h20']);
    expect(tables.map((t) => texts(selectAll('tr', t)[1]!)[0])).toEqual(['Kraków', 'Kraków', 'Kraków']);
    expect(places(file.messages)).toEqual(['1:1 warning table-wide']);
    expect(file.messages[0]!.reason).toContain('table with 20 columns: split into 3 tables');
  });

  it('only marks a very wide table with merged cells, since splitting would tear them', async () => {
    const md = `<table><tr><td colspan="2">both</td>${'<td>x</td>'.repeat(SPLIT + 2)}</tr></table>\n`;
    const { tree, file } = await hastOf(md, [rehypeGalleyWideTables]);
    expect(selectAll('table', tree).map((t) => t.properties.className)).toEqual([['wide']]);
    expect(file.messages[0]!.reason).toContain('set in smaller type');
  });

  it('checks each of several tables, including one after a split', async () => {
    const { tree, file } = await hastOf(`${table(12)}\n${table(8)}`, [rehypeGalleyWideTables]);
    expect(selectAll('table', tree).map((t) => t.properties.className)).toEqual([['wide', 'split'], ['wide', 'split'], ['wide']]);
    expect(places(file.messages)).toEqual(['1:1 warning table-wide', '5:1 warning table-wide']);
  });
});
