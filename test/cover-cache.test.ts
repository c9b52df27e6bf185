/**
 * Covers drawn by a build are kept in the build cache by their inputs, and
 * the next build with the same inputs gets the same PNG without drawing it.
 * The cover's faces reach satori as TrueType.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageSize } from 'image-size';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderCover, renderThumbnail } from '../src/cover.js';
import { readCacheFileSync, writeCacheFileSync } from '../src/cache-file.js';
import { cachedCover, keepCover } from '../src/cover-png-cache.js';
import { coverFonts } from '../src/typefaces.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const title = 'Mattis: US ‘not in a position to collaborate’ with Russian military';
const subtitle = "Mattis's remarks may come as a blow to hopes of increased cooperation between the two powers.";

describe('the cover cache', () => {
  let cache: string;
  let leadImage: { bytes: Buffer; mediaType: string; width: number; height: number };
  const previous = process.env.GALLEY_CACHE_DIR;

  beforeAll(() => {
    const bytes = readFileSync(path.join(root, 'manuscript/mattis-russia-nato/images/nato-ministers.png'));
    const { width, height } = imageSize(bytes);
    leadImage = { bytes, mediaType: 'image/png', width, height };
  });
  // A cache of each case's own: the cases hold alone and in any order.
  beforeEach(() => {
    cache = mkdtempSync(path.join(os.tmpdir(), 'galley-cover-cache-'));
    process.env.GALLEY_CACHE_DIR = cache;
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));
  afterAll(() => {
    if (previous === undefined) delete process.env.GALLEY_CACHE_DIR;
    else process.env.GALLEY_CACHE_DIR = previous;
  });

  /** The covers in the cache; none before the first is kept. */
  const covers = (): string[] => (existsSync(path.join(cache, 'covers')) ? readdirSync(path.join(cache, 'covers')).filter((name) => /\.(jpg|png)$/.test(name)).sort() : []);

  it('keeps the cover a build draws, and gives it back for the same inputs', async () => {
    const drawn = await renderCover({ title, subtitle, leadImage });
    const kept = await renderCover({ title, subtitle, leadImage }, { cache: true });
    expect(kept.equals(drawn)).toBe(true);
    expect(covers()).toHaveLength(1);
    const file = path.join(cache, 'covers', covers()[0]!);
    expect(readCacheFileSync(file)!.equals(drawn)).toBe(true);

    // What is in the cache is what the next build gets: no drawing.
    const stand = await renderThumbnail({ title }, 64);
    writeCacheFileSync(file, stand);
    expect((await renderCover({ title, subtitle, leadImage }, { cache: true })).equals(stand)).toBe(true);
    // Drawing without the cache ignores it.
    expect((await renderCover({ title, subtitle, leadImage })).equals(drawn)).toBe(true);
    writeCacheFileSync(file, drawn);
  });

  it('draws a cover again when its file in the cache is damaged, and keeps the new one', async () => {
    const drawn = await renderCover({ title, subtitle, leadImage }, { cache: true });
    const file = path.join(cache, 'covers', covers()[0]!);
    for (const damage of [Buffer.from('{ not json'), readFileSync(file).subarray(0, 4000), Buffer.concat([readFileSync(file), Buffer.from([0])])]) {
      writeFileSync(file, damage);
      expect((await renderCover({ title, subtitle, leadImage }, { cache: true })).equals(drawn)).toBe(true);
      expect(readCacheFileSync(file)!.equals(drawn)).toBe(true);
    }
  });

  it('draws again when the words, the picture or the size change', async () => {
    const before = covers().length;
    const otherTitle = await renderCover({ title: `${title}, again`, subtitle, leadImage }, { cache: true });
    const noPicture = await renderCover({ title, subtitle }, { cache: true });
    const small = await renderThumbnail({ title, subtitle, leadImage }, 400, { cache: true });
    expect(covers()).toHaveLength(before + 3);
    expect(imageSize(small).width).toBe(400);
    const distinct = new Set([otherTitle, noPicture, small, await renderCover({ title, subtitle, leadImage }, { cache: true })].map((png) => png.toString('base64')));
    expect(distinct.size).toBe(4);
  });

  it('keeps only the most recently used covers', async () => {
    const png = await renderThumbnail({ title }, 32);
    for (const [index, key] of ['a1', 'b2', 'c3'].entries()) {
      await keepCover(key, png, 'png', 100);
      const time = new Date(Date.UTC(2020, 0, 1 + index));
      utimesSync(path.join(cache, 'covers', `${key}.png`), time, time);
    }
    // Reading a cover makes it recent.
    expect(await cachedCover('a1')).toBeDefined();
    const count = covers().length;
    await keepCover('d4', png, 'png', count - 1);
    expect(covers()).toHaveLength(count - 1);
    expect(covers()).not.toContain('b2.png');
    expect(covers()).toContain('a1.png');
    expect(covers()).toContain('d4.png');
  });

  it('gives satori the faces as TrueType, not WOFF', async () => {
    const fonts = await coverFonts('Café Αθήνα Москва', 'en');
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const font of fonts) expect(font.data.subarray(0, 4).toString('hex')).toBe('00010000');
  });
});
