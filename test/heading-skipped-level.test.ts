/**
 * A heading that skips a level: test/fixtures/good/miscellany-forms has a
 * `######` right under a `####`. Screen readers' list of headings, the PDF's
 * structure tree and DAISY Ace (axe's heading-order) found a gap there. It is
 * read as the fifth level (`aria-level`, and `/H5` in the PDF), keeps the
 * sixth level's look (test/heading-emphasis.test.ts), and the author is warned
 * at its line.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SpawnSyncReturns } from 'node:child_process';
import type { SerializedAXNode } from 'puppeteer';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.js';
import { ace, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { run, useBrowserAndTempDir } from './pdf-helpers.js';

const NAME = 'miscellany-forms';

describe('a heading that skips a level', () => {
  const context = useBrowserAndTempDir('galley-heading-skipped-');
  const out = tempDir('galley-heading-skipped-out-');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    built = runCli(['build', path.join(repoRoot, 'test', 'fixtures', 'good', NAME), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 180_000);

  it('is a warning at its line', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).toMatch(/article\.md:60:1: warning: a heading of level 6 \(`######`\) right under one of level 4 skips a level: .*read it as level 5.*write `#####`/);
  });

  it('is read one level below the heading before it in the e-book, where Ace finds no gap', async () => {
    const book = tempDir('galley-heading-skipped-book-');
    await unzipTo(await openEpub(path.join(out, `${NAME}.epub`)), book);
    const page = await context.browser.newPage();
    const headings: Array<{ name: string; level: number }> = [];
    try {
      await page.goto(pathToFileURL(path.join(book, 'OEBPS', 'article.xhtml')).href);
      const walk = (node: SerializedAXNode | null): void => {
        if (!node) return;
        if (node.role === 'heading') headings.push({ name: node.name ?? '', level: node.level ?? 0 });
        for (const child of node.children ?? []) walk(child);
      };
      // Every node: the snapshot of "interesting" ones leaves out some headings (one holding a link).
      walk(await page.accessibility.snapshot({ interestingOnly: false }));
    } finally {
      await page.close();
    }
    expect(headings.find(({ name }) => name.startsWith('Level six'))?.level).toBe(5);
    // Each heading at most one level below the one before it, from the headline on.
    headings.forEach(({ name, level }, index) => expect(level, name).toBeLessThanOrEqual((headings[index - 1]?.level ?? 0) + 1));
    expect(ace(path.join(out, `${NAME}.epub`), findBrowser().path)).toEqual([]);
  }, 180_000);

  it('is tagged /H5 in the PDF', () => {
    const structure = run('pdfinfo', ['-struct', path.join(out, `${NAME}.pdf`)]);
    const types = [...structure.matchAll(/^\s*(H[1-6])\b/gm)].map(([, type]) => type);
    expect(types).toContain('H5');
    expect(types).not.toContain('H6');
  });
});
