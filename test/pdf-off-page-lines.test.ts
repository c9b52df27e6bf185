/**
 * A line of the next page whose letters rise into this one (Urdu in
 * Nastaliq, whose words climb higher above their baseline than the leading
 * leaves room for) is not drawn at the foot of this page: Chromium drew the
 * tip of its tallest letter there, a speck of ink below the page's last line
 * and a stray letter in its text. withoutOffPageLines on a stream as Chromium
 * writes it, and a real Urdu article whose heading begins page 2.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withoutOffPageLines } from '../src/pdf/off-page-lines.js';
import { repoRoot, runCli, tempDir } from './helpers.js';

/** A letter page's stream: the folio unclipped, then the page's area (y 68.25–719.85 pt from the top) clipped, with a line of its own and the tip of the next page's first line. */
const stream = [
  '.24 0 0 -.24 0 792 cm',
  'q',
  '3.125 0 0 3.125 0 0 cm',
  'BT',
  '/F4 10.66 Tf',
  '1 0 0 -1 381 996 Tm',
  '<006b> Tj',
  'ET',
  'Q',
  'q',
  '443.75 284.375 1662.01172 2715.0391 re',
  'W* n',
  'q',
  '3.125 0 0 3.125 443.75 284.375 cm',
  '/NonStruct <</MCID 15 >>BDC',
  'BT',
  '/F5 9.97 Tf',
  '1 0 0 -1 437.28125 749 Tm',
  '<0391> Tj',
  '5.18 3.77 Td',
  '<0392> Tj',
  'ET',
  'EMC',
  '/NonStruct <</MCID 16 >>BDC',
  'BT',
  '/Span<</ActualText <feff06a9> >> BDC',
  '/F6 17.6 Tf',
  '1 0 0 -1 480.4375 897 Tm',
  '34.243652 2.5519867 Td <01f3> Tj',
  'EMC',
  'ET',
  'EMC',
  'Q',
  'Q',
].join('\n');

describe('withoutOffPageLines', () => {
  it('removes the glyphs of a line whose baseline is below the page’s area, and nothing else', () => {
    const kept = withoutOffPageLines(stream, 792)!;
    expect(kept).toBeDefined();
    expect(kept).not.toContain('<01f3>');
    // The page's own line, the folio (drawn outside the page's area), the marks and the positioning stay.
    for (const part of ['<0391> Tj', '<0392> Tj', '<006b> Tj', '/Span<</ActualText <feff06a9> >> BDC', '34.243652 2.5519867 Td', '/NonStruct <</MCID 16 >>BDC']) expect(kept).toContain(part);
    expect(kept.split('\n').length).toBe(stream.split('\n').length);
  });

  it('leaves a page whose lines are all its own as it is', () => {
    expect(withoutOffPageLines(stream.replace('480.4375 897 Tm', '480.4375 850 Tm'), 792)).toBeUndefined();
    // A line of the page before, whose descender reaches the top of this one, goes too.
    expect(withoutOffPageLines(stream.replace('480.4375 897 Tm', '480.4375 -40 Tm'), 792)).not.toContain('<01f3>');
  });

  it('takes no clip smaller than half the page for its area', () => {
    expect(withoutOffPageLines(stream.replace('1662.01172 2715.0391 re', '1662.01172 900 re'), 792)).toBeUndefined();
  });
});

describe('an Urdu article whose heading begins a page', () => {
  const out = tempDir('galley-off-page-');
  const name = 'words-ur';
  let built: ReturnType<typeof runCli>;
  const pageText = (page: number): string => spawnSync('pdftotext', ['-f', String(page), '-l', String(page), path.join(out, `${name}.pdf`), '-'], { encoding: 'utf8' }).stdout;

  beforeAll(() => {
    built = runCli(['pdf', path.join(repoRoot, 'test', 'fixtures', 'good', name), '--out', out, '--page-size', 'letter'], { GALLEY_CACHE_DIR: tempDir() });
  }, 120_000);

  it('prints no letter of page 2’s heading at the foot of page 1', () => {
    expect(built.status, built.stderr).toBe(0);
    // The heading "کیا بدلا" (its ک rises highest) begins page 2, whole.
    expect(pageText(2)).toMatch(/کیا بدلا/);
    const lines = pageText(1).split('\n').map((line) => line.replace(/[\u200e\u200f\u202a-\u202e]/g, '').trim());
    expect(lines.filter((line) => /^\p{Script=Arabic}$/u.test(line))).toEqual([]);
  });
});
