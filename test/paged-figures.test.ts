/**
 * A picture with its caption and credit on one page in a reading app that
 * pages, epub.js's way (and the apps built on it): it lays a chapter out in
 * columns a page wide and adds `img { max-height: <the page's height>
 * !important }`, which let a square or tall picture fill the page and sent
 * its credit to the top of the next one. Here Chromium lays out the e-book
 * of photo-essay (a square, a tall and a portrait picture among others) as
 * epub.js 0.3.93 does (Contents.columns and Rendition.adjustImages, on a
 * landscape 768×640 screen) and reads which page each picture and each
 * credit land on.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pageAsEpubJs } from './paged-helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'photo-essay');

describe('figures in a reading app that pages (epub.js)', () => {
  const context = useBrowserAndTempDir('galley-paged-figures-');
  let book: string;

  beforeAll(async () => {
    const out = tempDir('galley-paged-figures-out-');
    const result = runCli(['build', FIXTURE, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    book = tempDir('galley-paged-figures-book-');
    await unzipTo(await openEpub(path.join(out, 'photo-essay.epub')), book);
  }, 180_000);

  it.each([[768, 640], [1024, 600], [360, 640]])('keeps each picture on the page of its caption and credit at %i×%i', async (width, height) => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, path.join(book, 'OEBPS', 'article.xhtml'), width, height);
      const figures = await page.evaluate((pageWidth) => {
        const pageOf = (element: Element, edge: 'top' | 'bottom') => {
          const rect = element.getBoundingClientRect();
          return Math.floor((edge === 'top' ? rect.left + 1 : rect.right - 1) / pageWidth);
        };
        return [...document.querySelectorAll('figure')].map((figure) => {
          const img = figure.querySelector('img')!;
          const credit = figure.querySelector('.credit') ?? figure.querySelector('figcaption')!;
          return { src: img.getAttribute('src'), picture: pageOf(img, 'top'), credit: pageOf(credit, 'bottom'), height: Math.round(img.getBoundingClientRect().height) };
        });
      }, width);
      expect(figures.length).toBeGreaterThanOrEqual(6);
      for (const figure of figures) expect(figure.credit, `${width}×${height}: ${JSON.stringify(figure)}`).toBe(figure.picture);
    } finally {
      await page.close();
    }
  });
});

/**
 * An article that opens with a portrait picture, on phones: the headline
 * (kept with what follows it) and the picture (never split) could not share
 * the screen, and the reading app cut the headline in two, "Margaret
 * Ellison, / who mapped the" alone on one screen and "ocean floor, dies at
 * 92" over the picture on the next, at 360×640 and 375×667 in epub.js and
 * foliate-js alike. The headline is kept whole, and the picture, with its
 * caption and credit, goes whole to the next screen when they do not fit
 * together (at 412×915 they do).
 */
describe('an article that opens with a portrait picture, on a phone (epub.js)', () => {
  const context = useBrowserAndTempDir('galley-paged-headline-');
  let book: string;

  beforeAll(async () => {
    const out = tempDir('galley-paged-headline-out-');
    const result = runCli(['epub', path.join(repoRoot, 'test', 'fixtures', 'good', 'portrait-lead'), '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    book = tempDir('galley-paged-headline-book-');
    await unzipTo(await openEpub(path.join(out, 'portrait-lead.epub')), book);
  }, 180_000);

  it.each([[360, 640], [375, 667], [412, 915], [768, 1024]])('keeps the headline on one screen, and the picture with its credit, at %i×%i', async (width, height) => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, path.join(book, 'OEBPS', 'article.xhtml'), width, height);
      const placed = await page.evaluate((pageWidth) => {
        const screenOf = (rect: DOMRect) => Math.floor((rect.left + 1) / pageWidth);
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('h1')!);
        const lines = [...range.getClientRects()].filter((rect) => rect.width > 0).map(screenOf);
        const figure = document.querySelector('figure')!;
        return { headline: [...new Set(lines)], picture: screenOf(figure.querySelector('img')!.getBoundingClientRect()), credit: screenOf(figure.querySelector('.credit')!.getBoundingClientRect()) };
      }, width);
      expect(placed.headline, `${width}×${height}: the screens the headline's lines are on`).toHaveLength(1);
      expect(placed.credit, `${width}×${height}: the credit's screen, the picture on ${placed.picture}`).toBe(placed.picture);
    } finally {
      await page.close();
    }
  });
});
