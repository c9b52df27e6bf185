/** galley dev's picture layers: a cover drawn over the same picture again gives the same PNG, for less drawing. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAsync } from '@resvg/resvg-js';
import { imageSize } from 'image-size';
import { beforeAll, describe, expect, it } from 'vitest';
import { COVER_HEIGHT, COVER_WIDTH, keepPictureLayers, renderCover, renderCoverSvg, type CoverImage, type CoverInput } from '../src/cover.js';
import { PictureLayers } from '../src/cover-layers.js';
import { rasterize, type RasterOptions } from '../src/cover-raster.js';
import { simplifyCoverSvg } from '../src/cover-svg.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const subtitle = 'Remarks that may come as a blow to hopes of increased cooperation between the two powers.';

const drawing = (pixels: number): RasterOptions => ({
  fitTo: pixels === COVER_WIDTH ? { mode: 'original' } : { mode: 'width', value: pixels },
  font: { loadSystemFonts: false },
});

/** The cover drawn from scratch, as a build outside a dev session draws it. */
async function fromScratch(input: Omit<CoverInput, 'width'>, pixels: number): Promise<Buffer> {
  return rasterize(simplifyCoverSvg(await renderCoverSvg(input), COVER_WIDTH, COVER_HEIGHT), drawing(pixels));
}

let seedPicture: CoverImage;
let tallPicture: CoverImage;

beforeAll(async () => {
  const bytes = await readFile(path.join(root, 'manuscript/mattis-russia-nato/images/nato-ministers.png'));
  const { width, height } = imageSize(bytes);
  seedPicture = { bytes, mediaType: 'image/png', width: width!, height: height! };
  // A tall picture (1:3), which the cover crops to its box.
  const tall = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="900"><rect width="300" height="300" fill="#c00"/><rect y="300" width="300" height="300" fill="#0a0"/><rect y="600" width="300" height="300" fill="#00c"/></svg>`;
  tallPicture = { bytes: (await renderAsync(tall, { font: { loadSystemFonts: false } })).asPng(), mediaType: 'image/png', width: 300, height: 900 };
});

describe('PictureLayers', () => {
  it('shows the picture from a layer, unresampled, and the cover comes out the same bytes, at every size', async () => {
    const layers = new PictureLayers();
    for (const leadImage of [seedPicture, tallPicture]) {
      for (const pixels of [COVER_WIDTH, 400]) {
        for (const title of ['Mattis: US ‘not in a position to collaborate’', 'A second headline, on the same picture']) {
          const svg = simplifyCoverSvg(await renderCoverSvg({ title, subtitle, leadImage }), COVER_WIDTH, COVER_HEIGHT);
          const layered = await layers.apply(svg, COVER_WIDTH, COVER_HEIGHT, pixels, drawing(pixels));
          // The picture's own pixels are no longer in the SVG: a layer of the drawing's size stands for them.
          expect(layered).not.toContain(leadImage.bytes.toString('base64'));
          expect(layered).toMatch(/<image x="0" y="0" width="1600" height="[\d.]+" preserveAspectRatio="none" image-rendering="optimizeSpeed" href="data:image\/png;base64,/);
          const drawn = await rasterize(layered, drawing(pixels));
          expect(drawn.equals(await fromScratch({ title, subtitle, leadImage }, pixels))).toBe(true);
        }
      }
    }
    // One layer a picture and size, the most recent four kept.
    expect(layers.count).toBe(4);
  });

  it('with repeatsOnly, makes a layer only for a picture drawn again at the same size, and the covers come out the same bytes', async () => {
    const layers = new PictureLayers(4, true);
    const svgOf = async (title: string, leadImage: CoverImage) => simplifyCoverSvg(await renderCoverSvg({ title, subtitle, leadImage }), COVER_WIDTH, COVER_HEIGHT);
    const first = await svgOf('The first article over the picture', seedPicture);
    // Seen once, at each size and with another picture: drawn from scratch, no layer made.
    for (const [svg, pixels] of [[first, COVER_WIDTH], [first, 400], [await svgOf('Another picture', tallPicture), 400]] as const) {
      expect(await layers.apply(svg, COVER_WIDTH, COVER_HEIGHT, pixels, drawing(pixels))).toBe(svg);
    }
    expect(layers.count).toBe(0);
    // The same picture again, under other words: from a layer, the same bytes as a drawing from scratch.
    for (const title of ['The second article over the picture']) {
      for (const pixels of [COVER_WIDTH, 400]) {
        const layered = await layers.apply(await svgOf(title, seedPicture), COVER_WIDTH, COVER_HEIGHT, pixels, drawing(pixels));
        expect(layered).not.toContain(seedPicture.bytes.toString('base64'));
        expect((await rasterize(layered, drawing(pixels))).equals(await fromScratch({ title, subtitle, leadImage: seedPicture }, pixels))).toBe(true);
      }
    }
    expect(layers.count).toBe(2);
  });

  it('leaves a cover without a picture, and one drawn at a size that is not the design halved, as it is', async () => {
    const bare = simplifyCoverSvg(await renderCoverSvg({ title: 'No picture', subtitle }), COVER_WIDTH, COVER_HEIGHT);
    expect(await new PictureLayers().apply(bare, COVER_WIDTH, COVER_HEIGHT, 400, drawing(400))).toBe(bare);
    const svg = simplifyCoverSvg(await renderCoverSvg({ title: 'A picture', subtitle, leadImage: seedPicture }), COVER_WIDTH, COVER_HEIGHT);
    expect(await new PictureLayers().apply(svg, COVER_WIDTH, COVER_HEIGHT, 333, drawing(333))).toBe(svg);
  });

  it('keeps the picture of a cover whose background is not opaque (a PNG would round its colours)', async () => {
    const svg = simplifyCoverSvg(await renderCoverSvg({ title: 'A picture', subtitle, leadImage: seedPicture }), COVER_WIDTH, COVER_HEIGHT);
    // The background (the masks hold white rectangles of the same size).
    const background = /<rect x="0" y="0" width="1600" height="2400" fill="#(?!fff")[0-9a-f]+"\/>/.exec(svg)![0];
    for (const other of ['', background.replace('/>', ' fill-opacity="0.5"/>'), background.replace(/fill="[^"]+"/, 'fill="rgba(0,0,0,0.5)"')]) {
      const translucent = svg.replace(background, other);
      expect(await new PictureLayers().apply(translucent, COVER_WIDTH, COVER_HEIGHT, 400, drawing(400))).toBe(translucent);
    }
  });
});

describe('keepPictureLayers', () => {
  it('makes every later cover of the process use the layers, with the same bytes as before', async () => {
    const before = await renderCover({ title: 'Before the session', subtitle, leadImage: seedPicture, width: 400 });
    const session = keepPictureLayers();
    expect(keepPictureLayers()).toBe(session);
    expect(session.count).toBe(0);
    for (const title of ['Before the session', 'A headline edited in the session']) {
      for (const width of [COVER_WIDTH, 400]) {
        expect((await renderCover({ title, subtitle, leadImage: seedPicture, width })).equals(await fromScratch({ title, subtitle, leadImage: seedPicture }, width))).toBe(true);
      }
    }
    expect(session.count).toBe(2);
    expect((await renderCover({ title: 'Before the session', subtitle, leadImage: seedPicture, width: 400 })).equals(before)).toBe(true);
  });
});
