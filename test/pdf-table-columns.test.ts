/**
 * A long table's columns in print: a column of short cells ("Station Q16")
 * beside one of long phrases keeps each cell on one line, so that a row takes
 * one line where its phrase does (an 80-row table took five pages when every
 * station broke in two). A short bold paragraph right before it is its
 * caption, in both editions: flush, unjustified, the name of the e-book's
 * table box. In the e-book, on a phone's screen (360 px), the column of
 * stations keeps each cell on one line too (every station broke in two,
 * "Station / A0"), the table still within the screen. One build at letter
 * of an 80-row table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, epubcheck, openEpub, runCli, tempDir } from './helpers.js';
import { openEbookArticle, pdfInfo, pdfLines, pdfText, useBrowserAndTempDir } from './pdf-helpers.js';

const CAPTION = 'Table 1. Annual rainfall at the invented stations, 2000–2079 (mm and days), as the gauges recorded it';

const ROWS = 80;
const station = (i: number): string => `Station ${String.fromCharCode(65 + (i % 26))}${i}`;

describe('a long table\'s short cells', () => {
  const context = useBrowserAndTempDir('galley-table-columns-ebook-');
  const root = tempDir('galley-table-columns-');
  const out = path.join(root, 'out');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    const dir = path.join(root, 'in', 'rainfall');
    mkdirSync(dir, { recursive: true });
    const rows = Array.from({ length: ROWS }, (_, i) =>
      `| ${2000 + i} | ${station(i)} | ${(12.5 + 0.7 * i).toFixed(1)} | ${(i * 37) % 100} | ${i % 3 === 0 ? 'falling, after a long wet spring that flooded the lower fields' : 'rising'} |`);
    writeFileSync(path.join(dir, 'article.md'), [
      '---', 'title: "Rainfall"', 'date: 2025-02-14', 'language: en', '---', '',
      'These figures are invented. The table gives the rainfall measured each year.', '',
      `**${CAPTION}.**`, '',
      '| Year | Station | Rainfall (cm) | Wet days | Trend |', '| --- | --- | ---: | ---: | --- |', ...rows, '',
      'That is the whole record.', '',
    ].join('\n'));
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('prints every station on the line of its year', () => {
    expect(built.status, built.stderr).toBe(0);
    // Laid out as printed: a row's cells on one line of text, a cell's second line under it.
    const lines = pdfText(path.join(out, 'rainfall.pdf'), true).split('\n');
    const broken = Array.from({ length: ROWS }, (_, i) => i).filter((i) => !lines.some((line) => new RegExp(`^\\s*${2000 + i}\\s+${station(i)}\\s`).test(line)));
    expect(broken.map((i) => station(i))).toEqual([]);
  });

  it('takes no more pages than its rows need: one line a row, two for the long phrases', () => {
    // 80 rows, a third of them two lines: about 107 lines of table type, some 27 rows a page at letter, and the end matter.
    expect(Number(pdfInfo(path.join(out, 'rainfall.pdf')).Pages)).toBeLessThanOrEqual(4);
  });

  it('sets the bold paragraph before it as its caption, flush with the table, on the page of its first rows', () => {
    const page = pdfLines(path.join(out, 'rainfall.pdf'))[0]!;
    const caption = page.lines.find((line) => line.text.startsWith('Table 1.'))!;
    const header = page.lines.find((line) => line.text.startsWith('Year'))!;
    expect(caption, 'the caption on page 1').toBeDefined();
    expect(Math.abs(caption.left - header.left)).toBeLessThan(1);
    expect(header.top).toBeGreaterThan(caption.top);
    // Unjustified: its first line stops short of the measure rather than spread across it.
    const right = Math.max(...page.lines.map((line) => line.right));
    expect(right - caption.right).toBeGreaterThan(5);
  });

  it('gives the e-book the same caption, naming the table\'s box, and EPUBCheck passes', async () => {
    const zip = await openEpub(path.join(out, 'rainfall.epub'));
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    expect(xhtml).toMatch(/<div class="table-scroll"[^>]*aria-labelledby="table-1-caption"[^>]*>\s*<table>\s*<caption class="table-caption" id="table-1-caption"><strong>Table 1\./);
    expect(xhtml).not.toMatch(/<p[^>]*><strong>Table 1\./);
    const check = epubcheck(path.join(out, 'rainfall.epub'));
    expect(check.fatals + check.errors + check.warnings, check.output).toBe(0);
  });

  it('marks each printed page in the e-book at the row that opens it, not at the header print repeats there', async () => {
    // The PDF's pages after the first open with the table's header again, then a year's row.
    const pages = pdfText(path.join(out, 'rainfall.pdf'), true).split('\f');
    const xhtml = await entryText(await openEpub(path.join(out, 'rainfall.epub')), 'OEBPS/article.xhtml');
    const checked: string[] = [];
    for (let page = 2; page <= pages.length; page++) {
      const year = /^\s*(2\d{3})\s+Station/m.exec(pages[page - 1]!)?.[1];
      if (!year) continue;
      expect(xhtml).toMatch(new RegExp(`<td[^>]*><span epub:type="pagebreak"[^>]*id="page-${page}"[^>]*/>${year}</td>`));
      checked.push(year);
    }
    expect(checked.length).toBeGreaterThanOrEqual(2);
    expect(xhtml).not.toMatch(/<th[^>]*><span epub:type="pagebreak"/);
  });

  it('keeps every station on one line in the e-book on a 360 px screen, the table within the screen', async () => {
    const page = await openEbookArticle(context, path.join(out, 'rainfall.epub'), 'book');
    try {
      const found = await page.evaluate(() => {
        const table = document.querySelector('table')!;
        // A cell's lines: the distinct tops of its text's boxes.
        const lines = (cell: Element): number => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        };
        const rows = [...table.tBodies[0]!.rows];
        return {
          broken: rows.filter((row) => lines(row.cells[1]!) > 1).map((row) => row.cells[1]!.textContent),
          phrases: rows.filter((row) => lines(row.cells[4]!) > 1).length,
          boxScrolls: table.parentElement!.scrollWidth > table.parentElement!.clientWidth,
          page: { client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth },
        };
      });
      expect(found.broken).toEqual([]);
      // The long phrases wrap instead (else this checks nothing).
      expect(found.phrases).toBeGreaterThan(0);
      expect(found.boxScrolls).toBe(false);
      expect(found.page.scroll).toBeLessThanOrEqual(found.page.client);
    } finally {
      await page.close();
    }
  }, 60_000);
});
