/**
 * Manuscripts galley was not tuned on (test/fixtures/good/unseen-*), unlike
 * those test/unseen.test.ts and test/unseen-authors.test.ts read: a long
 * Vietnamese feature (14 pages, 25 notes, a numbered list with a bulleted one
 * inside a note, a table with a note in a cell, a picture at the top of a
 * page, galley's own words given in the front matter); a Hebrew guide with
 * English in it, numbered lists (one from 5) and code listings; a Greek news
 * brief of 150 words with an SVG map and an SVG chart and no byline; a
 * Ukrainian article with a long block quote, two definition lists, Polish
 * terms and headings with inline code. All fictional, and saying so. One
 * build of them all, then what a reader gets.
 */
import type { SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import type JSZip from 'jszip';
import pLimit from 'p-limit';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageGeometry } from '../src/pdf/page.js';
import { pathToFileURL } from 'node:url';
import { entryText, epubcheckAsync, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfFonts, pdfInfo, pdfWordBoxes, useBrowserAndTempDir } from './pdf-helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const CASES = ['unseen-vi-long', 'unseen-he-code', 'unseen-brief-el', 'unseen-uk-terms'] as const;
type Case = (typeof CASES)[number];

describe('manuscripts galley was not tuned on, read as a reader reads them', () => {
  const out = tempDir('galley-unseen-readers-');
  let built: SpawnSyncReturns<string>;
  const epub = (name: Case): string => path.join(out, `${name}.epub`);
  const pdf = (name: Case): string => path.join(out, `${name}.pdf`);
  const zips = new Map<Case, JSZip>();

  beforeAll(async () => {
    built = runCli(['build', ...CASES.map(good), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) for (const name of CASES) zips.set(name, await openEpub(epub(name)));
  }, 300_000);

  it('builds every edition, warning of nothing (galley has words in Vietnamese)', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr.split('\n').filter((line) => /warning|error/.test(line))).toEqual([]);
  });

  it('EPUBCheck finds nothing in any of them', async () => {
    const limit = pLimit(2);
    const results = await Promise.all(CASES.map((name) => limit(() => epubcheckAsync(epub(name)))));
    for (const [index, result] of results.entries()) expect([result.fatals, result.errors, result.warnings], `${CASES[index]}\n${result.output}`).toEqual([0, 0, 0]);
  }, 300_000);

  it.each(CASES)("%s: the PDF embeds galley's faces only; the e-book lists every printed page, in order", async (name) => {
    const fonts = pdfFonts(pdf(name));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.name, 'a face galley ships').toMatch(/^[A-Z]{6}\+(Literata|JetBrainsMono|NotoSerif)/);
    }
    const pages = Number(pdfInfo(pdf(name)).Pages);
    const nav = await entryText(zips.get(name)!, 'OEBPS/toc.xhtml');
    const list = /<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)![0];
    const labels = [...list.matchAll(/<a href="[^"#]+#page-(\d+)">(\d+)<\/a>/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(labels).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, i + 1]));
  });

  it.each(CASES)('%s: nothing of a page is printed at the foot of the page before (a tall accent over its first line)', (name) => {
    // The text block's lower edge, in points from the top of a letter page: the folio stands below it.
    const geometry = pageGeometry.letter;
    const edge = (geometry.heightIn - geometry.marginBottomIn) * 72;
    const cut = pdfWordBoxes(pdf(name)).flatMap((page, index) =>
      page.lines.flatMap((line) => line.words).filter((word) => word.top < edge && word.bottom > edge + 1).map((word) => `page ${index + 1}: "${word.text}" at ${word.top.toFixed(1)}–${word.bottom.toFixed(1)}`),
    );
    expect(cut).toEqual([]);
  });

  it('unseen-he-code: code reads left to right in a Hebrew article, a listing flush left and an option whole ("--week 12", not "week 12--")', async () => {
    const xhtml = await entryText(zips.get('unseen-he-code')!, 'OEBPS/article.xhtml');
    expect(xhtml.match(/<pre[^>]*>/g)).toEqual(['<pre dir="ltr">', '<pre dir="ltr">']);
    expect(xhtml).toMatch(/<code dir="ltr">(<span class="nobreak">)?--week(<\/span>)? 12<\/code>/);
    const geometry = pageGeometry.letter;
    const left = geometry.marginInnerIn * 72;
    const lines = pdfWordBoxes(pdf('unseen-he-code')).flatMap((page) => page.lines);
    // The listing's comment line: "//" opens it, at the text block's left edge (set right to left, it closed the line at the right).
    const comment = lines.find((line) => line.words.some((word) => word.text === "week's"))!;
    const words = [...comment.words].sort((a, b) => a.left - b.left);
    expect(words.map((word) => word.text).join(' ')).toBe("// timetable.js: print one week's sailings, sorted by time");
    expect(Math.abs(words[0]!.left - left)).toBeLessThan(2);
    const option = lines.flatMap((line) => line.words).filter((word) => /week|12/.test(word.text) && !word.text.includes("'"));
    const sorted = [...option].sort((a, b) => a.left - b.left).map((word) => word.text);
    expect(sorted.slice(0, 2)).toEqual(['--week', '12']);
  });
  describe('the e-book, shown by a browser as a reading app shows it, 360 pixels wide', () => {
    const context = useBrowserAndTempDir('galley-unseen-readers-ebook-');

    /** Each note's paragraphs and list items: its type size, and how far its last line stands from the note's start and end. */
    async function notes(name: Case): Promise<Array<{ tag: string; size: number; fromStart: number; fromEnd: number; text: string }>> {
      const dir = path.join(context.dir, name);
      await unzipTo(zips.get(name)!, dir);
      const page = await context.browser.newPage();
      try {
        await page.setViewport({ width: 360, height: 640 });
        await page.goto(pathToFileURL(path.join(dir, 'OEBPS', 'article.xhtml')).href);
        await page.evaluate(() => document.fonts.ready);
        return await page.evaluate(() =>
          [...document.querySelectorAll('.note p, .note li')].map((block) => {
            const range = document.createRange();
            range.selectNodeContents(block);
            const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
            // The last line: every box of text on it, whichever comes first in the text.
            const lastTop = Math.max(...rects.map((rect) => rect.top));
            const line = rects.filter((rect) => rect.top > lastTop - 2);
            const last = line.length > 0 ? { left: Math.min(...line.map((rect) => rect.left)), right: Math.max(...line.map((rect) => rect.right)) } : block.getBoundingClientRect();
            const box = block.getBoundingClientRect();
            const rtl = getComputedStyle(block).direction === 'rtl';
            return {
              tag: block.tagName.toLowerCase(),
              size: parseFloat(getComputedStyle(block).fontSize),
              fromStart: Math.round(rtl ? box.right - last.right : last.left - box.left),
              fromEnd: Math.round(rtl ? last.left - box.left : box.right - last.right),
              text: (block.textContent ?? '').slice(0, 40),
            };
          }),
        );
      } finally {
        await page.close();
      }
    }

    it('sets a list inside a note at the note\'s size, not the text\'s (unseen-vi-long, unseen-he-code)', async () => {
      for (const name of ['unseen-vi-long', 'unseen-he-code'] as const) {
        const blocks = await notes(name);
        const items = blocks.filter((block) => block.tag === 'li');
        expect(items.length, name).toBeGreaterThanOrEqual(2);
        const size = blocks.find((block) => block.tag === 'p')!.size;
        for (const item of items) expect(item.size, `${name}: ${item.text}`).toBeCloseTo(size, 1);
      }
    }, 60_000);

    it('download page: a Hebrew byline ending in a Latin name keeps its " · " after the name, not between the name and the Hebrew', async () => {
      const page = await context.browser.newPage();
      try {
        await page.setViewport({ width: 360, height: 640, deviceScaleFactor: 1 });
        await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
        await page.evaluate(() => document.fonts.ready);
        // Between the right edge of "Hadley" and the hyphen of "ו-" before it: where the separator was drawn.
        const gap = await page.evaluate(() => {
          const byline = document.querySelector('#unseen-he-code-title')!.closest('article')!.querySelector('.byline')!;
          const box = (text: Text, at: number): DOMRect => {
            const range = document.createRange();
            range.setStart(text, at);
            range.setEnd(text, at + 1);
            return range.getBoundingClientRect();
          };
          const texts: Text[] = [];
          const walker = document.createTreeWalker(byline, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
          const latin = texts.find((text) => text.data.endsWith('Hadley'))!;
          const hyphen = texts.find((text) => text.data.endsWith('-'))!;
          const y = box(latin, latin.data.length - 1);
          const dash = box(hyphen, hyphen.data.length - 1);
          return { x: y.right + window.scrollX, width: dash.left - y.right, top: y.top + window.scrollY, height: y.height };
        });
        // The name stands against its hyphen (" · " took 11 pixels there): the separator follows the name, at its left.
        expect(Math.abs(gap.width)).toBeLessThan(3);
      } finally {
        await page.close();
      }
    }, 60_000);

    it('sets a Hebrew note flush with its start, the right (it was set flush left)', async () => {
      const short = (await notes('unseen-he-code')).find((block) => block.tag === 'p' && block.text.includes('כל גרסה'))!;
      expect(short.fromStart).toBeLessThanOrEqual(1);
      expect(short.fromEnd).toBeGreaterThan(50);
    }, 60_000);
  });
});
