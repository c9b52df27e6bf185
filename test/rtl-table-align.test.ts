/**
 * A table's column aligned by its author (`:---`, `:---:`, `---:`) is set to
 * the side it names in a right-to-left article too, as the author's preview
 * (GitHub's, an editor's) shows it; a column the author did not align starts
 * at the right. Both editions of test/fixtures/good/rtl-table-align (Hebrew),
 * read as a reader sees them: where the PDF prints each cell's text, and where
 * a browser sets it in the e-book. Each column holds a one-letter and a
 * two-letter cell: flush left, their left edges meet; flush right, their right
 * edges; centred, their middles.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfLines, useBrowserAndTempDir } from './pdf-helpers.js';
import { withPage } from './screen-helpers.js';

/** Each column's short and long cell (the fixture's two rows), as the columns are written: not aligned, left, centre, right. */
const COLUMNS: Array<{ cells: [string, string]; side: 'right' | 'left' | 'center' }> = [
  { cells: ['א', 'הה'], side: 'right' },
  { cells: ['ב', 'וו'], side: 'left' },
  { cells: ['ג', 'זז'], side: 'center' },
  { cells: ['ד', 'חח'], side: 'right' },
];

type Box = { left: number; right: number };

/** Which side two boxes share: their left edges, their right edges, or only their middles (within `slack`). */
function sharedSide(short: Box, long: Box, slack: number): string {
  const near = (a: number, b: number) => Math.abs(a - b) <= slack;
  if (near(short.left, long.left) && !near(short.right, long.right)) return 'left';
  if (near(short.right, long.right) && !near(short.left, long.left)) return 'right';
  if (near(short.left + short.right, long.left + long.right)) return 'center';
  return 'none';
}

describe('a right-to-left table aligned by its author', () => {
  const root = tempDir('galley-rtl-table-align-');
  const out = path.join(root, 'out');
  const context = useBrowserAndTempDir('galley-rtl-table-align-epub-');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    const dir = path.join(root, 'rtl-table-align');
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'rtl-table-align'), dir, { recursive: true });
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds both editions', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('prints each column to the side its author named', () => {
    const words = pdfLines(path.join(out, 'rtl-table-align.pdf')).flatMap((page) => page.lines.flatMap((line) => line.words));
    const box = (text: string): Box => {
      const found = words.filter((word) => word.text === text);
      expect(found, text).toHaveLength(1);
      return found[0]!;
    };
    expect(COLUMNS.map(({ cells }) => sharedSide(box(cells[0]), box(cells[1]), 0.5))).toEqual(COLUMNS.map(({ side }) => side));
  });

  it('sets them so in the e-book', async () => {
    const zip = await openEpub(path.join(out, 'rtl-table-align.epub'));
    const dir = path.join(context.dir, 'epub');
    await unzipTo(zip, dir);
    await withPage(context.browser, async (page) => {
      await page.setViewport({ width: 600, height: 900 });
      await page.goto(pathToFileURL(path.join(dir, 'OEBPS', 'article.xhtml')).href);
      // Each body cell's text as set: the box of its letters, not of its cell.
      const boxes = await page.$$eval('tbody td', (cells) =>
        cells.map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const rect = range.getBoundingClientRect();
          return { text: (cell.textContent ?? '').trim(), left: rect.left, right: rect.right };
        }),
      );
      const box = (text: string): Box => boxes.find((found) => found.text === text)!;
      expect(COLUMNS.map(({ cells }) => sharedSide(box(cells[0]), box(cells[1]), 0.5))).toEqual(COLUMNS.map(({ side }) => side));
    });
  }, 60_000);
});
