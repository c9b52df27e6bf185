/**
 * A Korean collection's contents hold a closing quotation mark and the
 * particle after it together ("걱정된다” / 며" never), as the article's own
 * headline and dek do (span.nobreak, CLOSER_PARTICLE): the contents set a
 * plain-text headline or dek as escaped text only, and Chromium breaks after
 * a quotation mark before East Asian letters. Built by the CLI: the e-book's
 * contents and credits pages' markup, and the contents laid out by Chromium
 * at phone widths, each line read from its characters' boxes.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { linesOf, showAt } from './screen-helpers.js';

describe("a Korean collection's contents", () => {
  const context = useBrowserAndTempDir('galley-ko-contents-');
  const out = tempDir('galley-ko-contents-out-');
  const book = tempDir('galley-ko-contents-book-');

  beforeAll(async () => {
    const result = runCli(['build', path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-ko'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    await unzipTo(await openEpub(path.join(out, 'collection-ko.epub')), book);
  }, 240_000);

  it('hold the closing mark and the particle of a plain-text dek together, as the article does', async () => {
    const zip = await openEpub(path.join(out, 'collection-ko.epub'));
    const contents = await entryText(zip, 'OEBPS/contents.xhtml');
    expect(contents).toContain('걱정된다<span class="nobreak">”며</span>');
    expect(await entryText(zip, 'OEBPS/article-1.xhtml')).toContain('<span class="nobreak">”며</span>');
  });

  it('never start a line with the particle after a quotation, on phones 320-430 px wide', async () => {
    const page = await context.browser.newPage();
    const found: string[] = [];
    try {
      for (let width = 320; width <= 430; width += 5) {
        await showAt(page, path.join(book, 'OEBPS', 'contents.xhtml'), width);
        for (const dek of await page.$$('.contents-dek')) {
          const lines = await dek.evaluate(linesOf);
          for (let i = 1; i < lines.length; i++) if (/[\p{Pe}\p{Pf}]$/u.test(lines[i - 1]!) && /^\p{Script=Hangul}/u.test(lines[i]!)) found.push(`${width} px: ${lines[i - 1]} / ${lines[i]}`);
        }
      }
    } finally {
      await page.close();
    }
    expect(found).toEqual([]);
  }, 120_000);
});
