/**
 * Pictures of a type that e-book readers need not show, converted to one
 * they must: WebP (what web publishing systems and image services now
 * export, often under a .jpg name), AVIF and TIFF (what scanners and
 * agencies' archives deliver). EPUB 3's core image types are JPEG, PNG, GIF
 * and SVG: an e-book carrying WebP fails EPUBCheck (MED-003), and calibre's
 * Kindle conversion and older reading systems show none of the three. So the
 * editions carry the picture as a PNG when it has pixels not opaque, was
 * stored losslessly as WebP, or is a TIFF of a palette or of one bit a pixel
 * (a scanned drawing), and as a JPEG otherwise (a photograph: the PNG of a
 * 2000-pixel photograph is ten times the JPEG's size); turned upright
 * (TIFF's orientation tag) and in sRGB (a CMYK TIFF). An animated WebP
 * gives its first frame, as an animated GIF does. The author is told at the
 * figure, so that a picture whose conversion matters can be converted by
 * hand. The converted bytes are kept in the build cache (`pictures/`, by
 * the picture's bytes, galley and sharp), so a rebuild does not convert again.
 * A HEIC picture (an iPhone's photographs) is refused with advice: libvips
 * as sharp ships it reads no HEVC.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { utimes } from 'node:fs/promises';
import { cacheDir } from '../cache.js';
import { readCacheFile } from '../cache-file.js';
import { keepPicture, loadSharp, pictureTools } from './scale-image.js';

/** The types converted, by the names an author knows them by. */
export type ConvertedType = 'WebP' | 'AVIF' | 'TIFF';

/** The type of a picture galley converts (or, for HEIC, cannot), read from its bytes; undefined for any other. */
export function sniffConverted(bytes: Buffer): ConvertedType | 'HEIC' | undefined {
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'WebP';
  if (bytes.length >= 4) {
    const head = bytes.subarray(0, 4).toString('latin1');
    if (head === 'II*\0' || head === 'MM\0*') return 'TIFF';
  }
  // ISO base media: a box `ftyp` first, its major brand and then its compatible brands.
  if (bytes.length >= 16 && bytes.subarray(4, 8).toString('latin1') === 'ftyp') {
    const size = Math.min(bytes.readUInt32BE(0), bytes.length, 64);
    const brands: string[] = [];
    for (let offset = 8; offset + 4 <= size; offset += offset === 8 ? 8 : 4) brands.push(bytes.subarray(offset, offset + 4).toString('latin1'));
    if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return 'AVIF';
    if (brands.some((brand) => /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1)$/.test(brand))) return 'HEIC';
  }
  return undefined;
}

export interface Converted {
  mediaType: 'image/jpeg' | 'image/png';
  bytes: Buffer;
  /** How many frames the picture had (more than one: only the first is shown). */
  frames: number;
}

/** The quality a converted photograph is written at: above the 85 a scaled one gets, since it may already have lost detail once. */
const JPEG_QUALITY = 90;

/** A WebP whose image data is lossless (a `VP8L` chunk, alone or after `VP8X`). */
function losslessWebP(bytes: Buffer): boolean {
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const name = bytes.subarray(offset, offset + 4).toString('latin1');
    if (name === 'VP8L') return true;
    if (name === 'VP8 ') return false;
    offset += 8 + bytes.readUInt32LE(offset + 4) + (bytes.readUInt32LE(offset + 4) % 2);
  }
  return false;
}

/** The picture as a JPEG or PNG (see the top of this file); throws sharp's error when it cannot be decoded. */
export async function convertPicture(type: ConvertedType, bytes: Buffer): Promise<Converted> {
  const key = createHash('sha256').update(await pictureTools()).update(`convert q${JPEG_QUALITY}\0`).update(bytes).digest('hex');
  const dir = path.join(cacheDir(), 'pictures');
  for (const [extension, mediaType] of [['png', 'image/png'], ['jpg', 'image/jpeg']] as const) {
    const file = path.join(dir, `${key}.${extension}`);
    const cached = await readCacheFile(file);
    if (!cached) continue;
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    // The frame count is not kept: only the warning needs it, and a cached picture is told as converted all the same.
    return { mediaType, bytes: cached, frames: await frameCount(bytes) };
  }
  const sharp = await loadSharp();
  const metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  const drawing = type === 'TIFF' && (metadata.isPalette === true || metadata.bitsPerSample === 1);
  // An alpha channel every pixel of which is opaque (as encoders often write one) makes no PNG of a photograph.
  const transparent = metadata.hasAlpha === true && !(await sharp(bytes, { limitInputPixels: false }).stats()).isOpaque;
  const png = transparent || (type === 'WebP' && losslessWebP(bytes)) || drawing;
  const pipeline = sharp(bytes, { limitInputPixels: false, failOn: 'error' }).rotate().toColourspace('srgb');
  const converted = await (png ? pipeline.png({ compressionLevel: 9 }) : pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY })).toBuffer();
  await keepPicture(path.join(dir, `${key}.${png ? 'png' : 'jpg'}`), converted);
  return { mediaType: png ? 'image/png' : 'image/jpeg', bytes: converted, frames: metadata.pages ?? 1 };
}

async function frameCount(bytes: Buffer): Promise<number> {
  // Only a WebP can hold frames among the three; a still one (no `ANIM` chunk) is not read further.
  if (!bytes.includes('ANIM', 12, 'latin1')) return 1;
  const sharp = await loadSharp();
  return (await sharp(bytes, { limitInputPixels: false }).metadata()).pages ?? 1;
}
