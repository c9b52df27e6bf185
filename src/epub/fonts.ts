/**
 * The e-book's fonts as TrueType/OpenType. WOFF2 is smaller, but the road to
 * a Kindle drops it: calibre's AZW3 writer embeds only .ttf and .otf files,
 * and Adobe's RMSDK (older Kobo and Adobe Digital Editions) and older Apple
 * Books know no WOFF2. Every EPUB 3 reading system reads TrueType, so the
 * e-book ships the typeface decompressed back to the font it was made from.
 */
import type { FontAsset } from '../document.js';
import { sfntFromWoff2 } from '../typefaces.js';

export interface PackagedFont {
  family: string;
  weight: number;
  style: FontAsset['style'];
  fileName: string;
  mediaType: 'font/ttf' | 'font/otf' | 'font/woff';
  format: 'truetype' | 'opentype' | 'woff';
  bytes: Buffer;
}

const cache = new Map<string, Promise<PackagedFont>>();

export function packageFont(font: FontAsset): Promise<PackagedFont> {
  const key = `${font.path}\0${font.fileName}`;
  let packaged = cache.get(key);
  if (!packaged) {
    packaged = toSfnt(font);
    cache.set(key, packaged);
  }
  return packaged;
}

async function toSfnt(font: FontAsset): Promise<PackagedFont> {
  const stem = font.fileName.replace(/\.(woff2?|ttf|otf)$/i, '');
  const bytes = await sfntBytes(font.bytes);
  const face = { family: font.family, weight: font.weight, style: font.style, bytes };
  const signature = bytes.subarray(0, 4).toString('latin1');
  // WOFF 1.0 is left as it is: EPUB reading systems read it, calibre drops it.
  if (signature === 'wOFF') return { ...face, fileName: `${stem}.woff`, mediaType: 'font/woff', format: 'woff' };
  // 'OTTO' starts an OpenType font with CFF outlines; anything else is TrueType.
  const otf = signature === 'OTTO';
  return { ...face, fileName: `${stem}.${otf ? 'otf' : 'ttf'}`, mediaType: otf ? 'font/otf' : 'font/ttf', format: otf ? 'opentype' : 'truetype' };
}

async function sfntBytes(bytes: Buffer): Promise<Buffer> {
  const signature = bytes.subarray(0, 4).toString('latin1');
  if (signature === 'wOF2') return sfntFromWoff2(bytes);
  return bytes;
}
