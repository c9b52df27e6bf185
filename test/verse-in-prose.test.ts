/**
 * A stanza quoted inside prose (lines broken with a backslash after a
 * paragraph that leads into it) stands apart: a line's space before and after
 * it, and the paragraph after it opens flush, not indented as if it went on.
 * One article built to both editions with the real CLI: the PDF's lines read
 * back with pdftotext -bbox-layout, the e-book's page laid out in the browser.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfWordBoxes, useBrowserAndTempDir } from './pdf-helpers.js';

const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'verse-in-prose');

describe('a stanza inside prose', () => {
  const shared = useBrowserAndTempDir('galley-verse-');
  const out = tempDir('galley-verse-out-');
  let status: number | null;
  let stderr: string;

  beforeAll(() => {
    const result = runCli(['build', manuscript, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    status = result.status;
    stderr = result.stderr;
  }, 300_000);

  it('builds', () => {
    expect(status, stderr).toBe(0);
  });

  it('stands a line apart from the prose in the PDF, and the paragraph after it is not indented', () => {
    // The first page's lines.
    const page = pdfWordBoxes(path.join(out, 'verse-in-prose.pdf'), { first: 1, last: 1 })[0]!.lines;
    const at = (start: string): number => page.findIndex((line) => line.text.startsWith(start));
    const first = at('The sea is a road');
    const last = at('and kept only the cork');
    const after = at('Whether the sailor');
    const next = at('The next entries');
    expect([first, last, after, next].every((index) => index > 0), JSON.stringify(page.map((line) => line.text))).toBe(true);
    // The pitch of the stanza's own lines.
    const pitch = page[first + 1]!.top - page[first]!.top;
    expect(page[first]!.top - page[first - 1]!.top, 'space before the stanza').toBeGreaterThan(1.7 * pitch);
    expect(page[after]!.top - page[last]!.top, 'space after the stanza').toBeGreaterThan(1.7 * pitch);
    // Flush with the stanza, where an ordinary paragraph's first line is indented.
    expect(Math.abs(page[after]!.left - page[first]!.left)).toBeLessThan(1);
    expect(page[next]!.left - page[first]!.left).toBeGreaterThan(8);
  });

  it('does the same in the e-book', async () => {
    const zip = await openEpub(path.join(out, 'verse-in-prose.epub'));
    const folder = path.join(shared.dir, 'book');
    mkdirSync(folder);
    for (const [name, entry] of Object.entries(zip.files)) {
      if (entry.dir) continue;
      const file = path.join(folder, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, await entry.async('nodebuffer'));
    }
    const page = await shared.browser.newPage();
    try {
      await page.setViewport({ width: 600, height: 1200 });
      await page.goto(pathToFileURL(path.join(folder, 'OEBPS', 'article.xhtml')).href);
      const measured = await page.evaluate(() => {
        const paragraphs = [...document.querySelectorAll('p')];
        const find = (start: string): HTMLElement => paragraphs.find((p) => (p.textContent ?? '').trim().startsWith(start))!;
        const stanza = find('The sea is a road');
        const after = find('Whether the sailor');
        const lineHeight = parseFloat(getComputedStyle(stanza).lineHeight);
        return {
          lineHeight,
          before: stanza.getBoundingClientRect().top - stanza.previousElementSibling!.getBoundingClientRect().bottom,
          after: after.getBoundingClientRect().top - stanza.getBoundingClientRect().bottom,
          indent: getComputedStyle(after).textIndent,
          nextIndent: getComputedStyle(find('The next entries')).textIndent,
        };
      });
      expect(measured.before).toBeGreaterThan(0.8 * measured.lineHeight);
      expect(measured.after).toBeGreaterThan(0.8 * measured.lineHeight);
      expect(measured.indent).toBe('0px');
      expect(measured.nextIndent).not.toBe('0px');
    } finally {
      await page.close();
    }
  });
});
