/** The cover's SVG without the masks and clips that change nothing, drawn by resvg as before. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAsync } from '@resvg/resvg-js';
import { imageSize } from 'image-size';
import { beforeAll, describe, expect, it } from 'vitest';
import { COVER_HEIGHT, COVER_WIDTH, renderCoverSvg, type CoverImage } from '../src/cover.js';
import { placePicture } from '../src/cover-compose.js';
import { simplifyCoverSvg } from '../src/cover-svg.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const title = 'Mattis: US ‘not in a position to collaborate’ with Russian military';
const subtitle = 'Remarks that may come as a blow to hopes of increased cooperation between the two powers.';

/** A tall picture (1:3) in three bands, which the cover's picture box (wider than tall) must crop. */
async function tallPicture(): Promise<CoverImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="900"><rect width="300" height="300" fill="#c00"/><rect y="300" width="300" height="300" fill="#0a0"/><rect y="600" width="300" height="300" fill="#00c"/></svg>`;
  const bytes = (await renderAsync(svg, { font: { loadSystemFonts: false } })).asPng();
  return { bytes, mediaType: 'image/png', width: 300, height: 900 };
}

async function pixels(svg: string, width: number): Promise<Uint8Array> {
  const drawn = await renderAsync(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } });
  expect([drawn.width, drawn.height]).toEqual([width, (width * COVER_HEIGHT) / COVER_WIDTH]);
  return drawn.pixels;
}

/** The RGBA values that differ between two drawings: [pixel row, difference]. */
function differences(a: Uint8Array, b: Uint8Array, width: number): Array<[number, number]> {
  expect(a.length).toBe(b.length);
  const found: Array<[number, number]> = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) found.push([Math.floor(i / 4 / width), Math.abs(a[i]! - b[i]!)]);
  return found;
}

/** The `<image>` element of an SVG. */
const imageTag = (svg: string): string => /<image [^>]*>/.exec(svg)?.[0] ?? '';

let seedPicture: CoverImage;
let seed: string;
let tall: string;

beforeAll(async () => {
  const bytes = await readFile(path.join(root, 'manuscript/mattis-russia-nato/images/nato-ministers.png'));
  const { width, height } = imageSize(bytes);
  seedPicture = { bytes, mediaType: 'image/png', width: width!, height: height! };
  seed = await renderCoverSvg({ title, subtitle, leadImage: seedPicture });
  tall = await renderCoverSvg({ title, subtitle, leadImage: await tallPicture() });
});

describe('simplifyCoverSvg', () => {
  it('draws the seed picture without its mask and clip, and the cover comes out the same but for rounding at the picture’s edge', async () => {
    expect(imageTag(seed)).toMatch(/\smask="url\(#/);
    expect(imageTag(seed)).toMatch(/\sclip-path="url\(#/);
    const simpler = simplifyCoverSvg(seed, COVER_WIDTH, COVER_HEIGHT);
    expect(imageTag(simpler)).not.toMatch(/\s(mask|clip-path)=/);
    // Everything else is as satori wrote it.
    expect(simpler.replace(imageTag(simpler), '')).toBe(seed.replace(imageTag(seed), ''));

    // Full size: a few values move by one step of 255, nothing else.
    const full = differences(await pixels(seed, COVER_WIDTH), await pixels(simpler, COVER_WIDTH), COVER_WIDTH);
    expect(full.length).toBeLessThan(1000);
    expect(Math.max(0, ...full.map(([, by]) => by))).toBeLessThanOrEqual(1);

    // The thumbnail: the picture (1067 px tall) ends a quarter of the way into
    // row 266, which is drawn as the picture covers it; elsewhere, again a few
    // values move by one step.
    const small = differences(await pixels(seed, 400), await pixels(simpler, 400), 400);
    const elsewhere = small.filter(([row]) => row !== 266);
    expect(small.length - elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.length).toBeLessThan(100);
    expect(Math.max(0, ...elsewhere.map(([, by]) => by))).toBeLessThanOrEqual(1);

    // The cover galley draws is this simpler SVG's: all of it but the picture, which is copied in
    // where the SVG puts it (test/cover-compose.test.ts compares the two drawings).
    expect(placePicture(simpler, COVER_WIDTH, COVER_HEIGHT, 400 / COVER_WIDTH)!.base).toBe(simpler.replace(imageTag(simpler), ''));
  });

  it('keeps the clip of a picture the template crops, and draws it exactly as before', async () => {
    expect(imageTag(tall)).toMatch(/\sclip-path="url\(#/);
    const simpler = simplifyCoverSvg(tall, COVER_WIDTH, COVER_HEIGHT);
    expect(imageTag(simpler)).toMatch(/\sclip-path="url\(#/);
    expect(imageTag(simpler)).not.toMatch(/\smask=/);
    for (const width of [COVER_WIDTH, 400]) {
      expect(differences(await pixels(tall, width), await pixels(simpler, width), width)).toEqual([]);
    }
  });

  it('leaves a mask that is not an opaque copy of the clip, and shapes it does not know, as they are', () => {
    const picture = (mask: string, clip = '<rect x="0" y="0" width="100" height="50"/>') =>
      `<svg width="100" height="150" viewBox="0 0 100 150" xmlns="http://www.w3.org/2000/svg"><clipPath id="c">${clip}</clipPath><mask id="m">${mask}</mask><image x="0" y="0" width="100" height="50" href="data:image/png;base64,AA" clip-path="url(#c)" mask="url(#m)"/></svg>`;
    for (const kept of [
      picture('<rect x="0" y="0" width="100" height="50" fill="#808080"/>'),
      picture('<rect x="0" y="0" width="100" height="40" fill="#fff"/>'),
      picture('<rect x="0" y="0" width="100" height="50" fill="#fff"/><rect x="0" y="0" width="10" height="10" fill="#000"/>'),
      picture('<rect x="0" y="0" width="100" height="50" fill="#fff"/>', '<circle cx="50" cy="25" r="25"/>'),
    ]) {
      expect(simplifyCoverSvg(kept, 100, 150)).toBe(kept);
    }
    // The opaque copy goes, and then the clip too: the picture is inside it.
    expect(imageTag(simplifyCoverSvg(picture('<rect x="0" y="0" width="100" height="50" fill="#fff"/>'), 100, 150))).not.toMatch(/\s(mask|clip-path)=/);
  });
});
