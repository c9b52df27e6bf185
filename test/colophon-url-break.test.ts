/**
 * The colophon's copyright line names the typeface's address in parentheses:
 * on a phone it breaks after a slash, never before the closing parenthesis
 * (a reading app broke it there, and a line began with ")."). Each width
 * from 280 to 420 px, in the e-book's own style sheet.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

describe('the colophon on a phone', () => {
  const context = useBrowserAndTempDir('galley-colophon-');

  it('starts no line with the closing parenthesis after an address', async () => {
    const out = tempDir('galley-colophon-out-');
    const built = runCli(['epub', path.join(repoRoot, 'test', 'fixtures', 'good', 'checklist'), '-o', out, '--no-page-list', '--quiet'], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    await unzipTo(await openEpub(path.join(out, 'checklist.epub')), context.dir);
    const page = await context.browser.newPage();
    try {
      await page.goto(pathToFileURL(path.join(context.dir, 'OEBPS', 'colophon.xhtml')).href);
      await page.evaluate(() => document.fonts.ready);
      const starts: string[] = [];
      for (let width = 280; width <= 420; width += 4) {
        await page.setViewport({ width, height: 800 });
        // The first character of each line of the copyright's paragraph.
        const lineStarts = await page.evaluate(() => {
          const paragraph = [...document.querySelectorAll('p')].find((p) => p.textContent!.includes('Copyright'))!;
          const firsts: string[] = [];
          let lastTop = -Infinity;
          const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
          let node: Node | null;
          while ((node = walker.nextNode())) {
            const text = node.textContent!;
            for (let i = 0; i < text.length; i++) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const rect = range.getClientRects()[0];
              if (!rect || /\s/.test(text[i]!)) continue;
              if (rect.top > lastTop + 2) firsts.push(text[i]!);
              lastTop = Math.max(lastTop, rect.top);
            }
          }
          return firsts;
        });
        starts.push(...lineStarts.map((char) => `${width}:${char}`));
      }
      expect(starts.filter((start) => /:[).,]$/.test(start))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
