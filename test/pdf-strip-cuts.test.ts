/**
 * A long infographic printed as a strip over pages is cut where it is one
 * colour across, not through a label. The strip-labels fixture is a bar
 * chart 600 × 4800, a label and a bar every 40 rows with 8 to 14 rows of
 * ground between them, and a rule (its axis) down the whole picture: a cut
 * at a page's end falls in a label more often than not. Chromium cut it
 * where each page ended ("Sep 1991" cut in half at letter). The pages are
 * printed with the real CLI at every page size, read back as images
 * (pdftoppm, 144 dpi): the rows at each piece's foot and head are the
 * chart's ground but for its axis, and the pieces together are the picture's
 * height, none of it lost or shown twice. And the quiet rows the reader finds.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { quietBands } from '../src/manuscript/image-checks.js';
import { stripCuts } from '../src/pdf/figures.js';
import { repoRoot, runCli, tempDir } from './helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'strip-labels');
/** The chart's ground, #eef0f8. */
const GROUND = [0xee, 0xf0, 0xf8] as const;
const DPI = 144;
/** The strip's printed height: 3.75 in wide (galley's warning says so), 1:8. */
const PRINTED_IN = 3.75 * 8;

async function raw(file: string): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

describe('quiet rows of a long picture', () => {
  it('finds the ground between the labels, across the axis, and none through a label or a bar', async () => {
    const picture = await raw(path.join(FIXTURE, 'images', 'labels.png'));
    const bands = quietBands(picture.data, picture.width, picture.height, picture.channels);
    // A label and its bar every 40 rows from row 110: ink from row 6 (the bar) to about 33 (descenders) of each.
    for (let top = 110; top + 40 <= 4780; top += 40) {
      expect(bands.some(([from, to]) => from < top + 28 && to > top + 6), `rows ${top}-${top + 40}`).toBe(false);
      expect(bands.some(([from, to]) => from <= top + 35 && to >= top + 44), `under the label at ${top}`).toBe(true);
    }
  });

  it('cuts in a band within reach of the page end, mid-band, and at the page end where none is', () => {
    expect(stripCuts(1000, 400, 400, 1, [[370, 380]])).toEqual([375, 773]);
    expect(stripCuts(1000, 400, 400, 1, [[390, 500]])).toEqual([400, 798]);
    expect(stripCuts(1000, 400, 400, 1, [[200, 210]])).toEqual([400, 798]);
    // A band too thin for two pixels either side of the cut, or that begins too near the page end, is not used.
    expect(stripCuts(1000, 400, 400, 1, [[390, 393]])).toEqual([400, 798]);
    expect(stripCuts(1000, 400, 400, 1, [[399, 420]])).toEqual([400, 798]);
  });
});

describe.each(['letter', 'a4', '6x9'] as const)('a strip cut into pieces at %s', (size) => {
  const out = tempDir(`galley-strip-cuts-${size}-`);
  let status: number | null;
  let stderr: string;
  const pieces: Array<{ page: number; top: number; bottom: number; foot: number; head: number }> = [];

  beforeAll(async () => {
    ({ status, stderr } = runCli(['pdf', FIXTURE, '--out', out, '--page-size', size], { GALLEY_CACHE_DIR: tempDir() }));
    if (status !== 0) return;
    spawnSync('pdftoppm', ['-png', '-r', String(DPI), path.join(out, 'strip-labels.pdf'), path.join(out, 'page')]);
    const pages = readdirSync(out).filter((file) => /^page-\d+\.png$/.test(file)).sort();
    for (const [index, file] of pages.entries()) {
      const page = await raw(path.join(out, file));
      const at = (x: number, y: number): number[] => [...page.data.subarray((y * page.width + x) * page.channels, (y * page.width + x) * page.channels + 3)];
      const ground = (x: number, y: number): boolean => at(x, y).every((value, channel) => Math.abs(value - GROUND[channel]!) <= 3);
      // The picture's columns: the widest run of the ground's colour across the page's middle row of it.
      const rows = [...Array(page.height).keys()];
      // The picture's rows: the longest run of rows with the ground in them (a grey letter's edge can be near its colour).
      const groundRows = rows.map((y) => [...Array(page.width).keys()].filter((x) => ground(x, y)).length > page.width * 0.05);
      let [top, bottom] = [0, -1];
      for (let y = 0, from = 0; y <= page.height; y++) {
        if (y < page.height && groundRows[y]) continue;
        if (y - from > bottom - top + 1) [top, bottom] = [from, y - 1];
        from = y + 1;
      }
      if (bottom - top < 50) continue;
      const middle = Math.floor((top + bottom) / 2);
      const columns = [...Array(page.width).keys()].filter((x) => ground(x, middle));
      const [left, right] = [columns[0]!, columns.at(-1)!];
      // Ink in a row of the picture, but for its axis (dark in every row of the piece).
      const axis = new Set([...Array(right - left + 1).keys()].map((n) => left + n).filter((x) => rows.slice(top, bottom + 1).every((y) => !ground(x, y))));
      const ink = (y: number): number => [...Array(right - left - 3).keys()].map((n) => left + 2 + n).filter((x) => !axis.has(x) && !ground(x, y)).length;
      pieces.push({ page: index + 1, top, bottom, foot: ink(bottom - 1), head: ink(top + 1) });
    }
  }, 300_000);

  it('cuts each piece in the ground between two labels', () => {
    expect(status, stderr).toBe(0);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const piece of pieces) {
      expect(piece.foot, `foot of the piece on page ${piece.page}`).toBe(0);
      expect(piece.head, `head of the piece on page ${piece.page}`).toBe(0);
    }
  });

  it('prints the whole picture once, over its pieces', () => {
    const printed = pieces.reduce((sum, piece) => sum + piece.bottom - piece.top + 1, 0);
    expect(Math.abs(printed - PRINTED_IN * DPI)).toBeLessThanOrEqual(pieces.length * 2);
  });
});
