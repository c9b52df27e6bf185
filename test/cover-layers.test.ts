/** galley dev's picture layers: a cover drawn over the same picture again gives the same PNG, for less drawing. */
import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
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

  it('never shows a layer over another picture, even one of the same length that differs only between the bytes it samples', async () => {
    // PNGs whose pixels are stored, not compressed (deflate level 0: no matching), with a text chunk after them
    // whose length moves their checksums.
    const crcTable = Array.from({ length: 256 }, (_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const crc32 = (bytes: Buffer): number => {
      let c = 0xffffffff;
      for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type: string, data: Buffer): Buffer => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const framed = Buffer.alloc(body.length + 8);
      framed.writeUInt32BE(data.length, 0);
      body.copy(framed, 4);
      framed.writeUInt32BE(crc32(body), body.length + 4);
      return framed;
    };
    const header = Buffer.from([0, 0, 0, 200, 0, 0, 0, 100, 8, 2, 0, 0, 0]); // 200 x 100, 8-bit RGB
    const png = (raw: Buffer, padding: number): Buffer =>
      Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 0 })), chunk('tEXt', Buffer.from(`Comment\0${'x'.repeat(padding)}`, 'latin1')), chunk('IEND', Buffer.alloc(0))]);
    const svgOf = (picture: Buffer): string =>
      `<svg width="1600" height="2400" viewBox="0 0 1600 2400" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="1600" height="2400" fill="#15202b"/>` +
      `<image x="0" y="0" width="1600" height="800" preserveAspectRatio="none" href="data:image/png;base64,${picture.toString('base64')}"/><rect x="100" y="1000" width="400" height="200" fill="#f5f1e8"/></svg>`;
    // Rows of grey, each row a shade; each row starts with its filter byte (0).
    const raw = Buffer.concat(Array.from({ length: 100 }, (_, y) => Buffer.concat([Buffer.from([0]), Buffer.alloc(600, y * 2)])));
    // The 1 KB samples the layers take of the SVG up to the picture (see fingerprint() in cover-layers.ts).
    const sampled = (svg: string, at: number): boolean => {
      const length = svg.indexOf('/>', svg.indexOf('<image')) + 2;
      const step = Math.max(1024, Math.floor(length / 16));
      return at >= length - 1024 || at % step < 1024;
    };
    // A second picture with one pixel changed, where no sample reaches the change (nor the checksums it changes).
    let pair: [string, string] | undefined;
    for (let padding = 3000; !pair && padding < 3600; padding += 37) {
      const first = svgOf(png(raw, padding));
      for (let row = 10; !pair && row < 90; row += 7) {
        const changed = Buffer.from(raw);
        changed[row * 601 + 301] = 255 - changed[row * 601 + 301]!;
        const second = svgOf(png(changed, padding));
        const differing = [...first].flatMap((char, i) => (char === second[i] ? [] : [i]));
        if (second.length === first.length && differing.length > 0 && !differing.some((i) => sampled(first, i))) pair = [first, second];
      }
    }
    expect(pair).toBeDefined();
    const layers = new PictureLayers();
    for (const svg of pair!) {
      const layered = await layers.apply(svg, COVER_WIDTH, COVER_HEIGHT, 400, drawing(400));
      expect(layered).not.toBe(svg);
      expect((await rasterize(layered, drawing(400))).equals(await rasterize(svg, drawing(400)))).toBe(true);
    }
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
