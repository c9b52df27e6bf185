/**
 * Photos as phones and agencies deliver them: a JPEG stored sideways with an
 * EXIF orientation, and a CMYK JPEG. The browser and reading apps show both
 * right; the cover must too (satori and resvg read neither): the reader
 * writes such a picture again upright and in sRGB (src/manuscript/scale-image.ts)
 * and the cover draws what it hands on.
 */
import { imageSize } from 'image-size';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { COVER_HEIGHT, COVER_WIDTH, renderCover, type CoverImage } from '../src/cover.js';
import { scaleImage } from '../src/manuscript/scale-image.js';
import { tempDir } from './helpers.js';

const YELLOW = [250, 210, 0];
const BLUE = [20, 60, 220];
const GREEN = [0, 150, 60];

/** A JPEG of `width` × `height`: its top half `top`, its bottom half `bottom`. */
async function halves(width: number, height: number, top: number[], bottom: number[]): Promise<Buffer> {
  const half = (rgb: number[]) => sharp({ create: { width, height: height / 2, channels: 3, background: { r: rgb[0]!, g: rgb[1]!, b: rgb[2]! } } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#000' } })
    .composite([
      { input: await half(top), top: 0, left: 0 },
      { input: await half(bottom), top: height / 2, left: 0 },
    ])
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** The picture as the reader hands it to the cover: the file's bytes and the sizes its header gives, through scaleImage. */
async function asRead(file: Buffer): Promise<CoverImage> {
  const { width, height } = imageSize(file);
  const read = await scaleImage('image/jpeg', file, width!, height!);
  return { bytes: read.bytes, mediaType: 'image/jpeg', width: read.width, height: read.height };
}

/** The colour at (x, y) of an encoded image, given as fractions of its size. */
async function colourAt(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (Math.round(y * info.height) * info.width + Math.round(x * info.width)) * 3;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

function near(colour: number[], expected: number[]): boolean {
  return colour.every((value, i) => Math.abs(value - expected[i]!) <= 40);
}

describe('the cover of a photo stored sideways or in CMYK', () => {
  let sideways: Buffer;
  let cmyk: Buffer;

  beforeAll(async () => {
    // scaleImage keeps what it writes in the build cache: this test's own.
    process.env.GALLEY_CACHE_DIR = tempDir('galley-cover-photo-kinds-');
    // Upright it is yellow above blue; stored turned a quarter to the left, with
    // EXIF orientation 6 (turn it a quarter right to show it), as phones write them.
    const upright = await halves(800, 1200, YELLOW, BLUE);
    sideways = await sharp(upright).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    cmyk = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: GREEN[0]!, g: GREEN[1]!, b: GREEN[2]! } } })
      .toColourspace('cmyk')
      .jpeg({ quality: 95 })
      .toBuffer();
  }, 60_000);

  it('makes fixtures that are what they say', async () => {
    expect((await sharp(sideways).metadata()).orientation).toBe(6);
    expect(imageSize(sideways)).toMatchObject({ width: 1200, height: 800 });
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
  });

  it('draws a phone photo upright', async () => {
    const cover = await renderCover({ title: 'A phone photo', leadImage: await asRead(sideways), width: COVER_WIDTH });
    expect(imageSize(cover)).toMatchObject({ width: COVER_WIDTH, height: COVER_HEIGHT });
    // The picture fills the cover's upper band, cropped to its middle: yellow
    // near the band's top, blue near its foot, as the photo stands.
    expect(await colourAt(cover, 0.5, 0.05)).toSatisfy((c: number[]) => near(c, YELLOW));
    expect(await colourAt(cover, 0.5, 0.38)).toSatisfy((c: number[]) => near(c, BLUE));
  }, 60_000);

  it('draws a CMYK photo in its colours', async () => {
    const cover = await renderCover({ title: 'An agency picture', leadImage: await asRead(cmyk), width: 800 });
    expect(await colourAt(cover, 0.5, 0.2)).toSatisfy((c: number[]) => near(c, GREEN));
  }, 60_000);
});
