/** The thread that draws cover SVGs as PNGs. */
import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { rasterize } from '../src/cover-raster.js';

const svg = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="90"><rect width="60" height="90" fill="${fill}"/></svg>`;

describe('drawing covers in a thread', () => {
  it('draws several SVGs at once, each its own PNG at the size asked, and survives one it cannot draw', async () => {
    const options = { fitTo: { mode: 'width', value: 30 }, font: { loadSystemFonts: false } } as const;
    const [red, blue, broken] = await Promise.allSettled([rasterize(svg('#ff0000'), options), rasterize(svg('#0000ff'), options), rasterize('<svg', options)]);
    expect(broken.status).toBe('rejected');
    expect((broken as PromiseRejectedResult).reason.message).toMatch(/^The cover could not be drawn: /);
    for (const drawn of [red, blue]) {
      expect(drawn.status).toBe('fulfilled');
      expect(imageSize((drawn as PromiseFulfilledResult<Buffer>).value)).toMatchObject({ type: 'png', width: 30, height: 45 });
    }
    expect((red as PromiseFulfilledResult<Buffer>).value.equals((blue as PromiseFulfilledResult<Buffer>).value)).toBe(false);
    // The thread is still there for the next one.
    expect(imageSize(await rasterize(svg('#00ff00'), { font: { loadSystemFonts: false } }))).toMatchObject({ width: 60, height: 90 });
  });
});
