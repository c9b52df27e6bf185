/**
 * The covers and the scaled pictures in the build cache are kept under
 * galley's own identity, its version and the digest of its code
 * (src/identity.ts), as the build record is: a galley whose code changed
 * (and so may draw a cover or scale a picture otherwise) never takes what
 * another galley left in the cache. Each galley is the modules loaded anew
 * under another identity.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readCacheFileSync, writeCacheFileSync } from '../src/cache-file.js';

const previous = process.env.GALLEY_CACHE_DIR;
let cache: string;

beforeAll(() => {
  cache = mkdtempSync(path.join(os.tmpdir(), 'galley-code-digest-'));
  process.env.GALLEY_CACHE_DIR = cache;
});
afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
  if (previous === undefined) delete process.env.GALLEY_CACHE_DIR;
  else process.env.GALLEY_CACHE_DIR = previous;
  vi.doUnmock('../src/identity.js');
  vi.resetModules();
});

/** galley's modules as a galley with this code digest loads them (the same version). */
async function galleyWithCode(digest: string): Promise<{ cover: typeof import('../src/cover.js'); pictures: typeof import('../src/manuscript/scale-image.js') }> {
  vi.resetModules();
  vi.doMock('../src/identity.js', () => ({ galleyIdentity: () => Promise.resolve(`0.1.0 ${digest}`) }));
  return { cover: await import('../src/cover.js'), pictures: await import('../src/manuscript/scale-image.js') };
}

/** The files of a folder of the cache (none before the first is kept). */
const filesIn = (folder: string): string[] => (existsSync(path.join(cache, folder)) ? readdirSync(path.join(cache, folder)).filter((name) => /\.(jpg|png)$/.test(name)).sort() : []);

describe("the build cache and galley's code", () => {
  it('draws a cover again rather than take one kept by a galley with other code', async () => {
    const input = { title: 'A headline kept under one galley', subtitle: 'And its dek.' };
    const first = await galleyWithCode('a'.repeat(64));
    const drawn = await first.cover.renderThumbnail(input, 96, { cache: true });
    expect(filesIn('covers')).toHaveLength(1);
    // A stand-in where that galley's cover is kept: the same galley takes it (so a cover taken from the cache shows).
    const file = path.join(cache, 'covers', filesIn('covers')[0]!);
    const standIn = await first.cover.renderThumbnail({ title: 'Another cover' }, 96);
    writeCacheFileSync(file, standIn);
    expect((await first.cover.renderThumbnail(input, 96, { cache: true })).equals(standIn)).toBe(true);

    // A galley with other code draws its own (and keeps it beside the other).
    const second = await galleyWithCode('b'.repeat(64));
    expect((await second.cover.renderThumbnail(input, 96, { cache: true })).equals(drawn)).toBe(true);
    expect(filesIn('covers')).toHaveLength(2);
    expect(readCacheFileSync(file)!.equals(standIn)).toBe(true);
  });

  it('scales a picture again rather than take one scaled by a galley with other code', async () => {
    const big = await sharp({ create: { width: 2600, height: 1300, channels: 3, background: { r: 200, g: 60, b: 40 } } }).png().toBuffer();
    const first = await galleyWithCode('c'.repeat(64));
    const scaled = await first.pictures.scaleImage('image/png', big, 2600, 1300);
    expect(scaled).toMatchObject({ width: 2000, height: 1000, scaled: true });
    expect(filesIn('pictures')).toHaveLength(1);
    const file = path.join(cache, 'pictures', filesIn('pictures')[0]!);
    const standIn = await sharp({ create: { width: 20, height: 10, channels: 3, background: { r: 0, g: 0, b: 255 } } }).png().toBuffer();
    writeCacheFileSync(file, standIn);
    expect((await first.pictures.scaleImage('image/png', big, 2600, 1300)).bytes.equals(standIn)).toBe(true);

    const second = await galleyWithCode('d'.repeat(64));
    const again = await second.pictures.scaleImage('image/png', big, 2600, 1300);
    expect(again.bytes.equals(scaled.bytes)).toBe(true);
    expect(again).toMatchObject({ width: 2000, height: 1000 });
    expect(filesIn('pictures')).toHaveLength(2);
  });
});
