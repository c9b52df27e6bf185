/**
 * A note call never begins a line alone. A line may break before a number
 * after "?", "…", a danda, Urdu's ۔ or a Chinese character (UAX #14), and
 * Chromium set "What happened?" at one line's end and its "¹" at the next
 * one's start; the call and the character before it are one unbroken span
 * (src/manuscript/rehype-notes.ts). Checked in both editions' real style
 * sheets, at every width from a phone's to a page's: the e-book's article
 * and the print page (test/fixtures/good/note-ties, English calls after "?"
 * and "…"; words-ur, an Urdu call after "۔").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { buildPrintPage } from '../src/pdf/html.js';
import { sandboxOrigin } from '../src/pdf/sandbox.js';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const CASES = ['note-ties', 'words-ur'] as const;
const fixture = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);

/** In the page: the widths (CSS px) at which some note call stands on another line than the character before it. */
function callsApart(): boolean {
  return [...document.querySelectorAll('a[data-footnote-ref]')].some((call) => {
    const sup = call.closest('sup')!;
    // The character before the call: the tie's own, or the end of the text before the call.
    let before: Node | null = sup.previousSibling;
    while (before && before.nodeType !== Node.TEXT_NODE) before = before.lastChild ?? null;
    if (!before || !before.textContent) return false;
    const range = document.createRange();
    range.setStart(before, before.textContent.length - 1);
    range.setEnd(before, before.textContent.length);
    const rects = range.getClientRects();
    const char = rects[rects.length - 1];
    return char !== undefined && Math.abs(sup.getBoundingClientRect().bottom - char.bottom) > 12;
  });
}

describe('a note call and what it follows', () => {
  const screen = useBrowserAndTempDir('galley-note-ties-');
  const out = tempDir('galley-note-ties-out-');
  const pages = new Map<string, string>();

  beforeAll(async () => {
    const built = runCli(['epub', ...CASES.map(fixture), '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    for (const name of CASES) {
      const dir = path.join(screen.dir, name);
      await unzipTo(await openEpub(path.join(out, `${name}.epub`)), path.join(dir, 'epub'));
      pages.set(`${name} e-book`, path.join(dir, 'epub', 'OEBPS', 'article.xhtml'));
      // The print page as galley hands it to the browser, its sandbox's addresses made relative.
      const { document } = await loadManuscript(fixture(name));
      for (const [file, body] of buildPrintPage(document).files) {
        const target = path.join(dir, 'print', file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, typeof body.body === 'string' ? body.body.replaceAll(sandboxOrigin, '') : body.body);
      }
      pages.set(`${name} print page`, path.join(dir, 'print', 'index.html'));
    }
  }, 240_000);

  it('stay on one line at every width from 240 to 640 px, in both editions', async () => {
    const page = await screen.browser.newPage();
    try {
      const apart: string[] = [];
      for (const [name, file] of pages) {
        await page.setViewport({ width: 640, height: 800 });
        await page.goto(`file://${file}`, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready);
        for (let width = 240; width <= 640; width += 2) {
          await page.setViewport({ width, height: 800 });
          if (await page.evaluate(callsApart)) apart.push(`${name} at ${width} px`);
        }
      }
      expect(apart).toEqual([]);
    } finally {
      await page.close();
    }
  }, 240_000);
});
