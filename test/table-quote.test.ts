/**
 * A table written in a quotation ("> | a | b |") sits within the
 * quotation's indent, as its paragraphs do, in both editions: its short
 * cells are kept on one line only where the quotation's measure (not the
 * page's) leaves the other columns room for their longest words. Kept whole
 * for the page's measure, "Quay Road 10" beside "Northumberland" ran past
 * the quotation's indent and the page's edge. One build at letter; the
 * e-book on a 360 px screen, where a quoted table's short cells and header
 * are kept whole for the quotation's column.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArticleOnce } from './helpers.js';
import { inkBands, openEbookArticle, useBrowserAndTempDir } from './pdf-helpers.js';

/** A row: four short cells (kept on one line where there is room) and two of long words. */
const row = (first: number): string => `> | ${[0, 1, 2].map((column) => `Quay Road ${first + column}`).join(' | ')} | Quay Road ${first + 3} | Northumberland and some | Northumberland and some |`;
const ARTICLE = `---
title: "A table quoted"
date: 2025-03-01
language: en
---

A plain paragraph of body text, long enough to run across the whole measure of the page so that the margins show.

> A quotation's paragraph, long enough to run across the whole measure of the quotation so that its indent shows on both sides.
>
> | A | B | C | D | E | F |
> |---|---|---|---|---|---|
${row(10)}
${row(20)}
>
> Another paragraph of the quotation, after its table, long enough to run across the whole measure of the quotation.

> | Port | Crossings | Notes on the crossing as it was counted at the gate of the town every day |
> |---|---|---|
> | Ostby | 3 | counted by hand at the gate every morning of the year and again at night |
`;

describe('a table in a quotation', () => {
  const context = useBrowserAndTempDir('galley-table-quote-ebook-');
  const build = buildArticleOnce('galley-table-quote-', 'quoted', ARTICLE);
  const out = build.out;

  it('builds', () => {
    expect(build.built.status, build.built.stderr).toBe(0);
  });

  it("prints the table within the quotation's indent, as its paragraphs", () => {
    // Read by its ink (pdftotext's boxes of these made-up words run wide): how far left and right anything is drawn between two heights.
    const band = inkBands(path.join(out, 'quoted.pdf'));
    const body = band((text) => /plain paragraph/.test(text));
    const quote = band((text) => /quotation’s paragraph/.test(text));
    // From the table's header to its last row (its rules too).
    const table = band((text) => /^A B C|Quay|Northumberland/.test(text));
    // The quotation is indented on both sides.
    expect(quote.left - body.left).toBeGreaterThan(10);
    expect(body.right - quote.right).toBeGreaterThan(10);
    expect(table.left).toBeGreaterThanOrEqual(quote.left - 1);
    expect(table.right).toBeLessThanOrEqual(quote.right + 1);
  });

  it("sets it within the quotation's indent in the e-book on a 360 px screen", async () => {
    const page = await openEbookArticle(context, path.join(out, 'quoted.epub'), 'book');
    try {
      const found = await page.evaluate(() => {
        const paragraph = document.querySelector('blockquote > p')!.getBoundingClientRect();
        const cells = [...document.querySelectorAll('blockquote td, blockquote th')].map((cell) => cell.getBoundingClientRect());
        return { left: paragraph.left, right: paragraph.right, cellsLeft: Math.min(...cells.map((cell) => cell.left)), cellsRight: Math.max(...cells.map((cell) => cell.right)), scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth };
      });
      expect(found.cellsLeft).toBeGreaterThan(found.left - 0.5);
      expect(found.cellsRight).toBeLessThan(found.right + 0.5);
      expect(found.scroll).toBeLessThanOrEqual(found.client);
      // Its short cells whole, as outside a quotation: below a phone's column every quoted table's words broke anywhere ("Po / rt", "Os / tb / y").
      const lines = await page.evaluate(() =>
        [...document.querySelectorAll('blockquote td, blockquote th')].filter((cell) => ['Port', 'Crossings', 'Ostby'].includes(cell.textContent!.trim())).map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return [cell.textContent!.trim(), new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size] as const;
        }),
      );
      expect(lines).toEqual([['Port', 1], ['Crossings', 1], ['Ostby', 1]]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
