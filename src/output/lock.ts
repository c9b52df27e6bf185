/**
 * One build at a time per output folder. A build holds `<out>/.galley.lock`,
 * which names its process; a second build into the same folder is refused
 * with that process id. A lock whose process is gone (a build that was
 * killed) is taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
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

function holder(lockFile: string): number | undefined {
  try {
    const pid = Number((JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: unknown }).pid);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
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
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lockFile, content, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        const pid = holder(lockFile);
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' && pid !== undefined) throw new OutputLockedError(outDir, pid, lockFile);
        throw error;
      }
      const pid = holder(lockFile);
      if (pid !== undefined && pid !== process.pid && isAlive(pid)) throw new OutputLockedError(outDir, pid, lockFile);
      // Left by a build that did not finish (killed, or the machine stopped): taken over.
      try {
        unlinkSync(lockFile);
      } catch {
        // Removed meanwhile by another galley taking it over; the next attempt tells.
      }
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
