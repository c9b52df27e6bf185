/**
 * Files a build of galley wrote for a manuscript in the output folder and no
 * longer writes: the download page's cover as a PNG (`covers/<slug>.png`,
 * before the cover became a JPEG), or any file a later galley stops writing.
 * A build removes them once the manuscript's new files are in place, so that
 * an output folder built by an older galley does not keep them for ever.
 *
 * Only files galley's own build record (src/cache.ts) says it wrote, as they
 * are now, are removed: a file of the same name that someone put there or
 * changed since is the user's and stays. What galley writes for a manuscript
 * is listed in the output folder (`.galley/written/<slug>.json`), so that a
 * name it stops writing is found without knowing it in advance; the names
 * written before the list existed are known here (formerNames).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BuildCache } from '../cache.js';
import { STATE_DIR } from './lock.js';

/** Names an earlier galley wrote for a manuscript, before it listed what it wrote. */
export function formerNames(slug: string): string[] {
  // The download page's cover was a PNG until the cover became a JPEG.
  return [path.join('covers', `${slug}.png`)];
}

/** The list of files galley wrote for `slug`, relative to the output folder. */
export function writtenListFile(slug: string): string {
  return path.join(STATE_DIR, 'written', `${slug}.json`);
}

async function readList(file: string): Promise<string[]> {
  try {
    const list: unknown = JSON.parse(await readFile(file, 'utf8'));
    return Array.isArray(list) ? list.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether `relative` names a file inside the output folder (a damaged list names nothing outside it). */
function inside(outDir: string, relative: string): boolean {
  const resolved = path.relative(outDir, path.resolve(outDir, relative));
  return resolved !== '' && !resolved.startsWith('..') && !path.isAbsolute(resolved);
}

/**
 * After a manuscript's files are in place: lists the files of `written` (this
 * build's, relative), and removes those galley wrote for `slug` before that
 * are not among `current` (every name this galley writes for it, whether
 * this build wrote it or not) and that its build record says it wrote, as
 * they are now. Returns the files removed, relative to `outDir`.
 */
export async function removeStale(outDir: string, slug: string, current: string[], written: string[], cache: BuildCache = new BuildCache()): Promise<string[]> {
  const listFile = path.join(outDir, writtenListFile(slug));
  const normal = (name: string): string => path.normalize(name);
  const now = new Set(current.map(normal));
  const before = [...(await readList(listFile)), ...formerNames(slug)].map(normal);
  const removed: string[] = [];
  for (const name of new Set(before)) {
    if (now.has(name) || !inside(outDir, name)) continue;
    const file = path.join(outDir, name);
    if (!(await cache.wrote(file))) continue;
    try {
      await rm(file, { force: true });
      await cache.forget(file);
      removed.push(name);
    } catch {
      // The manuscript is built and in place: a file that cannot be removed now is tried again next build.
    }
  }
  // Listed: what this build wrote, and every current name galley's record says it wrote (an edition this build kept).
  const kept = new Set(written.map(normal));
  for (const name of now) if (!kept.has(name) && (await cache.wrote(path.join(outDir, name)))) kept.add(name);
  try {
    await mkdir(path.dirname(listFile), { recursive: true });
    await writeFile(listFile, JSON.stringify([...kept].sort()));
  } catch {
    // Without the list, only formerNames are looked for next time: nothing is removed that should stay.
  }
  return removed;
}
