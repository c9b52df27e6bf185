/**
 * An article whose direction differs from its collection's, in a reading app
 * that pages (epub.js's way, test/paged-helpers.ts). epub.js sets the root in
 * the spine's direction and lays body out in columns; a Hebrew article of an
 * English collection with dir="rtl" on its body ran those columns from right
 * to left, so the app showed its notes first and its headline last, and its
 * note links jumped the wrong way. Here each article of a left-to-right
 * collection with right-to-left articles (test/fixtures/good/collection-rtl)
 * and of a right-to-left collection with a left-to-right article
 * (collection-rtl-ltr) is laid out paged, and its headline, paragraphs, page
 * markers and notes are found on screens in reading order, its text in its own
 * direction.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pageAsEpubJs } from './paged-helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

interface Placed {
  what: string;
  /** The screen it is on, counted in the spine's direction from the first (0); -1 or past the last: on no screen the app shows. */
  screen: number;
  /** Its place in reading order: screen, then its top on the screen. */
  order: number;
  direction: string;
}

/** Where the article's headline, paragraphs, page markers, note calls and notes land, in reading order. */
async function place(page: import('puppeteer').Page, width: number, spine: 'ltr' | 'rtl'): Promise<{ screens: number; placed: Placed[] }> {
  return page.evaluate((pageWidth, spineDir) => {
    const screens = Math.round(document.body.scrollWidth / pageWidth);
    const wanted: Array<[string, Element]> = [
      ...[...document.querySelectorAll('h1.headline')].map((el): [string, Element] => ['headline', el]),
      ...[...document.querySelectorAll('section > p, section > h2:not(.notes-heading)')].map((el, i): [string, Element] => [`text ${i}`, el]),
      ...[...document.querySelectorAll('[role="doc-pagebreak"]')].map((el): [string, Element] => [`page ${el.getAttribute('aria-label')}`, el]),
      ...[...document.querySelectorAll('[role="doc-noteref"]')].map((el): [string, Element] => [`call ${el.getAttribute('href')}`, el]),
      ...[...document.querySelectorAll('.notes-heading')].map((el): [string, Element] => ['notes', el]),
      ...[...document.querySelectorAll('li.note')].map((el): [string, Element] => [`note #${el.id}`, el]),
    ];
    return {
      screens,
      placed: wanted.map(([what, el]) => {
        const rect = [...el.getClientRects()][0] ?? el.getBoundingClientRect();
        const middle = rect.left + rect.width / 2;
        const screen = spineDir === 'ltr' ? Math.floor(middle / pageWidth) : Math.floor((pageWidth - middle) / pageWidth);
        return { what, screen, order: screen * 100_000 + rect.top, direction: getComputedStyle(el).direction };
      }),
    };
  }, width, spine);
}

describe('an article in the other direction than its collection, in a reading app that pages (epub.js)', () => {
  const context = useBrowserAndTempDir('galley-paged-directions-');
  const books: Record<string, string> = {};

  beforeAll(async () => {
    for (const name of ['collection-rtl', 'collection-rtl-ltr']) {
      const out = tempDir('galley-paged-directions-out-');
      const result = runCli(['epub', path.join(repoRoot, 'test', 'fixtures', 'good', name), '--out', out]);
      expect(result.status, result.stderr).toBe(0);
      const book = tempDir('galley-paged-directions-book-');
      await unzipTo(await openEpub(path.join(out, `${name}.epub`)), book);
      books[name] = path.join(book, 'OEBPS');
    }
  }, 240_000);

  it.each([
    // An Arabic article with a note, a Hebrew one with page markers, in an English collection.
    ['collection-rtl', 'article-1.xhtml', 'ltr', 'rtl', '100%'],
    ['collection-rtl', 'article-1.xhtml', 'ltr', 'rtl', '150%'],
    ['collection-rtl', 'article-2.xhtml', 'ltr', 'rtl', '100%'],
    // An English article with six notes between Hebrew ones, in a Hebrew collection; and a Hebrew one, in its own direction.
    ['collection-rtl-ltr', 'article-2.xhtml', 'rtl', 'ltr', '100%'],
    ['collection-rtl-ltr', 'article-2.xhtml', 'rtl', 'ltr', '200%'],
    ['collection-rtl-ltr', 'article-1.xhtml', 'rtl', 'rtl', '150%'],
  ] as const)('%s %s (spine %s, article %s, at %s): headline first, notes last, page markers in order, text in its direction', async (name, file, spine, own, size) => {
    const page = await context.browser.newPage();
    try {
      const xhtml = path.join(books[name]!, file);
      await pageAsEpubJs(page, xhtml, 360, 640, size, spine);
      const { screens, placed } = await place(page, 360, spine);
      const label = `${name} ${file} at ${size}`;
      expect(screens, label).toBeGreaterThan(1);
      // Every part is on a screen the app shows, from the first.
      expect(placed.filter((p) => p.screen < 0 || p.screen >= screens).map((p) => p.what), label).toEqual([]);
      expect(placed.find((p) => p.what === 'headline')?.screen, label).toBe(0);
      // Headline, text and notes read in the order they are written; the page markers rise.
      const inOrder = (prefix: string) => placed.filter((p) => p.what.startsWith(prefix));
      const written = [...inOrder('headline'), ...inOrder('text '), ...inOrder('notes'), ...inOrder('note #')];
      expect(written.map((p) => p.what), label).toEqual([...written].sort((a, b) => a.order - b.order).map((p) => p.what));
      const markers = inOrder('page ');
      expect(markers.map((p) => p.what), label).toEqual([...markers].sort((a, b) => a.order - b.order).map((p) => p.what));
      // A note call comes before its note: following the call goes forward, following the note's way back goes back.
      for (const call of inOrder('call ')) {
        const note = placed.find((p) => p.what === `note ${call.what.slice('call '.length)}`);
        expect(note, call.what).toBeDefined();
        expect(note!.order, `${label}: ${call.what}`).toBeGreaterThan(call.order);
      }
      expect(new Set(placed.filter((p) => p.what === 'headline' || p.what.startsWith('text ')).map((p) => p.direction)), label).toEqual(new Set([own]));
    } finally {
      await page.close();
    }
  });

  it('keeps the notes, calls and page markers the test counts on (the fixtures have not lost them)', () => {
    const text = (name: string, file: string) => readFileSync(path.join(books[name]!, file), 'utf8');
    expect(text('collection-rtl', 'article-1.xhtml')).toContain('role="doc-noteref"');
    expect(text('collection-rtl-ltr', 'article-2.xhtml').match(/role="doc-noteref"/g)?.length).toBeGreaterThanOrEqual(6);
    expect(text('collection-rtl', 'article-2.xhtml').match(/role="doc-pagebreak"/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
