/**
 * Tables whose words are long for their column: written in a list item (and a
 * list in it), and the same tables outside one. In print a table in a list
 * sits within the page's measure: its short cells are kept on one line for
 * the list's measure (kept whole for the page's, "Reconstruction underway"
 * ran past the page's edge). On a 360 px screen no table runs past the text's
 * column (a five-column table with "Szczebrzeszyn" and "Reconstruction" ran
 * 80 px past it, and a reading app that pages sets what overflows over the
 * next screen): a cell's long word has soft hyphens for the table's column,
 * and a table whose words still need more room may break them between
 * letters; a paragraph's words of the same length are left whole.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArticleOnce, entryText, openEpub } from './helpers.js';
import { inkBands, openEbookArticle, useBrowserAndTempDir } from './pdf-helpers.js';

const FIVE = `| Departure station | Arrival | Duration | Connection | Remarks |
| :--- | :--- | ---: | :--- | :--- |
| Ljubljana Tivoli | Maribor Tezno | 2 h 14 | Celje interchange | Occasionally overcrowded |
| Kraljevica Harbour | Rijeka Delta | 0 h 45 | Bakar roundabout | Reconstruction underway |
| Szczebrzeszyn | Zamość Rotunda | 1 h 05 | Bus connections | Uncomfortably crowded |`;
const THREE = `| Abbreviation | Meaning | Recommendations |
| :--- | :--- | :--- |
| Internationalisation | Localisation preparation | Straightforwardly implementable |
| Telecommunications | Infrastructure provision | Comprehensively documented |`;
const indent = (text: string, spaces: number): string => text.split('\n').map((line) => ' '.repeat(spaces) + line).join('\n');

const ARTICLE = `---
title: "Tables in lists"
date: 2024-01-02
language: en
---

A plain paragraph of body text, long enough to run across the whole measure of the page so that the margins show: reconstruction, occasionally, uncomfortably.

1. Compare the departures:

${indent(FIVE, 3)}

2. Then choose.
   - Nested, with a table:

${indent(THREE, 5)}

The same tables outside a list.

${FIVE}

And the other.

${THREE}
`;

describe('tables whose words are long for their column', () => {
  const context = useBrowserAndTempDir('galley-table-list-ebook-');
  const build = buildArticleOnce('galley-table-list-', 'listed', ARTICLE);
  const out = build.out;

  it('builds', () => {
    expect(build.built.status, build.built.stderr).toBe(0);
  });

  it("prints a table in a list within the page's measure", () => {
    // Read by its ink: how far right anything is drawn between two heights.
    const band = inkBands(path.join(out, 'listed.pdf'));
    const body = band((text) => /plain paragraph/.test(text)).right;
    // From the first table's header to the last row of the tables on the page (their rules too).
    const table = band((text) => /Departure|Ljubljana|Kraljevica|Szczebrzeszyn|Harbour|Tivoli|underway|crowded/.test(text)).right;
    expect(table).toBeLessThanOrEqual(body + 1);
  });

  it('sets no table past the text on a 360 px screen, breaking long words at their soft hyphens', async () => {
    const page = await openEbookArticle(context, path.join(out, 'listed.epub'), 'book');
    try {
      const found = await page.evaluate(() => {
        const paragraph = document.querySelector('p')!.getBoundingClientRect();
        const tables = [...document.querySelectorAll('table')].map((table) => Math.max(...[...table.querySelectorAll('td, th')].map((cell) => cell.getBoundingClientRect().right)));
        return { right: paragraph.right, tables, scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth };
      });
      expect(found.tables).toHaveLength(4);
      for (const table of found.tables) expect(table).toBeLessThan(found.right + 0.5);
      expect(found.scroll).toBeLessThanOrEqual(found.client);
      // Outside the list, the three-column table's long words break at a syllable, with a hyphen, not between any two letters.
      const broken = await page.evaluate(() => {
        const cells = [...document.querySelectorAll('table')][3]!.querySelectorAll('td');
        return [...cells].map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return [cell.textContent!.replace(/\u00AD/g, '·'), new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size] as const;
        });
      });
      expect(broken[0]).toEqual(['Internation·alisation', 2]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it("gives soft hyphens to a cell's long words for its table's column, not to a paragraph's", async () => {
    const xhtml = await entryText(await openEpub(path.join(out, 'listed.epub')), 'OEBPS/article.xhtml');
    const paragraph = /<p>A plain paragraph[^<]*<\/p>/.exec(xhtml)![0];
    expect(paragraph).not.toContain('\u00AD');
    expect(paragraph).toContain('reconstruction');
    expect(xhtml).toContain('Recon\u00ADstruc\u00ADtion underway');
    // A table whose words still need more than a phone's column says from what width they may break between letters.
    expect([...xhtml.matchAll(/<table class="([^"]*)"/g)].map((match) => match[1])).toEqual(['column-17', 'column-15', 'words-22']);
  });
});
