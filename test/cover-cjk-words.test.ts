/**
 * A Chinese or Japanese headline on the cover breaks between words, never
 * inside one: "长江上游的渔民上岸之后" was set "长江上游的渔 / 民上岸之后",
 * splitting 渔民 ("fishermen"). Read from the drawn cover's pixels: the
 * extent of each line of the headline's light type on the dark ground.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderCover } from '../src/cover.js';

/** The light type's lines in rows [top, bottom): each line's first and last row and its leftmost and rightmost light pixel. */
async function lightLines(image: Buffer, top: number, bottom: number): Promise<Array<{ top: number; bottom: number; left: number; right: number }>> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const lines: Array<{ top: number; bottom: number; left: number; right: number }> = [];
  let current: (typeof lines)[number] | undefined;
  for (let y = top; y < bottom; y++) {
    let left = Infinity;
    let right = -Infinity;
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * 3;
      if (data[i]! > 200 && data[i + 1]! > 200 && data[i + 2]! > 200) {
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
    if (right >= left) {
      if (!current) lines.push((current = { top: y, bottom: y, left, right }));
      current.bottom = y;
      current.left = Math.min(current.left, left);
      current.right = Math.max(current.right, right);
    } else current = undefined;
  }
  return lines;
}

describe('a Chinese headline on the cover', () => {
  it('breaks between words: 长江上游的 / 渔民上岸之后, not 长江上游的渔 / 民上岸之后', async () => {
    const cover = await renderCover({ title: '长江上游的渔民上岸之后', language: 'zh-Hans', width: 800 });
    // No picture, no dek: the headline is the only light type on the cover (the accent band at the top is orange).
    const lines = (await lightLines(cover, 0, 1200)).filter((line) => line.bottom - line.top > 20);
    expect(lines).toHaveLength(2);
    // Five characters over six, at the same size: the second line is the longer.
    const width = (line: (typeof lines)[number]): number => line.right - line.left;
    expect(width(lines[1]!)).toBeGreaterThan(width(lines[0]!));
    expect(width(lines[1]!) / width(lines[0]!)).toBeGreaterThan(1.1);
  });
});
