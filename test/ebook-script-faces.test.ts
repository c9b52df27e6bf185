/**
 * The e-book's style sheet names every face galley ships for a script, so
 * that a reading system draws the text with the face the e-book carries:
 * its font lists stopped at Noto Serif Georgian, and a Bangla article's text
 * (test/fixtures/good/scripts-bn, with a Tamil quotation) was drawn in
 * whatever the reading system had, or as empty boxes where it had nothing
 * (Chromium on a machine without a Bengali font), although Noto Serif
 * Bengali and Noto Serif Tamil were in OEBPS/fonts. So for Gurmukhi,
 * Gujarati, Odia, Telugu, Kannada, Malayalam, Sinhala, Ethiopic, Khmer,
 * Myanmar, Lao, Tibetan and Noto Sans Math's signs; and on the download page.
 * Read with Chromium's DevTools: the faces a node's text is drawn in.
 */
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { screenFonts, useBrowserAndTempDir } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'scripts-bn');

describe('the faces of the scripts of India in the e-book and on the download page', () => {
  const out = tempDir('galley-ebook-script-faces-');
  const screen = useBrowserAndTempDir('galley-ebook-script-faces-screen-');
  let built: SpawnSyncReturns<string>;
  beforeAll(() => {
    built = runCli(['build', fixture, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('draws Bangla in Noto Serif Bengali and the Tamil quotation in Noto Serif Tamil, the faces the e-book carries', async () => {
    expect(built.status, built.stderr).toBe(0);
    const dir = path.join(screen.dir, 'scripts-bn');
    await unzipTo(await openEpub(path.join(out, 'scripts-bn.epub')), dir);
    const fonts = await screenFonts(screen.browser, path.join(dir, 'OEBPS', 'article.xhtml'), ['h1', 'section p', 'span[lang="ta"]']);
    // Literata draws the spaces and the Latin digits and marks.
    expect(Object.keys(fonts['h1']!).sort(), JSON.stringify(fonts['h1'])).toEqual(['Literata', 'Noto Serif Bengali']);
    expect(Object.keys(fonts['section p']!).sort(), JSON.stringify(fonts['section p'])).toEqual(['Literata', 'Noto Serif Bengali']);
    expect(fonts['section p']!['Noto Serif Bengali']).toBeGreaterThan(100);
    expect(Object.keys(fonts['span[lang="ta"]']!).sort(), JSON.stringify(fonts['span[lang="ta"]'])).toEqual(['Literata', 'Noto Serif Tamil']);
  });

  it('draws the download page’s Bangla entry in Noto Serif Bengali', async () => {
    const fonts = await screenFonts(screen.browser, path.join(out, 'index.html'), ['h2.entry-title']);
    expect(Object.keys(fonts['h2.entry-title']!), JSON.stringify(fonts['h2.entry-title'])).toContain('Noto Serif Bengali');
  });
});
