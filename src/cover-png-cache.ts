/**
 * Covers drawn before, kept in the build cache (`covers/` in GALLEY_CACHE_DIR,
 * else `.galley-cache/`) under a digest of everything that decides their
 * pixels: the template's HTML with the article's words, the language, the
 * picture's bytes, the size, the format, the faces' bytes, galley's version
 * and the digest of its code (src/identity.ts: the one the build record
 * holds, so that a galley whose code changed never takes a cover an older
 * one drew), and the versions of satori, resvg and sharp. Laying a cover out and
 * drawing it is most of an e-book's work; an article built again with the
 * same cover (a rebuild with `--force`, a template change elsewhere, a batch
 * run once more) gets the very same image back without either.
 *
 * The cache keeps the most recently used covers only (MAX_COVERS); a file
 * that cannot be read or written costs only the drawing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, stat, unlink, utimes } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cacheDir } from './cache.js';
import type { FitCut } from './cover-fit.js';
import { readCacheFile, writeCacheFile } from './cache-file.js';
import { galleyIdentity } from './identity.js';

const require = createRequire(import.meta.url);

/** How many covers (of any size) the cache keeps. */
export const MAX_COVERS = 400;

let codeDigest: Promise<string> | undefined;

function versionOf(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: string }).version ?? '';
  } catch {
    return '';
  }
}

/**
 * What every cover's key starts with: galley's version and the digest of its
 * code, and the versions of the libraries that lay out and draw. The whole
 * code rather than a list of the files that draw: a cover also depends on
 * what those files import, and no list of them stays whole.
 */
function codeKey(): Promise<string> {
  codeDigest ??= galleyIdentity().then((galley) =>
    createHash('sha256').update(`${galley}\0satori ${versionOf('satori')}\0satori-html ${versionOf('satori-html')}\0resvg ${versionOf('@resvg/resvg-js')}\0sharp ${versionOf('sharp')}\0`).digest('hex'),
  );
  return codeDigest;
}

/** The key of a cover drawn from these inputs (strings and bytes, in a fixed order). */
export async function coverKey(parts: Array<string | Uint8Array>): Promise<string> {
  const hash = createHash('sha256').update(await codeKey());
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part;
    // Each part with its length: no two lists of parts run together the same way.
    hash.update(`\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

function coversDir(): string {
  return path.join(cacheDir(), 'covers');
}

/** Files of the cache: covers drawn as JPEG or PNG. */
const COVER_FILE = /\.(jpg|png)$/;
/** What a cover's file of cut texts is named after its key. */
const CUTS = '.cuts.json';

/** The cover drawn earlier under `key` (a file `key.extension`), or undefined. */
export async function cachedCover(key: string, extension: 'jpg' | 'png' = 'png'): Promise<Buffer | undefined> {
  const file = path.join(coversDir(), `${key}.${extension}`);
  // A damaged file is drawn again.
  const png = await readCacheFile(file);
  if (!png) return undefined;
  // Recently used: kept when the cache is trimmed.
  const now = new Date();
  await utimes(file, now, now).catch(() => {});
  return png;
}

/**
 * The texts a cover kept under `key` cuts (see keepCover), so that a cover
 * taken from the cache is warned about as one drawn: a file `key.cuts.json`
 * beside it, written only for a cover that cuts some.
 */
export async function cachedCuts(key: string): Promise<FitCut[]> {
  const bytes = await readCacheFile(path.join(coversDir(), `${key}${CUTS}`));
  if (!bytes) return [];
  try {
    const cuts: unknown = JSON.parse(bytes.toString('utf8'));
    return Array.isArray(cuts) ? (cuts as FitCut[]) : [];
  } catch {
    return [];
  }
}

/** Keeps `image` under `key` (a file `key.extension`) with the texts it cuts, and trims the cache to the `max` most recently used covers. */
export async function keepCover(key: string, image: Buffer, extension: 'jpg' | 'png' = 'png', max = MAX_COVERS, cuts: FitCut[] = []): Promise<void> {
  const dir = coversDir();
  try {
    // The cuts first: a cover in the cache is never without them.
    if (cuts.length > 0) await writeCacheFile(path.join(dir, `${key}${CUTS}`), Buffer.from(JSON.stringify(cuts)));
    await writeCacheFile(path.join(dir, `${key}.${extension}`), image);
    const names = (await readdir(dir)).filter((name) => COVER_FILE.test(name));
    if (names.length <= max) return;
    const dated = await Promise.all(names.map(async (name) => ({ name, time: (await stat(path.join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.time - b.time || (a.name < b.name ? -1 : 1));
    await Promise.all(
      dated.slice(0, dated.length - max).flatMap(({ name }) => [unlink(path.join(dir, name)).catch(() => {}), unlink(path.join(dir, name.replace(COVER_FILE, CUTS))).catch(() => {})]),
    );
  } catch {
    // A cache that cannot be written only costs time.
  }
}
