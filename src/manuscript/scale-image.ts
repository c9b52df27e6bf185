/**
 * Pictures larger than either edition can show are scaled down before they
 * go into them. A camera's 6000 × 4000 photograph went into both editions
 * untouched: a 12 MB e-book and an 8 MB PDF printing it at over 1100 ppi.
 * The long side is brought to LIMITS.imageLongSide pixels (2000): across
 * the widest measure of any page size (5.3 in, Letter and A4) that is still
 * 377 ppi, above the 300 print needs, and a full page's height at 6 × 9 is
 * over 250 ppi; a reading app's page is rarely more than 2000 pixels.
 *
 * JPEG stays JPEG (re-encoded at quality 85), PNG stays PNG; GIF (possibly
 * animated) and SVG (drawn at any size) are left as they are, and so is any
 * picture within the limit, byte for byte, but for a JPEG stored turned (an
 * EXIF orientation, as phones write them) or in CMYK (as agencies deliver
 * them): it is written again upright and in sRGB at its own size. Every
 * edition, the cover included, then has the pixels the reader should see:
 * satori and resvg read neither the orientation nor CMYK (the cover showed a
 * phone's photo sideways and a CMYK one not at all), nor do older reading
 * systems, and a picture's width and height are its upright ones. The same bytes give the same
 * scaled bytes; they are kept in the build cache (`pictures/` in
 * GALLEY_CACHE_DIR, else `.galley-cache/`; the MAX_PICTURES used last) so a
 * rebuild does not scale again, under galley's version and the digest of its
 * code (src/identity.ts), so that a galley that scales otherwise never takes
 * a picture an older one scaled.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { readdir, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { cacheDir } from '../cache.js';
import { readCacheFile, writeCacheFile } from '../cache-file.js';
import { galleyIdentity } from '../identity.js';
import { LIMITS } from './limits.js';

const require = createRequire(import.meta.url);

export interface Scaled {
  bytes: Buffer;
  width: number;
  height: number;
  /** Whether the picture was scaled (false: the bytes are the file's own). */
  scaled: boolean;
}

/** What the scaled bytes depend on besides the picture: galley (its version and code), sharp (libvips) and the settings. */
let settingsKey: Promise<string> | undefined;
function settings(): Promise<string> {
  settingsKey ??= galleyIdentity().then((galley) => {
    let sharpVersion = '';
    try {
      sharpVersion = (JSON.parse(readFileSync(require.resolve('sharp/package.json'), 'utf8')) as { version?: string }).version ?? '';
    } catch {
      // Unknown: the key still names galley.
    }
    return `${galley}\0sharp ${sharpVersion}\0long ${LIMITS.imageLongSide}\0jpeg q${JPEG_QUALITY}\0`;
  });
  return settingsKey;
}

const JPEG_QUALITY = 85;

/** How many scaled pictures the build cache keeps (the most recently used). */
export const MAX_PICTURES = 400;

/** Keeps `bytes` as `file` and trims the folder to the `max` most recently used; a cache that cannot be written costs only time. */
export async function keepPicture(file: string, bytes: Buffer, max = MAX_PICTURES): Promise<void> {
  await writeCacheFile(file, bytes);
  try {
    const dir = path.dirname(file);
    const names = (await readdir(dir)).filter((name) => /\.(jpg|png)$/.test(name));
    if (names.length <= max) return;
    const dated = await Promise.all(names.map(async (name) => ({ name, time: (await stat(path.join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.time - b.time || (a.name < b.name ? -1 : 1));
    await Promise.all(dated.slice(0, dated.length - max).map(({ name }) => unlink(path.join(dir, name)).catch(() => {})));
  } catch {
    // Only disk space is lost.
  }
}

type SharpModule = typeof import('sharp');
let sharpModule: SharpModule | undefined;
export async function loadSharp(): Promise<SharpModule> {
  if (!sharpModule) {
    const { default: sharp } = await import('sharp');
    // One libvips thread: the two cores are shared with the browser and the other manuscripts.
    sharp.concurrency(1);
    sharpModule = sharp;
  }
  return sharpModule;
}

/** The size a picture of `width` × `height` is scaled to: its long side at most `limit`, proportions kept. */
export function scaledSize(width: number, height: number, limit: number = LIMITS.imageLongSide): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= limit) return { width, height };
  const factor = limit / long;
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

/**
 * The picture as the editions carry it: scaled to LIMITS.imageLongSide on its
 * long side when it is a JPEG or PNG larger than that, a JPEG turned upright
 * and into sRGB when it is stored otherwise, else `bytes` as they are.
 */
export async function scaleImage(mediaType: string, bytes: Buffer, width: number, height: number): Promise<Scaled> {
  const extension = mediaType === 'image/jpeg' ? 'jpg' : mediaType === 'image/png' ? 'png' : undefined;
  const untouched = { bytes, width, height, scaled: false };
  if (!extension) return untouched;
  const tooLarge = Math.max(width, height) > LIMITS.imageLongSide;
  if (!tooLarge && extension !== 'jpg') return untouched;
  const sharp = await loadSharp();
  if (!tooLarge) {
    // Only the header is read.
    const { orientation = 1, space } = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (orientation === 1 && space !== 'cmyk') return untouched;
  }
  const key = createHash('sha256').update(await settings()).update(bytes).digest('hex');
  const file = path.join(cacheDir(), 'pictures', `${key}.${extension}`);
  let scaled = await readCacheFile(file);
  if (scaled) {
    // Recently used: kept when the cache is trimmed.
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
  } else {
    const pipeline = sharp(bytes, { limitInputPixels: false })
      .rotate()
      .resize({ width: LIMITS.imageLongSide, height: LIMITS.imageLongSide, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb');
    scaled = await (extension === 'jpg' ? pipeline.jpeg({ quality: JPEG_QUALITY }) : pipeline.png({ compressionLevel: 9 })).toBuffer();
    await keepPicture(file, scaled);
  }
  const size = await sharp(scaled).metadata();
  return { bytes: scaled, width: size.width ?? width, height: size.height ?? height, scaled: true };
}
