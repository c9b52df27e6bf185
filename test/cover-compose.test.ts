/**
 * The cover drawn as resvg's drawing of everything but the lead picture,
 * with the picture scaled by sharp and copied in (src/cover-compose.ts,
 * src/cover-raster.cjs), encoded as JPEG: it must look as resvg's drawing
 * of the whole SVG did, be small for a photograph, and fall back to resvg's
 * own drawing of the picture where copying it in would not be exact.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import { imageSize } from 'image-size';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COVER_HEIGHT, COVER_TEMPLATE, COVER_WIDTH, renderCover, renderCoverSvg, type CoverImage, type CoverInput } from '../src/cover.js';
import { placePicture } from '../src/cover-compose.js';
import { pictureStandIn } from '../src/cover-layout.js';
import { simplifyCoverSvg } from '../src/cover-svg.js';
import { repoRoot } from './helpers.js';

async function picture(file: string): Promise<CoverImage> {
  const bytes = await readFile(path.join(repoRoot, file));
  const { width, height, type } = imageSize(bytes);
  return { bytes, mediaType: type === 'png' ? 'image/png' : 'image/jpeg', width: width!, height: height! };
}

/** RGB pixels of an encoded image. */
async function rgb(image: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The cover as resvg drew all of it before (the picture resampled by resvg), as RGB pixels. */
async function drawnByResvg(input: Omit<CoverInput, 'width'>, width: number): Promise<Buffer> {
  const svg = simplifyCoverSvg(await renderCoverSvg(input), COVER_WIDTH, COVER_HEIGHT);
  const png = (await renderAsync(svg, { fitTo: width === COVER_WIDTH ? { mode: 'original' } : { mode: 'width', value: width }, font: { loadSystemFonts: false } })).asPng();
  return (await rgb(png)).data;
}

/** Mean absolute difference per colour value (of 255) of two RGB images, over rows [top, bottom). */
function meanDifference(a: Buffer, b: Buffer, width: number, top: number, bottom: number): number {
  let sum = 0;
  for (let i = top * width * 3; i < bottom * width * 3; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / ((bottom - top) * width * 3);
}

let photo: CoverImage;
let seed: CoverImage;
let scratch: string;
const title = 'The harbour at first light';
const subtitle = 'A made-up morning on an invented quay, told mostly in pictures.';

beforeAll(async () => {
  photo = await picture('test/fixtures/good/unseen-title-only/images/harbour.jpg');
  seed = await picture('manuscript/mattis-russia-nato/images/nato-ministers.png');
  scratch = await mkdtemp(path.join(tmpdir(), 'galley-cover-compose-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('placePicture', () => {
  it('finds the picture and the whole pixels it covers, at the cover’s size and the thumbnail’s', async () => {
    const svg = simplifyCoverSvg(await renderCoverSvg({ title, leadImage: seed }), COVER_WIDTH, COVER_HEIGHT);
    const full = placePicture(svg, COVER_WIDTH, COVER_HEIGHT, 1)!;
    // 1500×1000 set to cover 1600×1067: a fraction of a pixel wider than the canvas.
    expect(full.place).toEqual({ x: 0, y: 0, width: 1601, height: 1067, region: { left: 0, top: 0, width: 1600, height: 1067 } });
    expect(full.base).not.toContain('<image');
    expect(full.base.length).toBeLessThan(svg.length - seed.bytes.length);
    // The thumbnail's 0.3: the picture ends a tenth of the way into row 320, which it does not cover whole.
    expect(placePicture(svg, COVER_WIDTH, COVER_HEIGHT, 0.3)!.place.region).toEqual({ left: 0, top: 0, width: 480, height: 320 });
    // A cropped picture: only its box.
    const tall = await picture('test/fixtures/good/unseen-pictures/images/tall.jpg');
    const cropped = placePicture(simplifyCoverSvg(await renderCoverSvg({ title, leadImage: tall }), COVER_WIDTH, COVER_HEIGHT), COVER_WIDTH, COVER_HEIGHT, 1)!;
    expect(cropped.place.y).toBeLessThan(0);
    expect(cropped.place.region).toEqual({ left: 0, top: 0, width: 1600, height: 1240 });
    // No picture, nothing to place.
    expect(placePicture(await renderCoverSvg({ title }), COVER_WIDTH, COVER_HEIGHT, 1)).toBeUndefined();
  });

  it('is laid out by satori from a stand-in of its size; the SVG galley hands on holds the picture itself', async () => {
    const svg = await renderCoverSvg({ title, leadImage: photo });
    expect(svg).toContain(`href="data:image/jpeg;base64,${photo.bytes.toString('base64')}"`);
    expect(svg).not.toContain(pictureStandIn(photo));
    expect(svg.match(/<image /g)).toHaveLength(1);
  });
});

describe('a cover with a photograph', () => {
  it('is a JPEG of at most 400 KB that looks as resvg drew the whole cover', async () => {
    const input = { title, subtitle, byline: 'Ann Smith', leadImage: photo };
    const cover = await renderCover(input);
    expect(imageSize(cover)).toMatchObject({ type: 'jpg', width: 1600, height: 2400 });
    // As a PNG drawn by resvg it was 1.7 MB.
    expect(cover.length).toBeLessThan(400 * 1024);
    const ours = await rgb(cover);
    const theirs = await drawnByResvg(input, COVER_WIDTH);
    // The picture (rows 0-1199) scaled by another filter, and JPEG's rounding: a step or two of 255 on average, nowhere shifted.
    expect(meanDifference(ours.data, theirs, 1600, 0, 1200)).toBeLessThan(3);
    // The band and the type below it.
    expect(meanDifference(ours.data, theirs, 1600, 1200, 2400)).toBeLessThan(1.5);
  });

  it('draws the thumbnail the same way, and a seed-like drawing too', async () => {
    for (const [input, width] of [[{ title, leadImage: photo }, 480], [{ title, subtitle, leadImage: seed }, 480], [{ title, subtitle, leadImage: seed }, 1600]] as const) {
      const ours = await rgb(await renderCover({ ...input, width }));
      const theirs = await drawnByResvg(input, width);
      expect(meanDifference(ours.data, theirs, width, 0, ours.height)).toBeLessThan(3);
    }
  });
});

describe('a picture that cannot be copied in', () => {
  it('is drawn by resvg with everything else: here, a headline set over it', async () => {
    const dir = path.join(scratch, 'templates');
    await mkdir(path.join(dir, 'cover'), { recursive: true });
    // The headline over the picture: the pixels under the picture's place are not one flat colour.
    await writeFile(
      path.join(dir, COVER_TEMPLATE),
      `<div style="display: flex; width: <%= width %>px; height: <%= height %>px; background-color: #15202b; color: #ffffff; font-family: Literata;">` +
        `<img src="<%= image.src %>" width="1600" height="1200" style="position: absolute; left: 0; top: 0; object-fit: cover;" />` +
        `<div style="display: flex; position: absolute; left: 100px; top: 500px; font-size: 160px; font-weight: 700;"><%= title %></div></div>`,
    );
    const input = { title: 'Over the water', leadImage: photo, templatesDir: dir };
    const ours = await rgb(await renderCover(input));
    const theirs = await drawnByResvg(input, COVER_WIDTH);
    expect(meanDifference(ours.data, theirs, 1600, 0, 2400)).toBeLessThan(1.5);
    // The headline is there, white over the photograph.
    let white = 0;
    for (let y = 520; y < 680; y++) for (let x = 100; x < 1500; x++) if (ours.data.subarray((y * 1600 + x) * 3, (y * 1600 + x) * 3 + 3).every((v) => v > 235)) white++;
    expect(white).toBeGreaterThan(5000);
  });
});

describe('a transparent picture (a line drawing with no ground)', () => {
  it('is set on white, as the page prints it, not on the cover’s dark ground; in both ways of drawing it', async () => {
    // Black lines on full transparency, as maps and diagrams are often exported.
    const size = { width: 1200, height: 800 };
    const lines = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800"><path d="M100 700 L600 150 L1100 600" stroke="#000" stroke-width="14" fill="none"/><circle cx="600" cy="150" r="40"/></svg>`);
    const bytes = await sharp(lines).png().toBuffer();
    expect((await sharp(bytes).metadata()).hasAlpha).toBe(true);
    const drawing: CoverImage = { bytes, mediaType: 'image/png', ...size };
    const input = { title: 'A route on a transparent map', leadImage: drawing };
    const ground = (data: Buffer, width: number, x: number, y: number) => [...data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];
    for (const width of [1600, 480]) {
      const ours = await rgb(await renderCover({ ...input, width }));
      const s = width / 1600;
      // Away from the lines, the picture's place is white (it was the navy ground: about 27, 35, 48).
      for (const [x, y] of [[200, 200], [1400, 200], [800, 900]] as const) for (const value of ground(ours.data, width, Math.round(x * s), Math.round(y * s))) expect(value, `${width}: ${x},${y}`).toBeGreaterThan(240);
      // The lines are still black on it.
      expect(Math.max(...ground(ours.data, width, Math.round(800 * s), Math.round(200 * s)))).toBeLessThan(60);
    }
    // resvg's own drawing of the whole SVG (the way a picture that cannot be copied in is drawn) sets it on white too.
    const theirs = await drawnByResvg(input, COVER_WIDTH);
    for (const value of ground(theirs, 1600, 200, 200)) expect(value).toBeGreaterThan(240);
  });
});

