/**
 * A chapter of the e-book laid out as a reading app that pages lays it out,
 * epub.js 0.3.93's way (and the apps built on it): Contents.columns sets the
 * body in columns a screen wide, Rendition.adjustImages limits pictures to the
 * page, and the reader's text size (Themes.fontSize) is set on the root.
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer';

/** The column gap epub.js leaves on a `width`-wide screen; a page is one column and its gap, `width` wide. */
export function epubJsGap(width: number): number {
  return Math.floor(width / 12);
}

/**
 * Lays `file` out as epub.js 0.3.93 does on a `width`×`height` screen, at the reader's text size `fontSize` ("150%"),
 * in a book whose spine runs in `direction` (Contents.direction sets it on the root, from page-progression-direction).
 */
export async function pageAsEpubJs(page: Page, file: string, width: number, height: number, fontSize?: string, direction?: 'ltr' | 'rtl'): Promise<void> {
  await page.setViewport({ width, height });
  await page.goto(pathToFileURL(file).href);
  if (direction) await page.evaluate((dir) => document.documentElement.style.setProperty('direction', dir), direction);
  const gap = epubJsGap(width);
  // What epub.js sets on the page's body (Contents.columns) and adds for pictures (Rendition.adjustImages).
  await page.addStyleTag({
    content:
      `body { width: ${width}px !important; height: ${height}px !important; overflow-y: hidden; margin: 0 !important; padding: 20px ${gap / 2}px !important; ` +
      `box-sizing: border-box; max-width: inherit; column-fill: auto; column-gap: ${gap}px; column-width: ${width - gap}px; }`,
  });
  await page.addStyleTag({
    content: `img { max-width: ${width - gap}px !important; max-height: ${(height - 40) * 0.95}px !important; object-fit: contain; page-break-inside: avoid; break-inside: avoid; box-sizing: border-box; }`,
  });
  if (fontSize) await page.evaluate((size) => document.documentElement.style.setProperty('font-size', size), fontSize);
  await page.evaluate(() => document.fonts.ready);
}
