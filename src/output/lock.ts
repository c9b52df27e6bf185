/**
 * One build at a time per output folder. A build holds `<out>/.galley.lock`,
 * which names its process; a second build into the same folder is refused
 * with that process id. A lock whose process is gone (a build that was
 * killed) is taken over.
 */
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from './durable.js';

/** galley's bookkeeping inside an output folder (lock, commit journals, download page entries). */
export const STATE_DIR = '.galley';
/** The lock, in the output folder. */
export const LOCK_FILE = '.galley.lock';

export class OutputLockedError extends Error {
  constructor(
    readonly outDir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `${outDir} is being written by another galley (process ${pid}); wait for it to finish, ` +
        `or stop it (kill ${pid}). If no galley is running, remove ${lockFile}.`,
    );
    this.name = 'OutputLockedError';
  }
}

/** The lock's text, or undefined when there is no lock. */
function readLock(lockFile: string): string | undefined {
  try {
    return readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The process a lock's text names, or undefined when it names none (damaged, or left empty). */
function pidOf(text: string): number | undefined {
  try {
    const pid = Number((JSON.parse(text) as { pid?: unknown }).pid);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function holder(lockFile: string): number | undefined {
  const text = readLock(lockFile);
  return text === undefined ? undefined : pidOf(text);
}

/** Creates `lockFile` holding `content`, whole, or returns false when it exists (a link is made at once, content and all). */
function create(lockFile: string, content: string): boolean {
  const draft = `${lockFile}.${process.pid}`;
  writeFileSync(draft, content);
  try {
    linkSync(draft, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * Removes the drafts (`.galley.lock.<pid>`) that processes now gone left
 * beside the lock: a galley killed between writing its draft and removing
 * it (the few system calls of `create`) leaves one.
 */
function removeDrafts(outDir: string): void {
  const draft = new RegExp(`^${LOCK_FILE.replace(/\./g, '\\.')}\\.(\\d+)$`);
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(draft.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) rmSync(path.join(outDir, name), { force: true });
  }
}

/** A take-over guard is held for a few system calls; one this old was left by a process killed while holding it. */
const GUARD_STALE_MS = 10_000;

/**
 * Removes the lock left by `stalePid` (a process that has ended), unless
 * another galley took it over meanwhile. Two galleys that find the same stale
 * lock would otherwise both remove it, the second removing the first's new
 * lock, and both build. Returns false when the guard is busy.
 */
function removeStale(lockFile: string, stalePid: number | undefined): boolean {
  const guard = `${lockFile}.takeover`;
  try {
    writeFileSync(guard, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(guard).mtimeMs > GUARD_STALE_MS) rmSync(guard, { force: true });
    } catch {
      // Gone meanwhile.
    }
    return false;
  }
  try {
    // Under the guard, nobody else removes the lock; it is removed only if it is still the stale one.
    // No lock at all is left alone: another galley may be creating its own
    // right now (creating needs no guard), and a lock that names no process
    // must not be mistaken for the absence of one.
    const text = readLock(lockFile);
    if (text !== undefined && pidOf(text) === stalePid) rmSync(lockFile, { force: true });
  } finally {
    rmSync(guard, { force: true });
  }
  return true;
}

/**
 * Takes the lock of `outDir` for this process; returns the function that
 * releases it (also called when the process exits). Throws OutputLockedError
 * when another running process holds it.
 */
export function lockOutput(outDir: string, command: string): () => void {
  mkdirSync(outDir, { recursive: true });
  // Beside .galley/ rather than in it: a build that changes nothing changes no folder that stays.
  const lockFile = path.join(outDir, LOCK_FILE);
  const content = JSON.stringify({ pid: process.pid, command, started: new Date().toISOString() });
  removeDrafts(outDir);
  for (let attempt = 0; !create(lockFile, content); attempt++) {
    const pid = holder(lockFile);
    if (pid !== undefined && pid !== process.pid && isAlive(pid)) throw new OutputLockedError(outDir, pid, lockFile);
    // Left by a build that did not finish (killed, or the machine stopped): taken over.
    if (!removeStale(lockFile, pid)) {
      if (attempt > 200) throw new Error(`could not take over ${lockFile}: another galley keeps taking it over; remove ${lockFile}.takeover if no galley is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    if (holder(lockFile) === process.pid) {
      try {
        unlinkSync(lockFile);
      } catch {
        // Already gone.
      }
    }
  };
  process.on('exit', release);
  return release;
}
