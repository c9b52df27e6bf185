/**
 * `mkdir -p` that fails where it cannot make the folder. Node's own recursive
 * mkdir (20.x) loops for ever when a folder cannot be made inside a parent
 * that is there (`/proc/x`: ENOENT, then EEXIST for `/proc`, and again), so
 * that `galley build --out /proc/x` hung instead of saying why.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isSystemError } from '../system-error.js';

async function isFolder(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** Makes `dir` and the folders above it that are missing; throws the system's error for the first one it cannot make. */
export async function makeFolder(dir: string): Promise<void> {
  const absolute = path.resolve(dir);
  try {
    await mkdir(absolute);
    return;
  } catch (error) {
    // There already (a file there is an EEXIST, as Node's recursive mkdir says).
    if (isSystemError(error) && error.code === 'EEXIST' && (await isFolder(absolute))) return;
    const parent = path.dirname(absolute);
    if (!isSystemError(error) || error.code !== 'ENOENT' || parent === absolute) throw error;
    // The parent is made first; made or there already, the folder is tried once more, and its error is the answer.
    await makeFolder(parent);
  }
  try {
    await mkdir(absolute);
  } catch (error) {
    // Made meanwhile by another process.
    if (isSystemError(error) && error.code === 'EEXIST' && (await isFolder(absolute))) return;
    throw error;
  }
}
