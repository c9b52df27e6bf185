/**
 * A figure's credit is set in spaced capitals, but a long one ("Photograph by
 * … for the … Agency, commissioned for this essay, with thanks to …") in the
 * caption's own case: in capitals it ran three lines under every picture of a
 * photo essay, hard to read and weightier than the caption. Both editions,
 * read back: the PDF's text, and the e-book's style as a browser applies it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const LONG = 'Photograph by Małgorzata Szymańska for the Agencja Fotograficzna Północ, commissioned for this essay';

describe('a long credit', () => {
  const context = useBrowserAndTempDir('galley-credit-long-');
  const out = tempDir('galley-credit-long-out-');
  let built: ReturnType<typeof runCli>;

  beforeAll(() => {
    const dir = path.join(tempDir('galley-credit-long-'), 'credit');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'credits', 'images', 'photo.png'), path.join(dir, 'images', 'photo.png'));
    writeFileSync(
      path.join(dir, 'article.md'),
      `---\ntitle: "Two credits"\ndate: 2024-05-01\nlanguage: en\n---\n\nA paragraph.\n\n:::figure{src="images/photo.png" alt="A harbour" credit="Leo Grant/Harbour Press"}\nThe harbour.\n:::\n\n:::figure{src="images/photo.png" alt="The harbour at night" credit="${LONG}"}\nThe harbour at night.\n:::\n`,
    );
    built = runCli(['build', dir, '-o', out, '--no-page-list', '--quiet'], { GALLEY_CACHE_DIR: tempDir() });
  }, 300_000);

  it('is printed in its own case, a short one in capitals', () => {
    expect(built.status, built.stderr).toBe(0);
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', path.join(out, 'credit.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('LEO GRANT/HARBOUR PRESS');
    expect(text).toContain('Photograph by Małgorzata Szymańska for the Agencja');
    expect(text).not.toContain('PHOTOGRAPH BY');
  });

  it('is shown in its own case in the e-book, a short one in capitals', async () => {
    expect(built.status, built.stderr).toBe(0);
    await unzipTo(await openEpub(path.join(out, 'credit.epub')), context.dir);
    const page = await context.browser.newPage();
    try {
      await page.goto(pathToFileURL(path.join(context.dir, 'OEBPS', 'article.xhtml')).href);
      const cases = await page.evaluate(() => [...document.querySelectorAll('figcaption .credit')].map((credit) => getComputedStyle(credit).textTransform));
      expect(cases).toEqual(['uppercase', 'none']);
    } finally {
      await page.close();
    }
  });
});
