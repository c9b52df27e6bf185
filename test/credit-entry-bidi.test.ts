/**
 * galley's own words inside a collection's credit entry that runs the other
 * way: the Arabic article of an English collection
 * (test/fixtures/good/collection-rtl). In the PDF the entry's first line,
 * "Figure 1, page 4:", stood at the left (print.css ran each line of the
 * credits the way its first letter is written, and that line's is English)
 * while the caption and credit under it stood at the right; and in all three
 * places (PDF, e-book, download page) the licence read ". Licence: CC BY 4.0"
 * at the row's end, the full stop that closes the Arabic credit inside the
 * English words, at their far left. On the download page the agency's Arabic
 * name sat unmarked inside galley's English sentence.
 *
 * Here the printed page (pdftotext's word boxes) and the e-book's and download
 * page's credits laid out in a headless page are measured: the figure's line
 * starts at the entry's right, and the stop stands between the Arabic credit
 * and the licence's words (to their right); the agency's name carries its own
 * language and direction.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfWordBoxes, useBrowserAndTempDir } from './pdf-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-rtl');

interface Laid {
  /** The entry's box, and its first line's (galley's "Figure 1, page 4:" in the e-book). */
  entry: { left: number; right: number };
  first: { left: number; right: number } | undefined;
  /** The licence's words ("Licence: CC BY 4.0") and the full stop before them in the text. */
  licence: { left: number; right: number };
  stop: { left: number; right: number };
}

/** Where the licence's words and the stop written before them are laid out in each credit entry (`selector`) that names a licence. */
async function laidOut(page: import('puppeteer').Page, selector: string, first: string | undefined): Promise<Laid[]> {
  return page.evaluate(
    (entrySelector, firstSelector) =>
      [...document.querySelectorAll(entrySelector)]
        .filter((entry) => entry.textContent!.includes('Licence'))
        .map((entry) => {
          // The entry's text nodes in order, to find a character's node and offset.
          const nodes: Text[] = [];
          const walker = document.createTreeWalker(entry, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) nodes.push(walker.currentNode as Text);
          const text = nodes.map((node) => node.data).join('');
          const at = (index: number): [Text, number] => {
            let offset = index;
            for (const node of nodes) {
              if (offset < node.data.length) return [node, offset];
              offset -= node.data.length;
            }
            throw new Error(`no character ${index}`);
          };
          const box = (from: number, to: number) => {
            const range = document.createRange();
            range.setStart(...at(from));
            range.setEnd(...at(to - 1));
            range.setEnd(range.endContainer, range.endOffset + 1);
            const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
            return { left: Math.min(...rects.map((rect) => rect.left)), right: Math.max(...rects.map((rect) => rect.right)) };
          };
          const licence = text.indexOf('Licence');
          const licenceEnd = text.indexOf('4.0', licence) + 3;
          const stop = text.lastIndexOf('.', licence);
          const firstLine = firstSelector ? entry.querySelector(firstSelector)?.parentElement : undefined;
          const entryBox = entry.getBoundingClientRect();
          const firstBox = firstLine?.getBoundingClientRect();
          return {
            entry: { left: entryBox.left, right: entryBox.right },
            first: firstBox ? { left: firstBox.left, right: firstBox.right } : undefined,
            licence: box(licence, licenceEnd),
            stop: box(stop, stop + 1),
          };
        }),
    selector,
    first,
  );
}

describe("galley's words in a collection's credit entry that runs the other way", () => {
  const context = useBrowserAndTempDir('galley-credit-entry-bidi-');
  let out: string;
  let book: string;

  beforeAll(async () => {
    out = tempDir('galley-credit-entry-bidi-out-');
    const result = runCli(['build', FIXTURE, '--out', out, '--quiet', '--no-page-list']);
    expect(result.status, result.stderr).toBe(0);
    book = tempDir('galley-credit-entry-bidi-epub-');
    await unzipTo(await openEpub(path.join(out, 'collection-rtl.epub')), book);
  }, 240_000);

  it("prints the Arabic entry's figure line at its right, the stop between the Arabic credit and \"Licence: CC BY 4.0\" (PDF)", () => {
    const lines = pdfWordBoxes(path.join(out, 'collection-rtl.pdf')).flatMap((page) => page.lines);
    const start = lines.findIndex((line) => /Sources and credits/.test(line.text));
    const credits = lines.slice(start);
    const figures = credits.filter((line) => /Figure/.test(line.text));
    // The Arabic article's two pictures, then the English article's one.
    expect(figures.map((line) => line.text)).toHaveLength(3);
    const [arabic1, arabic2, english] = figures as [typeof figures[0], typeof figures[0], typeof figures[0]];
    const arabicLines = credits.filter((line) => /[\u0600-\u06FF]/.test(line.text));
    const right = Math.max(...arabicLines.map((line) => line.right));
    for (const line of [arabic1, arabic2]) {
      // At the entry's right edge, as the caption and credit under it, not at the left where the English entry's starts.
      expect(right - line.right, line.text).toBeLessThan(2);
      expect(line.left - english.left, line.text).toBeGreaterThan(100);
    }
    const licence = credits.find((line) => line.text.includes('Licence'))!;
    // Drawn left to right: the licence's words, then the stop, then the Arabic credit (read from the right: credit, stop, licence).
    expect(licence.words[0]!.text, licence.text).toBe('Licence:');
    const after = licence.words.findIndex((word) => word.text === '4.0');
    expect(after, licence.text).toBeGreaterThan(0);
    expect(licence.words[after + 1]!.text.startsWith('.'), licence.text).toBe(true);
  });

  it('sets the stop to the right of the licence, beside the Arabic credit (e-book)', async () => {
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width: 700, height: 900 });
      await page.goto(`file://${path.join(book, 'OEBPS', 'credits.xhtml')}`);
      await page.evaluate(() => document.fonts.ready);
      const laid = await laidOut(page, '.credit-list li[dir="rtl"]', '.credit-figure');
      expect(laid).toHaveLength(1);
      const [entry] = laid as [Laid];
      expect(entry.stop.left, JSON.stringify(entry)).toBeGreaterThanOrEqual(entry.licence.right - 0.5);
      // "Figure 1, page 4:" at the entry's start, its right.
      expect(entry.entry.right - entry.first!.right).toBeLessThan(2);
    } finally {
      await page.close();
    }
  });

  it("sets the stop to the right of the licence, and marks the agency's name Arabic (download page)", async () => {
    const index = path.join(out, 'index.html');
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width: 1100, height: 900 });
      await page.goto(`file://${index}`);
      await page.evaluate(() => document.fonts.ready);
      const laid = await laidOut(page, '.source-list[dir="rtl"] li', undefined);
      expect(laid).toHaveLength(1);
      const [entry] = laid as [Laid];
      expect(entry.stop.left, JSON.stringify(entry)).toBeGreaterThanOrEqual(entry.licence.right - 0.5);
    } finally {
      await page.close();
    }
    const html = readFileSync(index, 'utf8');
    expect(html).toContain('<span class="wire-note" lang="en" dir="ltr">This article includes material from <span lang="ar" dir="rtl">وكالة مثال</span>.</span>');
  });

  it("marks the agency's name Arabic in galley's English sentence (e-book)", () => {
    const credits = readFileSync(path.join(book, 'OEBPS', 'credits.xhtml'), 'utf8');
    expect(credits).toMatch(/<p class="wire-note">This article includes material from <span lang="ar" xml:lang="ar" dir="rtl" aria-atomic="false">وكالة مثال<\/span>\.<\/p>/);
  });
});
