/**
 * The download page's "Sources and credits" of right-to-left articles, laid
 * out in a headless page. An Arabic article's rows were laid out left to
 * right (site.css hung the label on the left by physical sides): the label
 * "تصوير" sat at the far left, the name at the right, a page-width apart. In a
 * collection the Arabic article's list carried no lang or dir of its own, and
 * an article with nothing to credit was a bare heading where the editions say
 * so. Here the Arabic article alone (words-ar) and in an English collection
 * (collection-rtl) are measured: each row's label at its start (the right),
 * the text beside it at its left, inside the list; the collection's list in
 * the article's language and direction, galley's labels in the page's; and
 * the Hebrew article with nothing to credit says so.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { wordsFor } from '../src/words.js';

const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'good', name);

interface Row {
  entry: string;
  kind: string;
  listDir: string;
  /** The label's and the rest of the row's boxes, and the list's. */
  label: { left: number; right: number; top: number };
  rest: { left: number; right: number; top: number };
  list: { left: number; right: number };
}

describe("the download page's credits of right-to-left articles", () => {
  const context = useBrowserAndTempDir('galley-site-rtl-credits-');
  let index: string;

  beforeAll(() => {
    const out = tempDir('galley-site-rtl-credits-out-');
    const result = runCli(['build', fixture('collection-rtl'), fixture('words-ar'), '--out', out, '--quiet', '--no-page-list']);
    expect(result.status, result.stderr).toBe(0);
    index = path.join(out, 'index.html');
  }, 240_000);

  async function rows(width: number): Promise<Row[]> {
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width, height: 900 });
      await page.goto(`file://${index}`);
      await page.evaluate(() => document.fonts.ready);
      return await page.evaluate(() =>
        [...document.querySelectorAll('.source-list li')].map((li) => {
          const label = li.querySelector('.source-kind')!;
          // The rest of the row: its text after the label.
          const range = document.createRange();
          range.setStartAfter(label);
          range.setEnd(li, li.childNodes.length);
          const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
          const box = (r: DOMRect | { left: number; right: number; top: number }) => ({ left: r.left, right: r.right, top: r.top });
          const list = li.parentElement!.getBoundingClientRect();
          return {
            entry: li.closest('article')!.getAttribute('aria-labelledby')!,
            kind: li.className,
            listDir: getComputedStyle(li).direction,
            label: box(label.getBoundingClientRect()),
            rest: { left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)), top: Math.min(...rects.map((r) => r.top)) },
            list: { left: list.left, right: list.right },
          };
        }),
      );
    } finally {
      await page.close();
    }
  }

  it('hangs each label at the start of its row, the right in an Arabic list, the rest beside it at its left (1100 px)', async () => {
    const placed = await rows(1100);
    const arabic = placed.filter((row) => row.listDir === 'rtl');
    // The Arabic article alone (its page is Arabic) and in the English collection: six rows each.
    expect(arabic.filter((row) => row.entry === 'words-ar-title')).toHaveLength(6);
    expect(arabic.filter((row) => row.entry === 'collection-rtl-title')).toHaveLength(6);
    for (const row of arabic) {
      const what = `${row.entry} ${row.kind}`;
      // The label at the list's right edge, the rest to its left on the same line, both inside the list.
      expect(row.list.right - row.label.right, what).toBeLessThan(2);
      expect(row.rest.right, what).toBeLessThanOrEqual(row.label.left + 1);
      expect(row.rest.left, what).toBeGreaterThanOrEqual(row.list.left - 1);
      expect(Math.abs(row.rest.top - row.label.top), what).toBeLessThan(6);
    }
    // A left-to-right list keeps its label at the left.
    const english = placed.filter((row) => row.listDir === 'ltr');
    expect(english.length).toBeGreaterThan(0);
    for (const row of english) expect(row.label.left - row.list.left, `${row.entry} ${row.kind}`).toBeLessThan(2);
  });

  it("marks a collection's Arabic list with its language and direction, galley's labels with the page's", () => {
    const html = readFileSync(index, 'utf8');
    const collection = html.slice(html.indexOf('id="collection-rtl-sources"'), html.indexOf('class="sources-more"', html.indexOf('id="collection-rtl-sources"')));
    expect(collection).toMatch(/<ul class="source-list" lang="ar" dir="rtl">\s*<li class="photo-credit"><span class="source-kind"><span lang="en" dir="ltr">Photo 1<\/span><\/span>/);
    expect(collection).toContain('<li class="rights"><span class="source-kind"><span lang="en" dir="ltr">Rights</span></span> © 2024');
  });

  it('says an article of a collection has nothing to credit, as the editions do, where it was a bare heading', () => {
    const html = readFileSync(index, 'utf8');
    const none = wordsFor('en').t('collectionCreditsNone');
    // The Hebrew article credits nothing: its heading, then the sentence, then the next article's heading.
    expect(html).toMatch(new RegExp(`<h4 class="source-article" lang="he" dir="rtl">[^<]+</h4>\\s*<p class="sources-none">${none}</p>\\s*<h4`));
    expect(html).not.toMatch(/<ul class="source-list"[^>]*>\s*<\/ul>/);
  });
});
