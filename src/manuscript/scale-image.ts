/**
 * Pictures larger than either edition can show are scaled down before they
 * go into them. A camera's 6000 × 4000 photograph went into both editions
 * untouched: a 12 MB e-book and an 8 MB PDF printing it at over 1100 ppi.
 * A picture is brought to at most LIMITS.imageWidth pixels across (2000) and
 * LIMITS.imageArea pixels in all (4 megapixels, 2000 × 2000): across the
 * widest measure of any page size (5.3 in, Letter and A4) 2000 pixels are
 * still 377 ppi, above the 300 print needs, and a reading app's page is
 * rarely more than 2000 pixels wide; 4 megapixels is what Apple Books takes
 * in a picture. A photograph, landscape or square, comes out as its long
 * side at 2000 pixels did; a portrait a little larger (3000 × 4000 gives
 * 1732 × 2309). The width is what a reader needs: a tall infographic
 * (600 × 4800, 1:8) was brought to 2000 pixels on its long side, 250 pixels
 * across, and printed 0.31 in wide with its words unreadable; it is now
 * under both limits and goes in as it is.
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
import { imageSize } from 'image-size';
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

/** galley (its version and code) and sharp (libvips), as what a picture's scaled bytes, or its verdict, depend on besides the picture. */
let toolsKey: Promise<string> | undefined;
export function pictureTools(): Promise<string> {
  toolsKey ??= galleyIdentity().then((galley) => {
    let sharpVersion = '';
    try {
      sharpVersion = (JSON.parse(readFileSync(require.resolve('sharp/package.json'), 'utf8')) as { version?: string }).version ?? '';
    } catch {
      // Unknown: the key still names galley.
    }
    return `${galley}\0sharp ${sharpVersion}\0`;
  });
  return toolsKey;
}

/** What the scaled bytes depend on besides the picture: galley, sharp and the settings. */
function settings(): Promise<string> {
  return pictureTools().then((tools) => `${tools}width ${LIMITS.imageWidth}\0area ${LIMITS.imageArea}\0jpeg q${JPEG_QUALITY}\0`);
}

const JPEG_QUALITY = 85;

/** How many scaled pictures the build cache keeps (the most recently used). */
export const MAX_PICTURES = 400;

/** Keeps `bytes` as `file` and trims the folder to the `max` most recently used; a cache that cannot be written costs only time. */
export async function keepPicture(file: string, bytes: Buffer, max = MAX_PICTURES): Promise<void> {
  await keepNewest(file, bytes, /\.(jpg|png)$/, max);
}

/**
 * Keeps `bytes` as the cache file `file`, and trims its folder to the `max`
 * newest (by their times) of the files whose names match `names`; a cache
 * that cannot be written costs only time.
 */
export async function keepNewest(file: string, bytes: Uint8Array, names: RegExp, max: number): Promise<void> {
  await writeCacheFile(file, bytes);
  try {
    const dir = path.dirname(file);
    const kept = (await readdir(dir)).filter((name) => names.test(name));
    if (kept.length <= max) return;
    const dated = await Promise.all(kept.map(async (name) => ({ name, time: (await stat(path.join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.time - b.time || (a.name < b.name ? -1 : 1));
    await Promise.all(dated.slice(0, dated.length - max).map(({ name }) => unlink(path.join(dir, name)).catch(() => {})));
  } catch {
    // Only disk space is lost.
  }
}

/** How many pictures' headers the build cache keeps (the most recently read). */
export const MAX_HEADERS = 1000;

/**
 * A JPEG's EXIF orientation and colour space, as sharp reads them from its
 * header, kept in the build cache (`headers/`, by the picture's bytes,
 * galley and sharp): a rebuild of an article with a photograph then does
 * not load sharp (about 60 ms of CPU) only to read them again.
 */
async function headerOf(bytes: Buffer): Promise<{ orientation: number; space: string | undefined }> {
  const file = path.join(cacheDir(), 'headers', `${createHash('sha256').update(await pictureTools()).update(bytes).digest('hex')}.json`);
  const cached = await readCacheFile(file);
  if (cached) {
    try {
      const header = JSON.parse(cached.toString('utf8')) as { orientation?: unknown; space?: unknown };
      if (typeof header.orientation === 'number') return { orientation: header.orientation, space: typeof header.space === 'string' ? header.space : undefined };
    } catch {
      // Read again below.
    }
  }
  const sharp = await loadSharp();
  const { orientation = 1, space } = await sharp(bytes, { limitInputPixels: false }).metadata();
  await keepNewest(file, Buffer.from(JSON.stringify({ orientation, space: space ?? null })), /\.json$/, MAX_HEADERS);
  return { orientation, space };
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

/** The size a picture of `width` × `height` is scaled to: at most `maxWidth` across and `maxArea` pixels in all, proportions kept. */
export function scaledSize(width: number, height: number, maxWidth: number = LIMITS.imageWidth, maxArea: number = LIMITS.imageArea): { width: number; height: number } {
  const factor = Math.min(1, maxWidth / width, Math.sqrt(maxArea / (width * height)));
  if (factor >= 1) return { width, height };
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

/**
 * The picture as the editions carry it: scaled to scaledSize when it is a
 * JPEG or PNG wider than LIMITS.imageWidth or larger than LIMITS.imageArea, a JPEG turned upright
 * and into sRGB when it is stored otherwise, else `bytes` as they are.
 */
export async function scaleImage(mediaType: string, bytes: Buffer, width: number, height: number): Promise<Scaled> {
  const extension = mediaType === 'image/jpeg' ? 'jpg' : mediaType === 'image/png' ? 'png' : undefined;
  const untouched = { bytes, width, height, scaled: false };
  if (!extension) return untouched;
  // A PNG within the limits either way up is not read further (no EXIF orientation turns it past them).
  const within = (w: number, h: number): boolean => scaledSize(w, h).width === w;
  if (extension === 'png' && within(width, height) && within(height, width)) return untouched;
  // Only the header is read. An EXIF orientation of 5 to 8 stores the picture turned: the limits are the upright picture's.
  const { orientation, space } = await headerOf(bytes);
  const [uprightWidth, uprightHeight] = orientation >= 5 ? [height, width] : [width, height];
  const target = scaledSize(uprightWidth, uprightHeight);
  const tooLarge = target.width < uprightWidth;
  if (!tooLarge && (extension !== 'jpg' || (orientation === 1 && space !== 'cmyk'))) return untouched;
  const key = createHash('sha256').update(await settings()).update(bytes).digest('hex');
  const file = path.join(cacheDir(), 'pictures', `${key}.${extension}`);
  let scaled = await readCacheFile(file);
  if (scaled) {
    // Recently used: kept when the cache is trimmed.
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
  } else {
    const sharp = await loadSharp();
    const pipeline = sharp(bytes, { limitInputPixels: false })
      .rotate()
      .resize({ width: target.width, height: target.height, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb');
    scaled = await (extension === 'jpg' ? pipeline.jpeg({ quality: JPEG_QUALITY }) : pipeline.png({ compressionLevel: 9 })).toBuffer();
    await keepPicture(file, scaled);
  }
  // The scaled picture's size from its header (sharp wrote it upright, with no orientation), without loading sharp for a picture from the cache.
  const size = imageSize(scaled);
  return { bytes: scaled, width: size.width ?? width, height: size.height ?? height, scaled: true };
}

/** An animated GIF's frames: how many, how long one round takes (ms), and whether it loops for ever. */
export interface Animation {
  frames: number;
  durationMs: number;
  loops: boolean;
}

/**
 * An animated GIF as the editions carry it: its first frame, a GIF still, and
 * what the animation was (undefined: the GIF has one frame). Print can show
 * only one frame; an e-book cannot offer a way to pause one that moves (WCAG
 * 2.2.2 asks for it when it moves for more than five seconds), and declares
 * no hazard (accessibilityHazard none, which "flashing" and "motion
 * simulation" would have to say otherwise). So both editions show the
 * frame print shows, and the author is told.
 */
export async function firstFrame(bytes: Buffer): Promise<{ bytes: Buffer; animation: Animation } | undefined> {
  const sharp = await loadSharp();
  // Only the header is read.
  const { pages = 1, delay = [], loop = 0 } = await sharp(bytes, { limitInputPixels: false }).metadata();
  if (pages <= 1) return undefined;
  const still = await sharp(bytes, { limitInputPixels: false, pages: 1 }).gif().toBuffer();
  return { bytes: still, animation: { frames: pages, durationMs: delay.reduce((sum, ms) => sum + ms, 0), loops: loop === 0 } };
}
