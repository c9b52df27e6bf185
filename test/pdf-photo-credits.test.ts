/**
 * A photo essay of large photographs, landscapes and portraits, whose
 * credits run one, two and three lines (`photo-credits`), at every page
 * size, read back from the PDF: each page's lowest ink (text or picture,
 * `pdftoppm`) against its text block.
 *
 * A photo that did not fit under the one above it was printed smaller only
 * where it fitted so alone; else it moved on, and at 6x9 page 1 ended 23 %
 * empty under the first landscape (the second's two-line credit made it a
 * line too tall to fit at half its height). A photo printed smaller for one
 * layout was never made smaller again when the figures before it moved: at
 * letter the last landscape went to page 4 and left page 3 35 % empty. A
 * figure that would leave more than a fifth of the page empty
 * (src/pdf/figures.ts, FIGURE_EMPTY_SHARE) is printed smaller, the picture
 * above it too where that is needed, down to their floors, and only then moves.
 *
 * Under a picture printed smaller, its caption and credit ran the column's
 * width (5.3 in under a landscape 3.5 in wide at letter), and read as the
 * text's; they take the picture's width, or half the column's at least. So
 * do they under a portrait at its whole size (its height the figure's limit,
 * narrower than the column), which kept them the column's width.
 */
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAPTION_LEAST, FIGURE_EMPTY_SHARE, MIN_FIGURE_SCALE } from '../src/pdf/figures.js';
import { measureIn, pageGeometry, pageSizes } from '../src/pdf/page.js';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { lowestInk, pageInk, pdfLines, run, type PrintedLine } from './pdf-helpers.js';

/** Each picture's caption, as it begins, and its shape. */
const CAPTIONS = [
  ['The creek at first light', 'landscape'],
  ['The footbridge over the main', 'landscape'],
  ['A samphire picker on the', 'portrait'],
  ['Oyster beds marked out', 'landscape'],
  ['The tide gauge at the', 'portrait'],
  ['Evening over the saltings', 'landscape'],
] as const;

describe.each(pageSizes)('a photo essay with credits of one to three lines, as a %s PDF', (size) => {
  const geometry = pageGeometry[size];
  const out = tempDir('galley-photo-credits-');
  const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'photo-credits');
  const file = path.join(out, 'photo-credits.pdf');
  let built: SpawnSyncReturns<string>;
  let pictures: Array<{ page: number; width: number; shape: number }> = [];
  let pages: Array<{ height: number; text: string; lines: PrintedLine[] }> = [];
  beforeAll(() => {
    built = runCli(['pdf', fixture, '--page-size', size, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status !== 0) return;
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi …: the printed width is the pixels over the pixels an inch.
    pictures = run('pdfimages', ['-list', file]).split('\n').slice(2).flatMap((row) => {
      const cells = row.trim().split(/\s+/);
      if (cells[2] !== 'image') return [];
      const [width, height, ppi] = [Number(cells[3]), Number(cells[4]), Number(cells[12])];
      return [{ page: Number(cells[0]), width: width / ppi, shape: width / height }];
    });
    pages = pdfLines(file).map(({ height, lines }) => ({ height, lines, text: lines.map((line) => line.text).join(' ') }));
  }, 120_000);

  it('is built, with its six photographs', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(pictures).toHaveLength(6);
  });

  it(`leaves no page of the essay more than ${FIGURE_EMPTY_SHARE * 100} % empty at its foot`, () => {
    // The essay's pages: up to the one "Sources and credits" begins on, which ends the book with the colophon.
    const credits = pages.findIndex(({ text }) => text.includes('Sources and credits'));
    expect(credits, 'the credits are printed').toBeGreaterThan(0);
    const block = (height: number) => height - (geometry.marginTopIn + geometry.marginBottomIn) * 72;
    const shares = pages.slice(0, credits).map(({ height }, index) => {
      const bottom = height - geometry.marginBottomIn * 72;
      return (bottom - lowestInk(file, index + 1, bottom)) / block(height);
    });
    shares.forEach((share, index) => expect(share, `page ${index + 1} of ${pages.length} ends ${Math.round(share * 100)} % empty`).toBeLessThanOrEqual(FIGURE_EMPTY_SHARE));
  });

  it('prints no photograph below its floor', () => {
    // The widest of each shape is printed whole (a landscape the measure wide, a portrait its tallest).
    for (const picture of pictures) {
      const widest = Math.max(...pictures.filter((other) => Math.abs(other.shape - picture.shape) < 0.03 * picture.shape).map((other) => other.width));
      expect(picture.width / widest, `a picture on page ${picture.page}, ${picture.width.toFixed(2)} in wide of ${widest.toFixed(2)} in`).toBeGreaterThanOrEqual(MIN_FIGURE_SCALE.photo - 0.01);
    }
  });

  it(`sets the caption and credit under a picture narrower than the column (printed smaller, a portrait) as wide as it, or ${CAPTION_LEAST * 100} % of the column`, () => {
    const column = measureIn(geometry) * 72;
    // Each caption's picture: the row of ink right above its first line (its picture's foot), and the caption's lines under it.
    // The essay's pages, before "Sources and credits" names the captions again.
    const essay = pages.slice(0, pages.findIndex(({ text }) => text.includes('Sources and credits')));
    const found = CAPTIONS.flatMap(([opening, shape]) =>
      essay.flatMap(({ lines }, index) => {
        const first = lines.findIndex((line) => line.text.startsWith(opening));
        if (first < 0) return [];
        const ink = pageInk(file, index + 1);
        let foot = Math.floor(lines[first]!.top) - 1;
        const across = (y: number) => [...Array(ink.width).keys()].filter((x) => ink.inked(x, y));
        while (foot > 0 && across(foot).length < column * 0.2) foot--;
        const row = across(foot);
        // The caption and credit: the lines that follow it closely (the next figure or paragraph stands a line's space below).
        const block = [lines[first]!];
        for (const line of lines.slice(first + 1)) {
          if (line.top - block.at(-1)!.bottom > 4) break;
          block.push(line);
        }
        return [{ opening, shape, page: index + 1, left: row[0]!, right: row.at(-1)! + 1, block }];
      }),
    );
    expect(found.map((caption) => caption.opening)).toEqual(CAPTIONS.map(([opening]) => opening));
    let smaller = 0;
    let portraits = 0;
    for (const { opening, shape, page, left, right, block } of found) {
      const widest = Math.max(...found.filter((other) => other.shape === shape).map((other) => other.right - other.left));
      // A picture the column's width keeps its caption the column's width.
      if (right - left >= column - 2) continue;
      if (right - left < widest - 2) smaller++;
      // A portrait at its whole size, its height the figure's limit, is narrower than the column too.
      else if (shape === 'portrait') portraits++;
      const half = Math.max(right - left, CAPTION_LEAST * column) / 2 + 1;
      const middle = (left + right) / 2;
      for (const line of block) {
        expect(line.left, `“${line.text}” (page ${page}, under “${opening}”, a picture ${Math.round(right - left)} pt wide)`).toBeGreaterThanOrEqual(middle - half);
        expect(line.right, `“${line.text}” (page ${page}, under “${opening}”, a picture ${Math.round(right - left)} pt wide)`).toBeLessThanOrEqual(middle + half);
      }
    }
    // Else this checks nothing.
    expect(smaller, 'pictures printed smaller').toBeGreaterThan(0);
    expect(portraits, 'portraits at their whole size').toBeGreaterThan(0);
  });
});
