/**
 * A Greek capital with an accent or breathing after a word space keeps the
 * space: Literata draws the accent of Ό Έ Ἡ Ὀ … left of the letter's
 * origin, and "τον Όμηρο" printed as "τονΌμηρο", the tonos standing in the
 * word space. The face's Greek files give such capitals room for their
 * accents (src/accent-room.ts). Read from the printed PDF: the words'
 * places (pdftotext -bbox) and the ink between them on the page drawn at
 * 150 dpi (pdftoppm): the blank before "Όμηρο" is as wide as the line's other
 * word spaces.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { pdfWordBoxes, type BoxedWord } from './pdf-helpers.js';

const DPI = 150;

describe('a Greek capital with an accent after a word space', () => {
  const out = tempDir('galley-greek-accents-');
  let words: BoxedWord[];
  let ink: (x: number, y: number) => boolean;
  let width: number;

  beforeAll(async () => {
    const { status, stderr } = runCli(['pdf', path.join(repoRoot, 'test', 'fixtures', 'good', 'screen-lines-el'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(status, stderr).toBe(0);
    const pdf = path.join(out, 'screen-lines-el.pdf');
    words = pdfWordBoxes(pdf, { first: 1, last: 1 })[0]!.lines.flatMap((line) => line.words);
    execFileSync('pdftoppm', ['-gray', '-r', String(DPI), '-f', '1', '-l', '1', '-png', pdf, path.join(out, 'page')]);
    const { data, info } = await sharp(readFileSync(path.join(out, 'page-1.png'))).raw().toBuffer({ resolveWithObject: true });
    width = info.width;
    ink = (x, y) => data[(y * info.width + x) * info.channels]! < 160;
  }, 180_000);

  /** The widest run of inkless pixel columns between two words, in points, over the height of the words' line. */
  const blank = (before: BoxedWord, after: BoxedWord): number => {
    const scale = DPI / 72;
    const top = Math.floor(Math.min(before.top, after.top) * scale);
    const bottom = Math.ceil(Math.max(before.bottom, after.bottom) * scale);
    const from = Math.floor(((before.left + before.right) / 2) * scale);
    const to = Math.min(width - 1, Math.ceil(((after.left + after.right) / 2) * scale));
    let widest = 0;
    let run = 0;
    for (let x = from; x <= to; x++) {
      let clear = true;
      for (let y = top; y <= bottom && clear; y++) if (ink(x, y)) clear = false;
      run = clear ? run + 1 : 0;
      widest = Math.max(widest, run);
    }
    return widest / scale;
  };

  for (const [line, word] of [['headline', 'τον'], ['text', 'στον']] as const) {
    it(`is set apart from the word before it in the ${line} ("${word} Όμηρο")`, () => {
      const at = words.findIndex((w, i) => w.text === word && words[i + 1]?.text.startsWith('Όμηρο'));
      expect(at, words.map((w) => w.text).join(' ')).toBeGreaterThan(0);
      const sameLine = words.filter((w) => Math.abs(w.top - words[at]!.top) < 1);
      const others = sameLine.slice(0, -1).map((w, i) => ({ w, next: sameLine[i + 1]! })).filter(({ w }) => w !== words[at]).map(({ w, next }) => blank(w, next));
      others.sort((a, b) => a - b);
      const usual = others[Math.floor(others.length / 2)]!;
      expect(blank(words[at]!, words[at + 1]!), JSON.stringify(others)).toBeGreaterThan(0.75 * usual);
    });
  }
});
