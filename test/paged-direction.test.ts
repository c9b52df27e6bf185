/**
 * An article written the other way from its collection, in a reading app that
 * pages (epub.js's way, test/paged-helpers.ts: the body in columns, the
 * spine's direction on the root). With `dir="rtl"` on the body of a Hebrew
 * article in an English issue, the body's columns ran right to left while the
 * app turned pages left to right: the article was read from its notes back to
 * its headline. Here the headline is on the first screen and the article's
 * end on a later one, in the spine's order, and the text still runs its own
 * way, in both kinds of collection.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pageAsEpubJs } from './paged-helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const WIDTH = 360;
const HEIGHT = 640;

interface Reading {
  /** The screen the headline is on, counted in the order the app turns pages (0 = the first). */
  headline: number;
  /** The screen of the article's last block. */
  end: number;
  /** The direction the article's paragraphs run. */
  textDirection: string;
}

async function read(page: import('puppeteer').Page, file: string, spine: 'ltr' | 'rtl'): Promise<Reading> {
  await pageAsEpubJs(page, file, WIDTH, HEIGHT, undefined, spine);
  return page.evaluate(
    (pageWidth, spineDirection) => {
      // A left-to-right spine's next screen is to the right; a right-to-left one's, to the left.
      const screenOf = (rect: DOMRect): number =>
        spineDirection === 'ltr' ? Math.floor((rect.left + 1) / pageWidth) : Math.floor((pageWidth - rect.right + 1) / pageWidth);
      const blocks = [...document.body.querySelectorAll('p, li, h1, h2, h3, figure, table')].filter((element) => element.getClientRects().length > 0);
      const headline = document.querySelector('h1')!;
      return {
        headline: screenOf(headline.getBoundingClientRect()),
        end: screenOf(blocks[blocks.length - 1]!.getBoundingClientRect()),
        textDirection: getComputedStyle(document.querySelector('p')!).direction,
      };
    },
    WIDTH,
    spine,
  );
}

describe('an article written the other way from its collection, in a reading app that pages', () => {
  const context = useBrowserAndTempDir('galley-paged-direction-');
  const books = new Map<string, string>();

  beforeAll(async () => {
    const out = tempDir('galley-paged-direction-out-');
    const result = runCli(['epub', good('collection-rtl'), good('collection-ltr-in-rtl'), '--out', out, '--no-page-list']);
    expect(result.status, result.stderr).toBe(0);
    for (const name of ['collection-rtl', 'collection-ltr-in-rtl']) {
      const book = tempDir('galley-paged-direction-book-');
      await unzipTo(await openEpub(path.join(out, `${name}.epub`)), book);
      books.set(name, path.join(book, 'OEBPS'));
    }
  }, 180_000);

  it.each([
    ['an Arabic article in an English issue', 'collection-rtl', 'article-1.xhtml', 'ltr', 'rtl'],
    ['a Hebrew article in an English issue', 'collection-rtl', 'article-2.xhtml', 'ltr', 'rtl'],
    ['an English article in a Hebrew issue', 'collection-ltr-in-rtl', 'article-2.xhtml', 'rtl', 'ltr'],
    ['a Hebrew article in a Hebrew issue', 'collection-ltr-in-rtl', 'article-1.xhtml', 'rtl', 'rtl'],
  ] as const)('%s is read from its headline on', async (_, book, file, spine, own) => {
    const page = await context.browser.newPage();
    try {
      const reading = await read(page, path.join(books.get(book)!, file), spine);
      expect(reading.headline).toBe(0);
      // The article runs over more than one screen, and its end comes after its start in the app's order.
      expect(reading.end).toBeGreaterThan(0);
      expect(reading.textDirection).toBe(own);
    } finally {
      await page.close();
    }
  });
});
