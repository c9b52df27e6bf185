/**
 * A quote inside a quote (a letter quoting a letter quoting the minutes,
 * test/fixtures/good/nested-quotes, four levels deep). A quote is set a
 * little smaller than the text; a quote inside it was set smaller again, and
 * so on at each level (0.95 of 0.95 of 0.95…), the fourth level's words
 * visibly smaller than the first's. From the first level on the size holds,
 * in both editions.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfWordBoxes, useBrowserAndTempDir } from './pdf-helpers.js';
import { showAt } from './screen-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'nested-quotes');
const LEVELS = ['Levelone', 'Leveltwo', 'Levelthree', 'Levelfour'];

describe('quotes inside quotes', () => {
  const context = useBrowserAndTempDir('galley-nested-quotes-');
  const out = tempDir('galley-nested-quotes-out-');
  let article: string;

  beforeAll(async () => {
    const built = runCli(['build', FIXTURE, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    const book = tempDir('galley-nested-quotes-book-');
    await unzipTo(await openEpub(path.join(out, 'nested-quotes.epub')), book);
    article = path.join(book, 'OEBPS', 'article.xhtml');
  }, 180_000);

  it('prints each level\'s words at the first level\'s size (their boxes as tall)', () => {
    const words = pdfWordBoxes(path.join(out, 'nested-quotes.pdf')).flatMap((page) => page.lines.flatMap((line) => line.words));
    const heights = LEVELS.map((level) => {
      const word = words.find((each) => each.text === level);
      expect(word, level).toBeDefined();
      return Math.round((word!.bottom - word!.top) * 100) / 100;
    });
    // The quote itself is smaller than the text ("board’s", in the paragraph before it).
    const text = words.find((word) => word.text === 'quoted')!;
    expect(heights[0]).toBeLessThan(text.bottom - text.top - 0.2);
    for (const height of heights.slice(1)) expect(height).toBeCloseTo(heights[0]!, 1);
  });

  it('sets each level\'s words at the first level\'s size in the e-book', async () => {
    const page = await context.browser.newPage();
    try {
      await showAt(page, article, 360);
      const sizes = await page.evaluate((levels: string[]) => {
        const paragraphs = [...document.querySelectorAll('blockquote p')];
        return levels.map((level) => {
          const found = paragraphs.find((paragraph) => paragraph.textContent!.trimStart().startsWith(level));
          return found ? Number.parseFloat(getComputedStyle(found).fontSize) : -1;
        });
      }, LEVELS);
      const body = await page.evaluate(() => {
        const text = [...document.querySelectorAll('p')].find((paragraph) => paragraph.textContent!.startsWith('The clerk read'))!;
        return Number.parseFloat(getComputedStyle(text).fontSize);
      });
      expect(sizes[0]).toBeGreaterThan(0);
      expect(sizes[0]).toBeLessThan(body);
      expect(sizes).toEqual(LEVELS.map(() => sizes[0]));
    } finally {
      await page.close();
    }
  });
});
