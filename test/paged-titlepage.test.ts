/**
 * The e-book's title page at a reader's larger text sizes, laid out as a
 * reading app that pages lays it out (epub.js's way, test/paged-helpers.ts).
 * At 200 % on a phone the headline's 2em is 64 px on a 330 px column: an
 * ordinary word of eleven letters ("centimetres") did not fit, and the app
 * broke it between any two letters with no hyphen ("centimetr / es"); the
 * headline alone filled the first screen and the byline and date went to a
 * second. Here every line of the headline ends at a space or a hyphen, and
 * the title page of a headline of six words is one screen, at 150 and 200 %.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, runCli, tempDir, unzipTo } from './helpers.js';
import { pageAsEpubJs } from './paged-helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { linesOf } from './screen-helpers.js';

const articles = {
  wall: { language: 'en', title: 'The wall that settled eleven centimetres', text: 'Residents filled the back of the hall, and several stood in the corridor.' },
  meeting: { language: 'pl', title: 'Żółtowski i Wrześniewska spotkali się w Szczebrzeszynie', text: 'Spotkanie odbyło się w ratuszu, a sala była pełna mieszkańców.' },
};

describe('the title page at a reader’s larger text sizes (epub.js)', () => {
  const context = useBrowserAndTempDir('galley-paged-titlepage-');
  const titlepages = new Map<string, string>();

  beforeAll(async () => {
    const manuscripts = tempDir('galley-paged-titlepage-ms-');
    for (const [slug, article] of Object.entries(articles)) {
      mkdirSync(path.join(manuscripts, slug));
      writeFileSync(
        path.join(manuscripts, slug, 'article.md'),
        `---\ntitle: "${article.title}"\nsubtitle: "A survey of the river embankment, section by section"\nauthors: ["Ann Reader"]\ndateline: Millbrook\ndate: 2024-05-02\nlanguage: ${article.language}\n---\n\n${article.text}\n`,
      );
    }
    const out = tempDir('galley-paged-titlepage-out-');
    const result = runCli(['epub', manuscripts, '--out', out, '--no-page-list']);
    expect(result.status, result.stderr).toBe(0);
    for (const slug of Object.keys(articles)) {
      const book = tempDir(`galley-paged-titlepage-${slug}-`);
      await unzipTo(await openEpub(path.join(out, `${slug}.epub`)), book);
      titlepages.set(slug, path.join(book, 'OEBPS', 'titlepage.xhtml'));
    }
  }, 180_000);

  it.each([
    ['wall', '150%'],
    ['wall', '200%'],
    ['meeting', '150%'],
    ['meeting', '200%'],
  ])('breaks the %s headline only at spaces and hyphens, and keeps a short one’s title page on one screen, at 360×640 and %s', async (slug, size) => {
    const page = await context.browser.newPage();
    try {
      await pageAsEpubJs(page, titlepages.get(slug)!, 360, 640, size);
      const lines = await page.$eval('.headline', linesOf);
      expect(lines.length).toBeGreaterThan(1);
      // A line that ends inside a word ends with the soft hyphen it broke at (shown as a hyphen).
      const broken = lines.slice(0, -1).filter((line) => !/[\s\u00AD-]$/u.test(line));
      expect(broken, `${slug} at ${size}: ${JSON.stringify(lines)}`).toEqual([]);
      // The date, the title page's last line, is on the first screen: the page is one column (a headline of five
      // lines and more, as the Polish one is at 200 %, goes on to a second screen, whatever its size).
      if (slug !== 'wall') return;
      const dateLeft = await page.$eval('.titlepage .date', (element) => element.getBoundingClientRect().left);
      expect(dateLeft, `${slug} at ${size}: ${JSON.stringify(lines)}`).toBeLessThan(360);
    } finally {
      await page.close();
    }
  });
});
