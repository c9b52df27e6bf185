/**
 * Punjabi tagged by its region, `pa-PK`, is Shahmukhi, written in the
 * Arabic script as `pa-Arab` is (ICU's likely script for it), and galley
 * already set its letters in Noto Nastaliq Urdu; but the style sheets'
 * rules that give Nastaliq its room were written for `[lang|="pa-Arab"]`,
 * which `pa-PK` does not match: its headline's two lines were set 26 pt
 * apart with letters 59 pt tall, one line's tops in the other's, and its
 * e-book's lines 1.45 times the type size apart. Read from the print as
 * poppler places its lines (test/fixtures/good/scripts-pa-pk), and from
 * the e-book as Chromium lays it out on a phone.
 */
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfFonts, pdfLines, screenFonts, useBrowserAndTempDir } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'scripts-pa-pk');

describe('Punjabi tagged pa-PK, set as pa-Arab', () => {
  const out = tempDir('galley-pa-pk-');
  const screen = useBrowserAndTempDir('galley-pa-pk-ebook-');
  let built: SpawnSyncReturns<string>;
  beforeAll(() => {
    built = runCli(['build', fixture, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('prints its headline in Nastaliq with room between its lines', () => {
    expect(built.status, built.stderr).toBe(0);
    const pdf = path.join(out, 'scripts-pa-pk.pdf');
    expect(pdfFonts(pdf).some((font) => font.name.includes('NotoNastaliqUrdu'))).toBe(true);
    // The headline's two lines, the first on the page.
    const [first, second] = pdfLines(pdf)[0]!.lines;
    expect(second!.top - first!.top, `${first!.text} / ${second!.text}`).toBeGreaterThan(first!.height * 0.8);
  });

  it('gives its e-book Nastaliq lines their room on a phone, in Noto Nastaliq Urdu', async () => {
    const dir = path.join(screen.dir, 'scripts-pa-pk');
    await unzipTo(await openEpub(path.join(out, 'scripts-pa-pk.epub')), dir);
    const article = path.join(dir, 'OEBPS', 'article.xhtml');
    expect(Object.keys((await screenFonts(screen.browser, article, ['p']))['p']!).sort()).toEqual(['Literata', 'Noto Nastaliq Urdu']);
    const page = await screen.browser.newPage();
    try {
      await page.setViewport({ width: 360, height: 640 });
      await page.goto(`file://${article}`);
      const ratio = (selector: string): Promise<number> =>
        page.$eval(selector, (element) => parseFloat(getComputedStyle(element).lineHeight) / parseFloat(getComputedStyle(element).fontSize));
      expect(await ratio('p')).toBeGreaterThanOrEqual(2.3);
      expect(await ratio('h1')).toBeGreaterThanOrEqual(2.1);
    } finally {
      await page.close();
    }
  });
});
