/**
 * Tables in a reading app that pages (epub.js's way, test/paged-helpers.ts;
 * foliate-js and Readium lay a chapter out in columns alike). A table in a
 * box that scrolls is one block the app cannot split: of a 60-row table a
 * phone showed rows 1–21 and never the rest, and a 12-row table jumped whole
 * to the next screen, leaving the one before half empty. At a reader's size
 * of 150–200 % a four-column table whose short cells galley keeps whole ran
 * past the column, its last column cut off. Here each row of
 * test/fixtures/good/long-table is found laid out whole inside a page's
 * column, nothing around it clipping it, at two screens and three sizes.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { epubJsGap, pageAsEpubJs } from './paged-helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'long-table');

interface PlacedRow {
  text: string;
  page: number;
  /** The row's box lies inside its page's column (the page's padding excluded), right edge included. */
  inside: boolean;
  /** An ancestor that does not show what overflows it (a scroll box) cuts the row off. */
  clipped: boolean;
}

/** Where each row of each table lands: its page, whether it is inside that page's column, whether something clips it. */
async function placeRows(page: import('puppeteer').Page, width: number, height: number): Promise<PlacedRow[][]> {
  return page.evaluate((pageWidth, pageHeight, gap) => {
    const pad = 20;
    return [...document.querySelectorAll('table')].map((table) =>
      [...table.rows].map((row) => {
        // A header row repeated on later screens has a box on each; a body row, one (a row is never split).
        const rects = [...row.getClientRects()].filter((rect) => rect.height > 0);
        const rect = rects[0]!;
        const pageIndex = Math.floor((rect.left + 1) / pageWidth);
        const left = pageIndex * pageWidth + gap / 2;
        // The cells' own boxes: a cell's words running past the row's box still run past the column.
        const right = Math.max(rect.right, ...[...row.cells].map((cell) => cell.getBoundingClientRect().right));
        const inside = (row.parentElement!.localName === 'thead' || rects.length === 1) && rect.top >= pad - 0.5 && rect.bottom <= pageHeight - pad + 0.5 && rect.left >= left - 0.5 && right <= left + pageWidth - gap + 0.5;
        let clipped = false;
        for (let up = row.parentElement; up && up !== document.body; up = up.parentElement) {
          const style = getComputedStyle(up);
          if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
          const box = up.getBoundingClientRect();
          if (rect.top < box.top - 0.5 || rect.bottom > box.bottom + 0.5 || right > box.right + 0.5) clipped = true;
        }
        return { text: row.cells[0]!.textContent!.trim(), page: pageIndex, inside, clipped };
      }),
    );
  }, width, height, epubJsGap(width));
}

/** The cells of figures whose figure is broken over two lines or more. */
async function brokenFigures(page: import('puppeteer').Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('td.figures')]
      .filter((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top))).size > 1;
      })
      .map((cell) => cell.textContent ?? ''),
  );
}

describe('tables in a reading app that pages (epub.js)', () => {
  const context = useBrowserAndTempDir('galley-paged-tables-');
  let article: string;

  beforeAll(async () => {
    const out = tempDir('galley-paged-tables-out-');
    const result = runCli(['epub', FIXTURE, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const book = tempDir('galley-paged-tables-book-');
    await unzipTo(await openEpub(path.join(out, 'long-table.epub')), book);
    article = path.join(book, 'OEBPS', 'article.xhtml');
  }, 180_000);

  it.each([
    [360, 640, '100%'],
    [360, 640, '150%'],
    [360, 640, '200%'],
    [1024, 768, '100%'],
    [1024, 768, '200%'],
  ])('lays out every row of both tables whole inside a page, nothing clipping it, at %i×%i and %s', async (width, height, size) => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, article, width, height, size);
      const [walls, stations] = await placeRows(page, width, height);
      expect(walls!.map((row) => row.text)).toEqual(['Section', ...Array.from({ length: 12 }, (_, i) => `North wall ${i + 1}`)]);
      expect(stations!.map((row) => row.text)).toEqual(['Station', ...Array.from({ length: 60 }, (_, i) => `Station Q${i + 1}`)]);
      const lost = [...walls!, ...stations!].filter((row) => !row.inside || row.clipped);
      // The figures stand whole: "1955" on one line, never "19 / 55".
      expect(await brokenFigures(page), `${width}×${height} at ${size}`).toEqual([]);
      expect(lost, `${width}×${height} at ${size}: rows outside their page's column or clipped`).toEqual([]);
      // A phone's screen holds about twenty rows: the 60 go on over three screens or more.
      if (width === 360) expect(new Set(stations!.map((row) => row.page)).size).toBeGreaterThanOrEqual(3);
    } finally {
      await page.close();
    }
  });

  it('starts the 12-row table on the screen of the paragraph before it, rather than leaving that screen half empty (360×640)', async () => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, article, 360, 640);
      const screens = await page.evaluate((pageWidth) => {
        const screenOf = (rect: DOMRect) => Math.floor((rect.left + 1) / pageWidth);
        const before = document.querySelector('table')!.closest('div')!.previousElementSibling!;
        const lines = [...before.getClientRects()];
        return { paragraphEnds: screenOf(lines[lines.length - 1]!), firstRow: screenOf(document.querySelector('table tbody tr')!.getBoundingClientRect()) };
      }, 360);
      expect(screens.firstRow).toBe(screens.paragraphEnds);
    } finally {
      await page.close();
    }
  });

  it.each([[360, 640], [1024, 768]])('repeats the header row at the top of each screen the 60-row table goes on to, at %i×%i', async (width, height) => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, article, width, height);
      const [, stations] = await placeRows(page, width, height);
      const screens = [...new Set(stations!.slice(1).map((row) => row.page))];
      expect(screens.length).toBeGreaterThanOrEqual(width === 360 ? 3 : 2);
      // What is drawn at the top of each later screen (the reading app turns a page by scrolling a screen's width).
      const tops: string[] = [];
      for (const screen of screens.slice(1)) {
        tops.push(
          await page.evaluate(
            (x, gap) => {
              // The page scrolls as far as the last column lets it: the point is read where the screen's column now stands.
              const scroller = document.scrollingElement!;
              scroller.scrollLeft = x;
              const left = x - scroller.scrollLeft + gap / 2 + 4;
              if (left >= window.innerWidth) return `screen at ${x} out of reach`;
              const hit = document.elementFromPoint(left, 20 + 6);
              return hit?.closest('thead') ? (hit.closest('tr')!.cells[0]!.textContent ?? '') : `${hit?.tagName}: ${hit?.textContent?.slice(0, 20)}`;
            },
            screen * width,
            epubJsGap(width),
          ),
        );
      }
      expect(tops).toEqual(screens.slice(1).map(() => 'Station'));
    } finally {
      await page.close();
    }
  });

  it("keeps the short cells whole at the reader's 100 % on a phone, as galley measured them", async () => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, article, 360, 640);
      const tall = await page.evaluate(() =>
        [...document.querySelectorAll('td.unbroken, th.unbroken')]
          .filter((cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top))).size > 1;
          })
          .map((cell) => cell.textContent),
      );
      expect(await page.evaluate(() => document.querySelectorAll('td.unbroken').length)).toBeGreaterThan(0);
      expect(tall).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

/*
 * A table of ten columns (test/fixtures/good/wide-table-phone: figures, a note call and code in its cells) on a
 * phone and a tablet. Its short cells were kept whole and its words unbroken as in a four-column table: it stood
 * 463 px wide in a 330 px column, and epub.js drew its last columns over the next screen's text. At 150 % on a
 * phone, its type three quarters of the reader's, it still stood 375 px wide: 45 px past the column.
 */
describe('a ten-column table in a reading app that pages (epub.js)', () => {
  const context = useBrowserAndTempDir('galley-paged-wide-table-');
  let article: string;

  beforeAll(async () => {
    const out = tempDir('galley-paged-wide-table-out-');
    const result = runCli(['epub', path.join(repoRoot, 'test', 'fixtures', 'good', 'wide-table-phone'), '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const book = tempDir('galley-paged-wide-table-book-');
    await unzipTo(await openEpub(path.join(out, 'wide-table-phone.epub')), book);
    article = path.join(book, 'OEBPS', 'article.xhtml');
  }, 180_000);

  it.each([
    [360, 640, '100%'],
    [360, 640, '150%'],
    [360, 640, '200%'],
    [375, 667, '100%'],
    [414, 896, '100%'],
    [768, 1024, '200%'],
    [1024, 768, '100%'],
  ])('lays out every row whole inside its page, its figures unbroken, at %i×%i and %s', async (width, height, size) => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, article, width, height, size);
      const [rows] = await placeRows(page, width, height);
      expect(rows!.map((row) => row.text)).toEqual(['Station', 'Northgate', 'Riverside', 'Hilltop Observatory', 'Airport East', 'Old Mill', 'Harbour Wall', 'Forest Edge', 'Quarry Road', 'Station 9 (unnamed)', 'Lakeside Pumping Works']);
      expect(rows!.filter((row) => !row.inside || row.clipped), `${width}×${height} at ${size}: rows outside their page's column or clipped`).toEqual([]);
      expect(await brokenFigures(page), `${width}×${height} at ${size}`).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
