/**
 * The e-book's fonts as TrueType/OpenType. WOFF2 is smaller, but the road to
 * a Kindle drops it: calibre's AZW3 writer embeds only .ttf and .otf files,
 * and Adobe's RMSDK (older Kobo and Adobe Digital Editions) and older Apple
 * Books know no WOFF2. Every EPUB 3 reading system reads TrueType, so the
 * e-book ships the typeface decompressed back to the font it was made from.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import CompressedObject from 'jszip/lib/compressedObject.js';
import compressions from 'jszip/lib/compressions.js';
import crc32 from 'jszip/lib/crc32.js';
import pako from 'pako';
import { readCacheFile, writeCacheFile } from '../cache-file.js';
import type { FontAsset } from '../document.js';
import { fontCacheDir, sfntFromWoff2 } from '../typefaces.js';

export interface PackagedFont {
  family: string;
  weight: number;
  style: FontAsset['style'];
  fileName: string;
  mediaType: 'font/ttf' | 'font/otf' | 'font/woff';
  format: 'truetype' | 'opentype' | 'woff';
  bytes: Buffer;
}

/** What packaging a file gives, whichever face uses it: a file may serve two faces (Noto Serif Hebrew's regular and italic). */
type PackagedFile = Pick<PackagedFont, 'fileName' | 'mediaType' | 'format' | 'bytes'>;

const cache = new Map<string, Promise<PackagedFile>>();

export async function packageFont(font: FontAsset): Promise<PackagedFont> {
  const key = `${font.path}\0${font.fileName}`;
  let packaged = cache.get(key);
  if (!packaged) {
    packaged = toSfnt(font);
    cache.set(key, packaged);
  }
  // The face is the caller's own: only the file is shared.
  return { family: font.family, weight: font.weight, style: font.style, ...(await packaged) };
}

async function toSfnt(font: FontAsset): Promise<PackagedFile> {
  const stem = font.fileName.replace(/\.(woff2?|ttf|otf)$/i, '');
  const bytes = await sfntBytes(font.bytes);
  const signature = bytes.subarray(0, 4).toString('latin1');
  // WOFF 1.0 is left as it is: EPUB reading systems read it, calibre drops it.
  if (signature === 'wOFF') return { bytes, fileName: `${stem}.woff`, mediaType: 'font/woff', format: 'woff' };
  // 'OTTO' starts an OpenType font with CFF outlines; anything else is TrueType.
  const otf = signature === 'OTTO';
  return { bytes, fileName: `${stem}.${otf ? 'otf' : 'ttf'}`, mediaType: otf ? 'font/otf' : 'font/ttf', format: otf ? 'opentype' : 'truetype' };
}

async function sfntBytes(bytes: Buffer): Promise<Buffer> {
  const signature = bytes.subarray(0, 4).toString('latin1');
  if (signature === 'wOF2') return sfntFromWoff2(bytes);
  return bytes;
}

// ---------------------------------------------------------------------------
// The fonts' entries in the zip, deflated once.

/**
 * jszip's own pieces, imported as modules so that the bundle holds one
 * jszip: the very one epub-gen-memory zips with (a CompressedObject of
 * another copy would not be taken as deflated). test/bundle.test.ts checks
 * that epub-gen-memory finds this jszip.
 */
let pakoVersion: string | undefined;

/** The level the e-book's zip is deflated at (see GalleyEPub.genEpub). */
export const ZIP_LEVEL = 9;

type CompressedObject = InstanceType<typeof CompressedObject>;

/** Tells whether jszip holds an entry's data deflated ahead (zippedAhead). */
export function isZippedAhead(data: unknown): boolean {
  return data instanceof CompressedObject;
}

/**
 * An entry the zip stores as it is (a picture, a short page), with its
 * CRC-32 worked out here: jszip takes it as it is, and writes the same bytes
 * as when it stores the data itself, without running its own CRC-32
 * (JavaScript, cold in a new process: about 8 ms for the seed's cover and
 * picture). Node's zlib.crc32 is the zip's CRC-32 on every processor; before
 * Node 20.15, which lacks it, jszip's own.
 */
export function storedAhead(bytes: Uint8Array): CompressedObject {
  const crc = typeof zlib.crc32 === 'function' ? zlib.crc32(bytes) : crc32(bytes) >>> 0;
  return new CompressedObject(bytes.length, bytes.length, crc, compressions.STORE, bytes);
}

const zipped = new Map<string, Promise<CompressedObject>>();

/**
 * A file as an entry of the e-book's zip, deflated exactly as jszip
 * deflates it (pako, level ZIP_LEVEL), and kept in the font cache with its
 * CRC-32: the fonts are nearly all of what an e-book's zip deflates, and the
 * same few files go into every e-book, as do the typefaces' licences and,
 * for every article set in the same faces, the stylesheet. jszip takes such
 * an entry as it is, so the e-book's bytes are the same as when jszip
 * deflates the file itself; from the cache, neither pako nor jszip's CRC-32
 * (JavaScript, cold in a new process) runs.
 */
export function zippedAhead(bytes: Buffer): Promise<CompressedObject> {
  pakoVersion ??= (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('pako/package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256').update(`zip-deflate-crc\0pako ${pakoVersion}\0${ZIP_LEVEL}\0`).update(bytes).digest('hex');
  let entry = zipped.get(key);
  if (!entry) {
    entry = (async () => {
      const cached = path.join(fontCacheDir(), `${key}.deflate`);
      // Deflated before (a damaged file is deflated again): the CRC-32 (4 bytes, big-endian), then the deflated bytes.
      const kept = await readCacheFile(cached);
      if (kept && kept.length >= 4) return new CompressedObject(kept.length - 4, bytes.length, kept.readUInt32BE(0), compressions.DEFLATE, kept.subarray(4));
      const data = pako.deflateRaw(bytes, { level: ZIP_LEVEL });
      const crc = crc32(bytes) >>> 0;
      const record = Buffer.alloc(4 + data.length);
      record.writeUInt32BE(crc, 0);
      record.set(data, 4);
      await writeCacheFile(cached, record);
      return new CompressedObject(data.length, bytes.length, crc, compressions.DEFLATE, data);
    })();
    zipped.set(key, entry);
    entry.catch(() => zipped.delete(key));
  }
  return entry;
}
