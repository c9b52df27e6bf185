/**
 * Pictures under what reading apps do to a page (test/fixtures/good/reader-pictures):
 * epub.js's pagination and its own `img { max-width: <px> !important }`,
 * a plain WebKit/Blink view that adds no `object-fit`, and a Readium-style
 * night theme that makes every element's background transparent.
 * - A picture in a list item stays inside the column: epub.js's pixel
 *   limit had let it keep the column's whole width from the item's indent,
 *   40 px past the column's edge.
 * - A long infographic's pieces keep their proportion in a window wider than
 *   tall: width 100 % beside the 75vh limit had stretched them sideways
 *   (1.6 times at 1024×768, 2.1 at 640×360).
 * - A transparent PNG and an SVG map keep a white ground under the night
 *   theme: the ground is in the e-book's copy of the picture, no longer only
 *   in the style sheet, which the theme overrides.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { epubJsGap, pageAsEpubJs } from './paged-helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'reader-pictures');

/** Readium CSS's night theme, as Thorium and the apps built on Readium apply it. */
const READIUM_NIGHT = 'html, body { background: #000 !important; color: #fefefe !important; } html *:not(a) { color: inherit !important; background-color: transparent !important; border-color: currentcolor !important; }';

/** The RGB of pixel (x, y) of an encoded image. */
async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
}

describe('pictures in reading apps', () => {
  const context = useBrowserAndTempDir('galley-reader-pictures-');
  let article: string;
  let book: string;
  let epub: string;

  beforeAll(async () => {
    const out = tempDir('galley-reader-pictures-out-');
    const result = runCli(['build', FIXTURE, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    epub = path.join(out, 'reader-pictures.epub');
    book = tempDir('galley-reader-pictures-book-');
    await unzipTo(await openEpub(epub), book);
    article = path.join(book, 'OEBPS', 'article.xhtml');
  }, 180_000);

  it.each([
    [360, 640, '100%'],
    [360, 640, '200%'],
    [1024, 768, '100%'],
  ])('keeps a picture in a list item inside its item and the column in epub.js, at %i×%i and %s', async (width, height, size) => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, article, width, height, size);
      const pictures = await page.evaluate((pageWidth, gap) => {
        return [...document.querySelectorAll('li figure img')].map((img) => {
          const rect = img.getBoundingClientRect();
          const item = img.closest('li')!.getBoundingClientRect();
          const column = Math.floor((rect.left + 1) / pageWidth) * pageWidth + pageWidth - gap / 2;
          return { right: rect.right, item: item.right, column, width: rect.width };
        });
      }, width, epubJsGap(width));
      expect(pictures).toHaveLength(2);
      for (const picture of pictures) {
        expect(picture.width).toBeGreaterThan(50);
        expect(picture.right, JSON.stringify(picture)).toBeLessThanOrEqual(picture.item + 0.5);
        expect(picture.right, JSON.stringify(picture)).toBeLessThanOrEqual(picture.column + 0.5);
      }
    } finally {
      await page.close();
    }
  });

  it.each([
    [1024, 768],
    [640, 360],
    [768, 1024],
    [360, 640],
  ])("shows each piece of the long infographic in its own proportion, in a view that adds no object-fit, at %i×%i", async (width, height) => {
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width, height });
      await page.goto(pathToFileURL(article).href);
      await page.evaluate(() => document.fonts.ready);
      await page.waitForFunction(() => [...document.querySelectorAll('img')].every((img) => img.complete));
      const pieces = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLImageElement>('figure.long img')].map((img) => ({
          natural: img.naturalHeight / img.naturalWidth,
          shown: img.getBoundingClientRect().height / img.getBoundingClientRect().width,
          width: img.getBoundingClientRect().width,
          fit: getComputedStyle(img).objectFit,
        })),
      );
      // 600 × 4800 in seven pieces of one height (src/epub/long-pictures.ts, pieceCuts).
      expect(pieces).toHaveLength(7);
      for (const piece of pieces) {
        expect(piece.fit).toBe('fill');
        expect(Math.abs(piece.shown / piece.natural - 1), `${width}×${height}: ${JSON.stringify(piece)}`).toBeLessThan(0.02);
      }
      // They stand as wide as each other, one under the other.
      expect(Math.max(...pieces.map((piece) => piece.width)) - Math.min(...pieces.map((piece) => piece.width))).toBeLessThan(2);
    } finally {
      await page.close();
    }
  });

  it('keeps the pieces within the screen in epub.js at 1024×768, in proportion', async () => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, article, 1024, 768);
      const pieces = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLImageElement>('figure.long img')].map((img) => {
          const rect = img.getBoundingClientRect();
          return { natural: img.naturalHeight / img.naturalWidth, shown: rect.height / rect.width, top: rect.top, bottom: rect.bottom };
        }),
      );
      for (const piece of pieces) {
        expect(Math.abs(piece.shown / piece.natural - 1), JSON.stringify(piece)).toBeLessThan(0.02);
        expect(piece.bottom - piece.top).toBeLessThanOrEqual(768 * 0.75 + 0.5);
      }
    } finally {
      await page.close();
    }
  });

  it("keeps the transparent PNG's and the SVG map's white ground under a Readium night theme", async () => {
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width: 360, height: 640 });
      await page.goto(pathToFileURL(article).href);
      await page.addStyleTag({ content: READIUM_NIGHT });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForFunction(() => [...document.querySelectorAll('img')].every((img) => img.complete));
      for (const selector of ['img[src$="figure-4.png"]', 'img[src$="figure-5.svg"]']) {
        const image = (await page.$(selector))!;
        await image.scrollIntoView();
        const shot = Buffer.from(await image.screenshot({ type: 'png' }));
        // A corner, off the drawing's lines: it was the theme's black.
        for (const value of await pixel(shot, 3, 3)) expect(value, selector).toBeGreaterThan(240);
      }
    } finally {
      await page.close();
    }
  });

  it("carries that ground in the e-book's copies of the pictures, not in the print edition's", async () => {
    const zip = await openEpub(epub);
    const png = await zip.file('OEBPS/images/figure-4.png')!.async('nodebuffer');
    expect((await sharp(png).stats()).isOpaque).toBe(true);
    const original = await sharp(path.join(FIXTURE, 'images', 'route.png')).metadata();
    const copy = await sharp(png).metadata();
    expect([copy.width, copy.height, copy.format]).toEqual([original.width, original.height, 'png']);
    const svg = await entryText(zip, 'OEBPS/images/figure-5.svg');
    expect(svg).toMatch(/^<svg [^>]*><rect x="-900" y="-600" width="2700" height="1800" fill="#fff"\/>\n<path /);
    // An opaque picture goes in as the author made it.
    const step = await zip.file('OEBPS/images/figure-1.png')!.async('nodebuffer');
    expect(step.equals(readFileSync(path.join(FIXTURE, 'images', 'step.png')))).toBe(true);
    // Print keeps the transparent original: its picture has a soft mask (its alpha) in the PDF.
    const list = spawnSync('pdfimages', ['-list', epub.replace(/\.epub$/, '.pdf')], { encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/\bsmask\b/);
  });
});
