/**
 * The reader tells which pictures have a pixel that is not opaque
 * (transparencyOf), so that the e-book grounds those on white without
 * decoding every picture at every build: a PNG that declares no alpha is
 * opaque by its header; another is decoded once and its verdict kept in the
 * build cache.
 */
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transparencyOf } from '../src/manuscript/image-checks.js';
import { tempDir } from './helpers.js';

const pixels = (channels: 3 | 4, alpha: number): Buffer => {
  const data = Buffer.alloc(8 * 8 * channels, 200);
  if (channels === 4) for (let i = 3; i < data.length; i += 4) data[i] = 255;
  if (channels === 4) data[3] = alpha;
  return data;
};
const png = (channels: 3 | 4, alpha = 255): Promise<Buffer> => sharp(pixels(channels, alpha), { raw: { width: 8, height: 8, channels } }).png().toBuffer();

describe('transparencyOf', () => {
  let cache: string;
  const before = process.env.GALLEY_CACHE_DIR;
  beforeAll(() => {
    cache = tempDir('galley-transparency-');
    process.env.GALLEY_CACHE_DIR = cache;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.GALLEY_CACHE_DIR;
    else process.env.GALLEY_CACHE_DIR = before;
  });
  const grounds = (): string[] => (existsSync(path.join(cache, 'grounds')) ? readdirSync(path.join(cache, 'grounds')) : []);

  it('reads a PNG without an alpha channel as opaque from its header, decoding nothing', async () => {
    expect(await transparencyOf('image/png', await png(3))).toBe(false);
    expect(grounds()).toEqual([]);
  });

  it('decodes a PNG with an alpha channel: opaque when every pixel is, transparent when one is not, each verdict kept', async () => {
    expect(await transparencyOf('image/png', await png(4, 255))).toBe(false);
    expect(await transparencyOf('image/png', await png(4, 0))).toBe(true);
    expect(grounds()).toHaveLength(2);
  });

  it('reads a kept verdict from the build cache, not the picture again', async () => {
    const picture = await png(4, 10);
    const earlier = new Set(grounds());
    expect(await transparencyOf('image/png', picture)).toBe(true);
    const kept = grounds().filter((name) => !earlier.has(name));
    expect(kept).toHaveLength(1);
    // A verdict found is not written again: the file keeps the old time it is given here.
    const file = path.join(cache, 'grounds', kept[0]!);
    utimesSync(file, new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(await transparencyOf('image/png', picture)).toBe(true);
    expect(statSync(file).mtime.getFullYear()).toBe(2001);
  });

  it('leaves JPEG and SVG to others', async () => {
    expect(await transparencyOf('image/jpeg', Buffer.from([0xff, 0xd8]))).toBeUndefined();
    expect(await transparencyOf('image/svg+xml', Buffer.from('<svg/>'))).toBeUndefined();
  });
});
