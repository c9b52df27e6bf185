/**
 * A long infographic goes into the e-book as pieces a screen shows across
 * its width (src/epub/long-pictures.ts), cut where it is one colour across,
 * not through a label, as print cuts its strip (test/pdf-strip-cuts.test.ts).
 * The strip-labels fixture is a bar chart 600 × 4800, a label and a bar
 * every 40 rows with 8 to 14 rows of ground between them, and an axis down
 * the whole picture. Cut in six equal pieces 800 rows tall, "Jun 1991" was
 * cut in half between the first and the second. The e-book's pieces are
 * read back from the EPUB: the rows at each piece's foot and head are the
 * chart's ground but for its axis, and the pieces are of one height.
 */
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIECE_RATIO } from '../src/epub/long-pictures.js';
import { openEpub, repoRoot, runCli, tempDir } from './helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'strip-labels');
/** The chart's ground, #eef0f8. */
const GROUND = [0xee, 0xf0, 0xf8] as const;

describe('a long infographic in the e-book', () => {
  let status: number | null;
  let stderr: string;
  const pieces: Array<{ width: number; height: number; head: number; foot: number }> = [];
  beforeAll(async () => {
    const out = tempDir('galley-epub-cuts-');
    ({ status, stderr } = runCli(['epub', FIXTURE, '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() }));
    if (status !== 0) return;
    const zip = await openEpub(path.join(out, 'strip-labels.epub'));
    const names = Object.keys(zip.files).filter((name) => /^OEBPS\/images\/figure-1-\d+\.png$/.test(name)).sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]));
    for (const name of names) {
      const { data, info } = await sharp(await zip.file(name)!.async('nodebuffer')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const ground = (x: number, y: number): boolean => [0, 1, 2].every((channel) => Math.abs(data[(y * info.width + x) * info.channels + channel]! - GROUND[channel]!) <= 3);
      const rows = [...Array(info.height).keys()];
      const columns = [...Array(info.width).keys()];
      // The axis: the columns with no ground in any row of the piece.
      const axis = new Set(columns.filter((x) => rows.every((y) => !ground(x, y))));
      const ink = (y: number): number => columns.filter((x) => !axis.has(x) && !ground(x, y)).length;
      pieces.push({ width: info.width, height: info.height, head: ink(0), foot: ink(info.height - 1) });
    }
  }, 180_000);

  it('is cut into pieces of one height, no taller than a screen shows', () => {
    expect(status, stderr).toBe(0);
    expect(pieces.length).toBeGreaterThanOrEqual(5);
    for (const piece of pieces) expect(piece.height).toBeLessThanOrEqual(PIECE_RATIO * piece.width);
    // A shorter piece has its last row, where it was cut, drawn on: under a reading app's 75vh limit it would stand wider than the others.
    expect(new Set(pieces.map((piece) => piece.height)).size).toBe(1);
    expect(pieces.reduce((sum, piece) => sum + piece.height, 0)).toBeGreaterThanOrEqual(4800);
  });

  it('cuts each piece in the ground between two labels', () => {
    pieces.forEach((piece, index) => {
      if (index > 0) expect(piece.head, `head of piece ${index + 1}`).toBe(0);
      if (index < pieces.length - 1) expect(piece.foot, `foot of piece ${index + 1}`).toBe(0);
    });
  });
});
