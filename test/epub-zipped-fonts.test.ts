/**
 * The e-book's fonts go into its zip deflated ahead of time and kept in the
 * font cache; the zip is the same, byte for byte, as when jszip deflates them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeCacheFileSync } from '../src/cache-file.js';

const require = createRequire(import.meta.url);
const woff2 = path.join(path.dirname(require.resolve('@fontsource/literata/package.json')), 'files', 'literata-latin-700-italic.woff2');
const date = new Date(Date.UTC(2017, 1, 1));

async function zipOf(name: string, data: unknown, level: number): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE', date });
  // No folder entries: jszip dates those it makes itself with the clock, and two
  // zips made a second apart would differ in them, not in the font.
  zip.file(name, data as Uint8Array, { date, createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level } });
}

describe('the e-book zip\'s fonts', () => {
  let cache: string;
  let ttf: Buffer;
  const previous = process.env.GALLEY_CACHE_DIR;

  beforeAll(async () => {
    const { sfntFromWoff2 } = await import('../src/typefaces.js');
    ttf = await sfntFromWoff2(readFileSync(woff2));
  });
  // A cache of each case's own: the cases hold alone and in any order.
  beforeEach(() => {
    cache = mkdtempSync(path.join(os.tmpdir(), 'galley-zipped-fonts-'));
    process.env.GALLEY_CACHE_DIR = cache;
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));
  afterAll(() => {
    if (previous === undefined) delete process.env.GALLEY_CACHE_DIR;
    else process.env.GALLEY_CACHE_DIR = previous;
  });

  it('make the same zip as jszip deflating them itself', async () => {
    vi.resetModules();
    const { zippedAhead, ZIP_LEVEL } = await import('../src/epub/fonts.js');
    const ahead = await zipOf('OEBPS/fonts/f.ttf', await zippedAhead(ttf), ZIP_LEVEL);
    const itself = await zipOf('OEBPS/fonts/f.ttf', ttf, ZIP_LEVEL);
    expect(ahead.equals(itself)).toBe(true);
    // The same again from the cache (the deflated bytes and the CRC-32 kept with them), in a new process's modules.
    vi.resetModules();
    const again = await import('../src/epub/fonts.js');
    expect((await zipOf('OEBPS/fonts/f.ttf', await again.zippedAhead(ttf), ZIP_LEVEL)).equals(itself)).toBe(true);
    const back = await (await JSZip.loadAsync(ahead)).file('OEBPS/fonts/f.ttf')!.async('nodebuffer');
    expect(back.equals(ttf)).toBe(true);
  });

  it('are deflated once and taken from the font cache after', async () => {
    vi.resetModules();
    await (await import('../src/epub/fonts.js')).zippedAhead(ttf);
    const files = readdirSync(path.join(cache, 'fonts')).filter((name) => name.endsWith('.deflate'));
    expect(files).toHaveLength(1);
    // A cache entry of other bytes: the next process uses it as it is, CRC-32 (big-endian) first.
    const { deflateRawSync } = await import('node:zlib');
    const other = deflateRawSync(Buffer.from('not the font'));
    writeCacheFileSync(path.join(cache, 'fonts', files[0]!), Buffer.concat([Buffer.from([0x12, 0x34, 0x56, 0x78]), other]));
    vi.resetModules();
    let { zippedAhead, ZIP_LEVEL } = await import('../src/epub/fonts.js');
    let zip = await zipOf('f.ttf', await zippedAhead(ttf), ZIP_LEVEL);
    expect(zip.includes(other)).toBe(true);
    // The CRC-32 kept with it is the one the zip's headers carry (little-endian there).
    expect(zip.includes(Buffer.from([0x78, 0x56, 0x34, 0x12]))).toBe(true);

    // A damaged entry is deflated again.
    writeFileSync(path.join(cache, 'fonts', files[0]!), other);
    vi.resetModules();
    ({ zippedAhead, ZIP_LEVEL } = await import('../src/epub/fonts.js'));
    zip = await zipOf('f.ttf', await zippedAhead(ttf), ZIP_LEVEL);
    expect(zip.includes(other)).toBe(false);
    expect(zip.equals(await zipOf('f.ttf', ttf, ZIP_LEVEL))).toBe(true);
  });
});
