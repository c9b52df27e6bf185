/**
 * Print pages filled where a figure did not fit, read back with poppler
 * (`pdftotext -bbox-layout`), at every page size.
 *
 * A checklist of nested lists whose item "8. Friday night" ends in a picture
 * (`list-figure`): the item was kept whole as a short one, picture and all,
 * so Chromium carried its lines to the next page with the picture and left
 * page 1 43 % (letter), 47 % (A4) and 38 % (6x9) empty. The item's lines stay
 * on page 1, and the picture prints smaller to fit under them or, at 6x9,
 * where even its smallest does not fit, goes after the next item, which
 * fills the page; the e-book's page 2 begins where the print's does.
 */
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageGeometry, pageSizes } from '../src/pdf/page.js';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfLines, run, type PrintedLine } from './pdf-helpers.js';

/** Letters and digits only: lines break and hyphenate anywhere. */
const squash = (text: string): string => text.normalize('NFC').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();

/** A page before a figure may end this many lines short, and no more (src/pdf/figures.ts, MAX_SHORT_LINES). */
const MOST_SHORT_LINES = 3;

describe.each(pageSizes)('a figure ending a list item, as a %s PDF', (size) => {
  const geometry = pageGeometry[size];
  const out = tempDir('galley-page-fill-');
  const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'list-figure');
  let built: SpawnSyncReturns<string>;
  let pages: Array<{ height: number; lines: PrintedLine[] }> = [];
  let article = '';
  beforeAll(async () => {
    built = runCli(['build', fixture, '--page-size', size, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status !== 0) return;
    pages = pdfLines(path.join(out, 'list-figure.pdf')).map(({ height, lines }) => ({
      height,
      lines: lines.filter((line) => line.top >= geometry.marginTopIn * 72 - 2 && line.bottom <= height - geometry.marginBottomIn * 72 + 2),
    }));
    article = await entryText(await openEpub(path.join(out, 'list-figure.epub')), 'OEBPS/article.xhtml');
  }, 120_000);

  it('is built', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('ends page 1 no more than three lines short, with the item\'s lines on it', () => {
    const { height, lines } = pages[0]!;
    const lineHeight = geometry.fontSizePt * geometry.lineHeight;
    // The lowest text: the picture, where it prints on page 1, has its caption under it.
    const short = (height - geometry.marginBottomIn * 72 - Math.max(...lines.map((line) => line.bottom))) / lineHeight;
    expect(short, `page 1 ends ${short.toFixed(1)} lines short after “${lines.at(-1)!.text}”`).toBeLessThanOrEqual(MOST_SHORT_LINES);
    expect(squash(lines.map((line) => line.text).join(' ')), 'item 8 on page 1').toContain(squash('Friday night'));
  });

  it('begins the e-book\'s page 2 after the text printed on page 1', () => {
    // Without a list item's number, which the e-book's list draws itself.
    const last = pages[0]!.lines.at(-1)!.text.replace(/^\d+\.\s+/, '');
    const text = (html: string) => squash(html.replace(/<[^>]+>/g, ' '));
    const marker = article.indexOf('id="page-2"');
    expect(marker, 'the page-2 marker').toBeGreaterThan(0);
    expect(text(article.slice(0, marker)), `page 1's last line, “${last}”, before the page-2 marker`).toContain(squash(last));
  });
});

/**
 * A photo essay of ten pictures (`photo-series`): landscapes of one shape in
 * runs of two, portraits between them, two short paragraphs. A landscape
 * that did not fit under the one before it was made smaller alone, to fit
 * the room left: 3.3 in wide under one 5.3 in wide on a letter page (62 %),
 * and so at A4 and 6x9. A picture editor prints a series at one size: the
 * two give up the room together, or the next of the run prints as small.
 */
describe.each(pageSizes)('a photo essay of pictures in runs of one shape, as a %s PDF', (size) => {
  const geometry = pageGeometry[size];
  const out = tempDir('galley-page-fill-');
  const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'photo-series');
  let built: SpawnSyncReturns<string>;
  let pictures: Array<{ page: number; width: number; shape: number }> = [];
  let pages: Array<{ height: number; lines: PrintedLine[] }> = [];
  beforeAll(() => {
    built = runCli(['pdf', fixture, '--page-size', size, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status !== 0) return;
    const file = path.join(out, 'photo-series.pdf');
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi …: the printed width is the pixels over the pixels an inch.
    pictures = run('pdfimages', ['-list', file]).split('\n').slice(2).flatMap((row) => {
      const cells = row.trim().split(/\s+/);
      if (cells[2] !== 'image') return [];
      const [width, height, ppi] = [Number(cells[3]), Number(cells[4]), Number(cells[12])];
      return [{ page: Number(cells[0]), width: width / ppi, shape: width / height }];
    });
    pages = pdfLines(file).map(({ height, lines }) => ({
      height,
      lines: lines.filter((line) => line.top >= geometry.marginTopIn * 72 - 2 && line.bottom <= height - geometry.marginBottomIn * 72 + 2),
    }));
  }, 120_000);

  it('is built, with its ten pictures', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(pictures).toHaveLength(10);
  });

  it('prints two pictures of one shape one after the other, on one page or the next, at one size', () => {
    pictures.slice(1).forEach((picture, index) => {
      const before = pictures[index]!;
      if (Math.abs(picture.shape - before.shape) > 0.03 * picture.shape || picture.page - before.page > 1) return;
      const ratio = Math.max(picture.width, before.width) / Math.min(picture.width, before.width);
      expect(ratio, `pictures ${index + 1} and ${index + 2} (pages ${before.page} and ${picture.page}): ${before.width.toFixed(2)} in and ${picture.width.toFixed(2)} in wide`).toBeLessThan(1.03);
    });
  });
});

/**
 * A collection opens each article on a page of its own, and its credits
 * after the last (`collection-tail`: three short articles, each ending in a
 * picture, a block quote with its attribution and one last line). Those
 * last lines ran on to a page of their own under the picture: pages 5, 7 and
 * 9 of 10 at letter and 6x9 held four lines each, and page 7 of 8 at A4. The
 * picture on the page before prints smaller (to its floor at most) and takes them back.
 */
describe.each(pageSizes)('a collection whose articles end under a picture, as a %s PDF', (size) => {
  const geometry = pageGeometry[size];
  const out = tempDir('galley-page-fill-');
  const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-tail');
  let built: SpawnSyncReturns<string>;
  let pages: Array<{ height: number; lines: PrintedLine[] }> = [];
  let pictured = new Set<number>();
  beforeAll(() => {
    built = runCli(['pdf', fixture, '--page-size', size, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status !== 0) return;
    const file = path.join(out, 'collection-tail.pdf');
    pictured = new Set(run('pdfimages', ['-list', file]).split('\n').slice(2).filter((row) => row.trim() !== '').map((row) => Number(row.trim().split(/\s+/)[0])));
    pages = pdfLines(file).map(({ height, lines }) => ({
      height,
      lines: lines.filter((line) => line.top >= geometry.marginTopIn * 72 - 2 && line.bottom <= height - geometry.marginBottomIn * 72 + 2),
    }));
  }, 120_000);

  it('is built, with a picture in each article', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(pictured.size).toBe(3);
  });

  it('leaves no article\'s last lines on a page of their own', () => {
    // From the first article's page to the credits' (the cover, title and contents pages before it hold few lines by design).
    const first = pages.findIndex(({ lines }) => lines.some((line) => squash(line.text).startsWith(squash('This article is fiction'))));
    expect(first, 'the first article is printed').toBeGreaterThan(0);
    pages.slice(first, -1).forEach(({ lines }, index) => {
      const page = first + index + 1;
      if (pictured.has(page)) return;
      expect(lines.length, `page ${page} holds only ${lines.map((line) => line.text).join(' / ')}`).toBeGreaterThan(6);
    });
  });
});
