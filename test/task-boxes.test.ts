/**
 * The e-book's task boxes and struck-out words (src/epub/xhtml.ts, templates/epub/style.css):
 * a box in the text's ink, after a numbered list's number, its state in words a
 * screen reader says and a conversion to text keeps; struck-out words said to be
 * struck out. The boxes were the reading apps' pale grey disabled checkboxes, a
 * numbered task list's drawn on its numbers, and calibre's TXT lost which were done.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'checklist');
let epub: string;
let zip: JSZip;

beforeAll(async () => {
  const out = tempDir('galley-checklist-');
  const built = runCli(['epub', fixture, '-o', out, '--no-page-list', '--quiet'], { GALLEY_CACHE_DIR: tempDir() });
  expect(built.status, built.stderr).toBe(0);
  epub = path.join(out, 'checklist.epub');
  zip = await openEpub(epub);
}, 180_000);

describe('task boxes and struck-out words in the e-book', () => {
  it('draws no form control, and says each state and each deletion in unseen words', async () => {
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    expect(xhtml).not.toContain('<input');
    expect(xhtml).toContain('<span class="task-box task-done"><span class="task-tick" /><span class="sr-only">Done: </span></span> Give notice to your landlord');
    expect(xhtml).toContain('<span class="task-box task-to-do"><span class="sr-only">To do: </span></span> Tell your bank your new address');
    expect(xhtml).toContain('<del><span class="sr-only">[struck out: </span>four<span class="sr-only">]</span></del> two');
  });

  const context = useBrowserAndTempDir('galley-checklist-');

  it('draws each box in the text’s ink, beside the bullet’s place or after the number, never on it', async () => {
    await unzipTo(zip, context.dir);
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width: 360, height: 640 });
      await page.goto(pathToFileURL(path.join(context.dir, 'OEBPS', 'article.xhtml')).href);
      const boxes = await page.evaluate(() =>
        [...document.querySelectorAll('.task-box')].map((box) => {
          const item = box.closest('li')!;
          const list = item.parentElement!;
          const itemLeft = item.getBoundingClientRect().left + parseFloat(getComputedStyle(item).paddingLeft);
          return {
            list: list.tagName.toLowerCase(),
            ink: getComputedStyle(box).borderTopColor === getComputedStyle(item).color,
            width: getComputedStyle(box).borderTopWidth,
            // Where the box starts against the item's text: a bullet's place is left of it, a number's too.
            offset: box.getBoundingClientRect().left - itemLeft,
          };
        }),
      );
      expect(boxes.map(({ list }) => list)).toEqual(['ul', 'ul', 'ol', 'ol']);
      for (const box of boxes) {
        expect(box.ink, JSON.stringify(box)).toBe(true);
        expect(parseFloat(box.width)).toBeGreaterThan(0.9);
        // Before the item's text, where the bullet would stand; after the number, at the text's start.
        if (box.list === 'ul') expect(box.offset).toBeLessThan(-5);
        else expect(box.offset).toBeGreaterThanOrEqual(-0.5);
      }
    } finally {
      await page.close();
    }
  }, 60_000);

  it('keeps which tasks are done and which words are struck out through calibre to AZW3 and text', () => {
    const azw3 = path.join(context.dir, 'checklist.azw3');
    const txt = path.join(context.dir, 'checklist.txt');
    for (const [from, to] of [[epub, azw3], [azw3, txt]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' }, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const text = readFileSync(txt, 'utf8');
    expect(text).toContain('Done: Give notice to your landlord');
    expect(text).toContain('To do: Book the removal firm');
    expect(text).toContain('To do: Tell your bank your new address');
    expect(text).toContain('Done: Arrange for the meters to be read');
    expect(text).toContain('needs [struck out: four] two weeks');
  }, 400_000);
});
