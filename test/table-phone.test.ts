/**
 * Tables a reader meets on a phone and in a reading app that drops
 * superscripts (test/fixtures/good/table-phone, in Polish): a five-column
 * table of long Polish words fits a 360 px screen in the e-book, set smaller
 * than a three-column one; a note called right after a figure in a table
 * ("3[^n]") stays apart from it in both editions and through calibre, so that
 * "3" with note 1 never reads as "3¹" or "31". One build, then each edition.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.js';
import { ace, entryText, epubcheck, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { showAt, withPage } from './screen-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'table-phone');

describe('tables on a phone and their note calls', () => {
  const out = tempDir('galley-table-phone-');
  const epub = path.join(out, 'table-phone.epub');
  let built: SpawnSyncReturns<string>;
  let zip: JSZip;

  beforeAll(async () => {
    built = runCli(['build', fixture, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) zip = await openEpub(epub);
  }, 300_000);

  it('builds, with every character in a shipped face', () => {
    expect(built.status, built.stderr).toBe(0);
    // The space before a note call must be one the text face draws, or the PDF prints a box.
    expect(`${built.stdout}${built.stderr}`).not.toMatch(/no shipped typeface|boxes/);
  });

  describe("the e-book at a phone's width", () => {
    const context = useBrowserAndTempDir('galley-table-phone-ebook-');

    it('fits the five-column table in 360 px, set smaller than the three-column one', async () => {
      const dir = path.join(context.dir, 'book');
      await unzipTo(zip, dir);
      await withPage(context.browser, async (page) => {
        await showAt(page, path.join(dir, 'OEBPS', 'article.xhtml'), 360);
        const tables = await page.evaluate(() =>
          [...document.querySelectorAll('table')].map((table) => ({
            right: table.getBoundingClientRect().right,
            overflows: table.scrollWidth > table.clientWidth + 1,
            // Within the text column: its box (div.table-scroll) has nothing to scroll.
            boxScrolls: table.parentElement!.scrollWidth > table.parentElement!.clientWidth,
            column: document.body.getBoundingClientRect().right - parseFloat(getComputedStyle(document.body).paddingRight),
            cellSize: parseFloat(getComputedStyle(table.querySelector('td')!).fontSize),
          })),
        );
        const screen = await page.evaluate(() => ({ client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
        expect(tables).toHaveLength(2);
        for (const table of tables) {
          expect(table.right).toBeLessThanOrEqual(screen.client);
          expect(table.overflows).toBe(false);
          expect(table.boxScrolls).toBe(false);
          expect(table.right).toBeLessThanOrEqual(table.column + 0.5);
        }
        expect(screen.scroll).toBeLessThanOrEqual(screen.client);
        expect(tables[0]!.cellSize).toBeLessThan(tables[1]!.cellSize);
      });
    }, 60_000);

    it('narrows a table too wide for a narrower screen (240 px) to the column, its box not scrolling, the page keeping its width', async () => {
      await withPage(context.browser, async (page) => {
        await showAt(page, path.join(context.dir, 'book', 'OEBPS', 'article.xhtml'), 240);
        const found = await page.evaluate(() => {
          const table = document.querySelector('table')!;
          const box = table.parentElement!;
          return {
            box: box.className,
            scrolls: box.scrollWidth > box.clientWidth,
            overflowX: getComputedStyle(box).overflowX,
            right: Math.max(...[...table.querySelectorAll('td, th')].map((cell) => cell.getBoundingClientRect().right)),
            column: box.getBoundingClientRect().right,
            client: document.documentElement.clientWidth,
            scroll: document.documentElement.scrollWidth,
          };
        });
        // A box that scrolls is one block a reading app that pages cannot split (test/paged-tables.test.ts).
        expect(found).toMatchObject({ box: 'table-scroll', scrolls: false, overflowX: 'visible' });
        expect(found.right).toBeLessThanOrEqual(found.column + 0.5);
        expect(found.scroll).toBeLessThanOrEqual(found.client);
      });
    }, 60_000);

    it('names that box, a region a screen reader says, and makes it no stop in the tab order; axe finds nothing amiss', async () => {
      await withPage(context.browser, async (page) => {
        await showAt(page, path.join(context.dir, 'book', 'OEBPS', 'article.xhtml'), 240);
        // The table's box is a named region a screen reader announces, in the article's words.
        const box = (await page.$('div.table-scroll'))!;
        const node = await page.accessibility.snapshot({ root: box, interestingOnly: false });
        expect([node?.role, node?.name]).toEqual(['region', 'Tabela 1']);
        expect(await page.evaluate(() => document.querySelector<HTMLElement>('div.table-scroll')!.tabIndex)).toBe(-1);
        // axe, as Ace runs it, at a width where the box once scrolled (Ace's own page is wide enough that nothing does).
        await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('@daisy/axe-core-for-ace/axe.min.js'), 'utf8'));
        const axe = await page.evaluate(async () => {
          type Rule = { id: string; nodes: Array<{ html: string }> };
          const engine = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe;
          const result = await engine.run(document, { runOnly: { type: 'rule', values: ['scrollable-region-focusable', 'aria-allowed-role', 'aria-allowed-attr', 'aria-valid-attr-value', 'landmark-unique', 'region'] } });
          return { violations: result.violations.map((rule) => `${rule.id}: ${rule.nodes.map((n) => n.html).join(' | ')}`), passes: result.passes.map((rule) => rule.id) };
        });
        expect(axe.violations).toEqual([]);
      });
    }, 60_000);
  });

  it('names each table\'s box by its number in the e-book\'s markup, and the e-book passes EPUBCheck and Ace', async () => {
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    expect([...xhtml.matchAll(/<div class="table-scroll"[^>]*>/g)].map((match) => match[0])).toEqual([
      '<div class="table-scroll" role="region" aria-label="Tabela 1">',
      '<div class="table-scroll" role="region" aria-label="Tabela 2">',
    ]);
    expect(epubcheck(epub).output).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
    expect(ace(epub, findBrowser().path)).toEqual([]);
  }, 200_000);

  it("sets each note call in a table a no-break space after the figure it follows, in the e-book's markup", async () => {
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    // (Its no-break space and number hang past the column of figures: test/table-figures.test.ts.)
    expect(xhtml).toMatch(/<td[^>]*>3<span class="note-hang">\u00a0<sup><a [^>]*>1<\/a><\/sup><\/span><\/td>/);
    expect(xhtml).toMatch(/<td[^>]*>2<span class="note-hang">\u00a0<sup><a [^>]*>2<\/a><\/sup><\/span><\/td>/);
  });

  it("prints the figure and the note's number apart in the PDF", async () => {
    // pdftotext joins them ("31": the gap is narrower than its word space): measure it with pdf.js.
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path.join(out, 'table-phone.pdf'))), isEvalSupported: false }).promise;
    const content = await (await doc.getPage(1)).getTextContent();
    const items = content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ text: item.str, left: item.transform[4] as number, right: (item.transform[4] as number) + item.width, size: item.height }] : []));
    const row = items.findIndex((item) => item.text.startsWith('nie przed domem?'));
    const [told, figure, call] = items.slice(row + 1, row + 4);
    expect([told?.text, figure?.text, call?.text]).toEqual(['12', '3', '1']);
    // The call is smaller (a superscript) and stands about a narrow space (0.15 em or so) after the figure.
    expect(call!.size).toBeLessThan(figure!.size);
    expect(call!.left - figure!.right).toBeGreaterThan(0.1 * figure!.size);
  });

  it("keeps the figure and the note's number apart through calibre (AZW3, then text)", () => {
    const azw3 = path.join(out, 'table-phone.azw3');
    const txt = path.join(out, 'table-phone.txt');
    for (const [from, to] of [[epub, azw3], [azw3, txt]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' }, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    // A cell's long words carry soft hyphens for a phone's column (src/hyphenation.ts), which calibre's text keeps, as the paragraphs'.
    const text = readFileSync(txt, 'utf8').replace(/\u00AD/g, '');
    // calibre still reads the tables in their boxes: every row, header to total.
    for (const cell of ['Gatunek', 'Lipa drobnolistna', 'Razem', 'Ile z nich przycięto?']) expect(text).toContain(cell);
    // calibre writes the no-break space as a plain space.
    expect(text).toMatch(/\b3[\u00a0 ]\[?1\]?/);
    expect(text).not.toMatch(/\b31\b/);
  }, 200_000);
});
