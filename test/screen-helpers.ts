/**
 * Shared by the tests that read a page as a browser lays it out (an e-book's
 * page, the download page): open it at a screen's width, and read its lines.
 */
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';

/** Shows `file` in `page` at a screen `width` (a phone's height unless given), once its fonts are loaded. */
export async function showAt(page: Page, file: string, width: number, height = 640): Promise<void> {
  await page.setViewport({ width, height });
  await page.goto(pathToFileURL(file).href);
  await page.evaluate(() => document.fonts.ready);
}

/**
 * The text of each line `root` is set in, top to bottom: each character's
 * line by the top of its box. A character with no box (a soft hyphen inside
 * a line, white space the layout folds away) stays with the line it stands
 * in, so a line broken at a soft hyphen ends with it (U+00AD).
 *
 * It runs in the page (`element.evaluate(linesOf)`, `page.$eval(selector,
 * linesOf)`), so it uses nothing from outside its own body.
 */
export function linesOf(root: Element): string[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const lines: Array<{ top: number; text: string }> = [];
  // Characters with no box before the first that has one: they open the first line.
  let before = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      // At a line break a character may have more than one box: a space the line ends at, an empty one at the start of
      // the next line; the letter after a soft hyphen, the hyphen's at the end of the line before. Its own is the last drawn.
      const rects = [...range.getClientRects()];
      const rect = rects.filter((box) => box.width > 0).at(-1) ?? rects[0];
      const line = lines[lines.length - 1];
      if (!rect) {
        if (line) line.text += text[i];
        else before += text[i];
      } else if (line && Math.abs(rect.top - line.top) < 4) line.text += text[i];
      else {
        lines.push({ top: rect.top, text: before + text[i] });
        before = '';
      }
    }
  }
  return lines.map((line) => line.text);
}

/** The text of the first element `selector` finds in `file`, as the browser sets it (`innerText`: what `text-transform` makes of it included). */
export async function shownText(page: Page, file: string, selector: string): Promise<string> {
  await page.goto(pathToFileURL(file).href);
  return page.$eval(selector, (element) => (element as HTMLElement).innerText);
}

/** What `use` makes of a new page of `browser`, closed after it whether `use` ends well or not. */
export async function withPage<T>(browser: Browser, use: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage();
  try {
    return await use(page);
  } finally {
    await page.close();
  }
}
