/**
 * Writing files that survive a crash: the bytes go to a temporary file next
 * to the final one, are flushed to the disk (fsync) and only then renamed
 * into place; the folder is flushed after the rename, so that the new name
 * is on the disk too.
 *
 * Temporary files are named `.<name>.<pid>.<time>.tmp`: hidden, and telling
 * which process wrote them, so that those of a build that was killed can be
 * recognised and removed by the next one (see removeStaleTemporaries).
 */
import { open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const TEMPORARY = /^\.(.+)\.(\d+)\.(\d+)\.tmp$/;

/** The temporary file `file` is written to before it is renamed into place. */
export function temporaryName(file: string): string {
  // The counter keeps two writes of one file in the same millisecond apart.
  const stamp = `${Date.now()}${String(sequence++ % 1000).padStart(3, '0')}`;
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${stamp}.tmp`);
}
let sequence = 0;

/** True when a process with this id is running (on this machine, in this pid namespace). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes `data` to a new file (never an existing one) and flushes it to the disk. */
export async function writeDurably(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (new names, renames) to the disk. Some file systems cannot: then it does nothing. */
export async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EINVAL/EPERM on file systems that do not sync folders: nothing more can be done.
  } finally {
    await handle?.close();
  }
}

/** Temporary files older than this are removed whatever wrote them (a process id may have been reused). */
export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Removes, from `dir` (not its subfolders), the temporary files of writers
 * that are no longer running, and those older than a day. Returns their paths.
 */
export async function removeStaleTemporaries(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const pid = Number(match[2]);
    const file = path.join(dir, name);
    let old = false;
    try {
      const info = await stat(file);
      if (!info.isFile()) continue;
      old = now - info.mtimeMs > STALE_AFTER_MS;
    } catch {
      continue;
    }
    if (pid !== process.pid && (old || !isAlive(pid))) {
      await rm(file, { force: true });
      removed.push(file);
    }
  }
  return removed;
}
