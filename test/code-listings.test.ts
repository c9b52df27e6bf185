/**
 * A listing's long lines, on a phone and in print: they wrap at spaces
 * first, never leave an option's dashes at a line's end ("--standalone -" /
 * "-" / "template=…"), and what a line wraps onto is indented under it, so
 * that a reader tells a wrapped line from a new one. One build at 6x9; the
 * e-book read at 360 px in Chromium, the PDF with poppler.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { epubcheck, openEpub, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfLines, pdfText, useBrowserAndTempDir } from './pdf-helpers.js';

const SHELL = [
  '#!/bin/sh',
  "find /var/newsroom/archive/2025/03/stories -name '*.md' -newer /var/newsroom/archive/.last-publish-timestamp -exec pandoc --from markdown+smart --to html5 --standalone --template=/etc/newsroom/templates/article.html {} -o {}.html \\;",
  'rsync --archive --delete --exclude-from=/etc/newsroom/rsync-excludes.txt --rsh=ssh /var/newsroom/public/ web@example.org:/srv/www/',
];

describe('a listing\'s long lines', () => {
  const root = tempDir('galley-listings-');
  const out = path.join(root, 'out');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    const dir = path.join(root, 'in', 'listings');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'article.md'), [
      '---', 'title: "Listings"', 'date: 2024-09-02', 'language: en', '---', '',
      'The old script:', '', '```sh', ...SHELL, '```', '', 'That was all of it.', '',
    ].join('\n'));
    built = runCli(['build', dir, '--out', out, '--page-size', '6x9'], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds, and the e-book passes EPUBCheck', () => {
    expect(built.status, built.stderr).toBe(0);
    const check = epubcheck(path.join(out, 'listings.epub'));
    expect(check.fatals + check.errors + check.warnings, check.output).toBe(0);
  });

  describe('in the e-book at 360 px', () => {
    const context = useBrowserAndTempDir('galley-listings-ebook-');

    it('wraps at spaces and marked points, never after an option\'s dashes, and indents what a line wraps onto', async () => {
      const dir = path.join(context.dir, 'book');
      await unzipTo(await openEpub(path.join(out, 'listings.epub')), dir);
      const page = await context.browser.newPage();
      try {
        await page.setViewport({ width: 360, height: 640 });
        await page.goto(pathToFileURL(path.join(dir, 'OEBPS', 'article.xhtml')).href);
        await page.evaluate(() => document.fonts.ready);
        const read = await page.evaluate(() => {
          const pre = document.querySelector('pre')!;
          // The listing's visual lines: its characters grouped by their top.
          const lines: Array<{ top: number; left: number; text: string }> = [];
          const range = document.createRange();
          const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
            for (let i = 0; i < node.data.length; i++) {
              if (node.data[i] === '\n') continue;
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const rect = [...range.getClientRects()].find((candidate) => candidate.width > 0);
              if (!rect) continue;
              let line = lines.find((candidate) => Math.abs(candidate.top - rect.top) < 2);
              if (!line) lines.push((line = { top: rect.top, left: rect.left, text: '' }));
              line.left = Math.min(line.left, rect.left);
              line.text += node.data[i];
            }
          }
          lines.sort((a, b) => a.top - b.top);
          return { lines, preLeft: pre.getBoundingClientRect().left, overflow: document.documentElement.scrollWidth - window.innerWidth };
        });
        expect(read.overflow).toBeLessThanOrEqual(0);
        const texts = read.lines.map((line) => line.text.trimEnd());
        // The long lines wrapped (else this checks nothing).
        expect(texts.length).toBeGreaterThan(SHELL.length + 3);
        for (const text of texts) {
          expect(text, texts.join('\n')).not.toMatch(/(^|\s)--?$/);
          expect(text.trim(), texts.join('\n')).not.toMatch(/^-+$/);
        }
        // Each source line starts at the listing's edge; what it wraps onto stands further in.
        for (const line of read.lines) {
          const starts = SHELL.some((source) => source.startsWith(line.text.trimEnd()) || line.text.trimEnd().startsWith(source.slice(0, 12)));
          if (starts) expect(line.left - read.preLeft).toBeLessThan(2);
          else expect(line.left - read.preLeft, line.text).toBeGreaterThan(10);
        }
      } finally {
        await page.close();
      }
    });
  });

  it('in print, wraps the same way, its wrapped lines indented', () => {
    const text = pdfText(path.join(out, 'listings.pdf'));
    const listing = text.split('\n').filter((line) => /[/-]|\.html|\\;/.test(line) && !/^The old script|^That was/.test(line));
    expect(listing.length).toBeGreaterThan(SHELL.length);
    for (const line of listing) expect(line.trimEnd(), listing.join('\n')).not.toMatch(/(^|\s)--?$/);
    const lines = pdfLines(path.join(out, 'listings.pdf'))[0]!.lines;
    const first = lines.find((line) => line.text.startsWith('find'))!;
    const wrapped = lines.filter((line) => line.top > first.top && line.top < first.top + 6 * first.height && !line.text.startsWith('rsync') && !line.text.startsWith('That'));
    expect(wrapped.length).toBeGreaterThan(0);
    for (const line of wrapped) expect(line.left - first.left, line.text).toBeGreaterThan(8);
  });
});
