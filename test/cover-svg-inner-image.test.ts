/**
 * An SVG lead picture holding a picture of its own (`<image href="data:image/png…">`,
 * a chart's logo): the cover shows it as the editions do. resvg loads no
 * picture inside an SVG drawn as a picture, so the cover lost it.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderCover } from '../src/cover.js';

/** How many pixels of `image` are `rgb`, give or take 12 in each channel. */
async function pixelsOf(image: Buffer, rgb: number[]): Promise<number> {
  const { data } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let at = 0; at < data.length; at += 3) if (rgb.every((value, i) => Math.abs(data[at + i]! - value) <= 12)) count++;
  return count;
}

describe('an SVG lead picture with a picture inside', () => {
  it('is drawn on the cover with the picture inside it', async () => {
    const logo = await sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 0, g: 200, b: 90 } } }).png().toBuffer();
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="400" viewBox="0 0 600 400">' +
      '<rect width="600" height="400" fill="#f4f4f4"/><rect x="40" y="60" width="80" height="280" fill="#3b6ea8"/>' +
      `<image x="420" y="240" width="120" height="80" xlink:href="data:image/png;base64,${logo.toString('base64')}"/></svg>`;
    const cover = await renderCover({ title: 'A chart with a logo', leadImage: { bytes: Buffer.from(svg), mediaType: 'image/svg+xml', width: 600, height: 400 }, width: 800 }, { format: 'png' });
    // The bars are drawn; so is the logo (about 120 × 80 of 600 × 400, on a cover 800 wide: some 4,000 pixels).
    expect(await pixelsOf(cover, [59, 110, 168])).toBeGreaterThan(2000);
    expect(await pixelsOf(cover, [0, 200, 90])).toBeGreaterThan(2000);
  }, 60_000);
});
