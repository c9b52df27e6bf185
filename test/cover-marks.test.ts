/**
 * Marks the font places over a letter with no character of its own: Yoruba
 * writes its tones on dotted vowels (Ọ̀, ẹ́), which Unicode composes from
 * the dotted letter and a combining grave or acute, and the font's mark
 * positioning raises the mark over a capital. The cover must draw it there,
 * as it draws the grave of a precomposed Ò (src/satori.ts), not inside the
 * letter's bowl where it vanishes into the ink. Read from the cover's pixels.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCover } from '../src/cover.js';
import { patchedSource } from '../src/satori.js';

/** The rows of the cover the headline's ink covers: the first and last row with a pixel of the paper colour (#f5f1e8; the rule and the band are red, the ground dark). */
async function headlineRows(title: string): Promise<{ top: number; bottom: number; inked: number }> {
  const png = await renderCover({ title, language: 'yo' }, { format: 'png' });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let top = Infinity;
  let bottom = -Infinity;
  let inked = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const at = (y * info.width + x) * 3;
      if (data[at]! > 160 && data[at + 1]! > 160 && data[at + 2]! > 150) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        inked++;
      }
    }
  }
  return { top, bottom, inked };
}

describe('tone marks on dotted capitals on the cover', () => {
  let dotted: Awaited<ReturnType<typeof headlineRows>>;
  let marked: Awaited<ReturnType<typeof headlineRows>>;
  let precomposed: Awaited<ReturnType<typeof headlineRows>>;

  beforeAll(async () => {
    // One word each, set at the same size: the headline's largest.
    [dotted, marked, precomposed] = await Promise.all([headlineRows('Ọyọ'), headlineRows('Ọ̀yọ'), headlineRows('Òyọ')]);
  });

  it('draws the grave of Ọ̀ above the capital, where the grave of Ò is', () => {
    expect(dotted.bottom).toBe(marked.bottom);
    // The grave reaches well above the capital's top (drawn inside the O, it reached no higher)…
    expect(dotted.top - marked.top).toBeGreaterThan(40);
    // …as high as the font's own Ò (its capital grave is a flatter drawing: a few pixels either way).
    expect(Math.abs(marked.top - precomposed.top)).toBeLessThanOrEqual(12);
    // And it is ink of its own, not lost in the letter's.
    expect(marked.inked - dotted.inked).toBeGreaterThan(500);
  });

  it('refuses a satori whose build no longer draws offsets as expected', () => {
    expect(patchedSource('a;let K=r+Y.dx*b,z=c+Y.dy*b,_=1')).toBe('a;let K=r+Y.dx*b,z=c-Y.dy*b,_=1');
    expect(() => patchedSource('a;let K=r+Y.dx*b,z=c-Y.dy*b,_=1')).toThrow(/src\/satori\.ts/);
  });
});
