/**
 * Credits in the e-book. A credit that names no maker ("Campaign handout") is
 * no contributor in the metadata. A figure's credit is set in spaced capitals; its word spaces
 * are opened more than the spacing between letters, so that "LEO GRANT" does
 * not read as one word on a phone (it did: the space after the round O was
 * no wider than the tracking).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

describe('a credit in spaced capitals', () => {
  const context = useBrowserAndTempDir('galley-credit-space-');

  it('has word spaces wider than a third of an em', async () => {
    const dir = path.join(tempDir('galley-credit-'), 'credit');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'credits', 'images', 'photo.png'), path.join(dir, 'images', 'photo.png'));
    writeFileSync(path.join(dir, 'article.md'), '---\ntitle: "A credit"\ndate: 2024-05-01\nlanguage: en\n---\n\nA paragraph.\n\n:::figure{src="images/photo.png" alt="A harbour" credit="Leo Grant"}\nThe harbour.\n:::\n\n:::figure{src="images/photo.png" alt="The harbour again" credit="Campaign handout"}\nA handout.\n:::\n');
    const out = tempDir('galley-credit-out-');
    const built = runCli(['epub', dir, '-o', out, '--no-page-list', '--quiet'], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    const zip = await openEpub(path.join(out, 'credit.epub'));
    // A credit that names no maker is printed, but is no contributor in the metadata (it was an illustrator there).
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect([...opf.matchAll(/<dc:contributor[^>]*>([^<]*)</g)].map((match) => match[1])).toEqual(['Leo Grant']);
    expect(await entryText(zip, 'OEBPS/credits.xhtml')).toContain('Campaign handout');
    await unzipTo(zip, context.dir);
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width: 360, height: 640 });
      await page.goto(pathToFileURL(path.join(context.dir, 'OEBPS', 'article.xhtml')).href);
      await page.evaluate(() => document.fonts.ready);
      const { space, size, text } = await page.evaluate(() => {
        const credit = document.querySelector('figcaption .credit')!;
        const walker = document.createTreeWalker(credit, NodeFilter.SHOW_TEXT);
        let node: Node | null;
        while ((node = walker.nextNode())) {
          const at = node.textContent!.indexOf(' ');
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          return { space: range.getBoundingClientRect().width, size: parseFloat(getComputedStyle(credit).fontSize), text: credit.textContent };
        }
        return { space: 0, size: 1, text: credit.textContent };
      });
      expect(text).toContain('Leo Grant');
      // Literata's space is 0.2 em and the tracking 0.03 em: 0.23 em without the opening, 0.35 em with it.
      expect(space / size).toBeGreaterThan(0.3);
    } finally {
      await page.close();
    }
  }, 120_000);
});
