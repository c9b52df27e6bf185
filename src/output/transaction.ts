/**
 * The output folder as a build sees it: locked for the build's length, and
 * written one manuscript at a time in transactions. A transaction stages
 * every file of a manuscript (its editions, its cover thumbnail, its entry on
 * the download page) as flushed temporary files; commit() renames them all
 * into place at once, and only then. A build that fails, or is stopped,
 * before the commit leaves the previous files exactly as they were.
 *
 * The renames are announced in a journal (`.galley/commit-*.json`, flushed
 * before the first rename): should the process be killed among them, the
 * next build finishes them, so that a PDF and an EPUB from two different
 * builds never stand side by side.
 */
import { renameSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { isAlive, removeStaleTemporaries, syncFolder, temporaryName, writeDurably } from './durable.js';
import { lockOutput, STATE_DIR } from './lock.js';
import { makeFolder } from './make-folder.js';

/** Temporary files staged by this process and not yet committed: removed on a signal. */
const staged = new Set<string>();

/** Removes every staged file at once (for a signal handler, which cannot wait). */
export function removeStagedSync(): void {
  for (const file of staged) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Left for the next build's clean-up.
    }
  }
  staged.clear();
}

interface JournalEntry {
  /** Both relative to the output folder. */
  from: string;
  to: string;
}

const JOURNAL = /^commit-(\d+)-\d+\.json$/;
let journals = 0;

/** Subfolders of the output folder where galley writes (and so may leave temporary files). */
const WRITTEN_FOLDERS = ['', 'covers', 'fonts', STATE_DIR, path.join(STATE_DIR, 'entries')];

export class OutputFolder {
  private constructor(
    readonly dir: string,
    private readonly releaseLock: () => void,
    /** Temporary files of killed builds that opening the folder removed. */
    readonly cleaned: string[],
    /** Commits of killed builds that opening the folder completed. */
    readonly recovered: number,
  ) {}

  /**
   * Locks `outDir` (creating it) for this process, completes the commits a
   * killed build left half done, and removes the temporary files of builds
   * that are no longer running.
   */
  static async open(outDir: string, command: string): Promise<OutputFolder> {
    await makeFolder(outDir);
    const release = lockOutput(outDir, command);
    try {
      const recovered = await recoverCommits(outDir);
      const cleaned: string[] = [];
      for (const folder of WRITTEN_FOLDERS) cleaned.push(...(await removeStaleTemporaries(path.join(outDir, folder))));
      return new OutputFolder(outDir, release, cleaned, recovered);
    } catch (error) {
      release();
      throw error;
    }
  }

  transaction(): Transaction {
    return new Transaction(this.dir);
  }

  /** Releases the lock. */
  close(): void {
    this.releaseLock();
  }
}

export class Transaction {
  private readonly files = new Map<string, string>();

  constructor(readonly outDir: string) {}

  /** Writes `data` to a flushed temporary file beside `<outDir>/<relative>`; it replaces that file on commit(). */
  async stage(relative: string, data: Uint8Array | string): Promise<void> {
    const file = path.join(this.outDir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = temporaryName(file);
    staged.add(temporary);
    try {
      await writeDurably(temporary, data);
    } catch (error) {
      staged.delete(temporary);
      await rm(temporary, { force: true });
      throw error;
    }
    const previous = this.files.get(file);
    if (previous) await this.drop(previous);
    this.files.set(file, temporary);
  }

  /** The files staged so far, relative to the output folder. */
  get stagedFiles(): string[] {
    return [...this.files.keys()].map((file) => path.relative(this.outDir, file));
  }

  /** Puts every staged file in place. */
  async commit(): Promise<void> {
    if (this.files.size === 0) return;
    const entries = [...this.files];
    const folders = [...new Set(entries.map(([file]) => path.dirname(file)))];
    // The folders are flushed together (each waits for the disk, not for the others): all of them before the journal.
    await Promise.all(folders.map(syncFolder));
    const stateDir = path.join(this.outDir, STATE_DIR);
    await mkdir(stateDir, { recursive: true });
    const journal = path.join(stateDir, `commit-${process.pid}-${journals++}.json`);
    const plan: JournalEntry[] = entries.map(([file, temporary]) => ({ from: path.relative(this.outDir, temporary), to: path.relative(this.outDir, file) }));
    await writeDurably(journal, JSON.stringify(plan));
    await syncFolder(stateDir);
    // Back to back, without yielding: nothing of this process runs in between.
    for (const [file, temporary] of entries) {
      renameSync(temporary, file);
      staged.delete(temporary);
    }
    this.files.clear();
    await Promise.all(folders.map(syncFolder));
    await rm(journal, { force: true });
  }

  /** Removes every staged file; the output folder is left as it was. */
  async abort(): Promise<void> {
    for (const temporary of this.files.values()) await this.drop(temporary);
    this.files.clear();
  }

  private async drop(temporary: string): Promise<void> {
    staged.delete(temporary);
    await rm(temporary, { force: true });
  }
}

/** Completes the commits that builds no longer running left half done; returns how many. */
async function recoverCommits(outDir: string): Promise<number> {
  const stateDir = path.join(outDir, STATE_DIR);
  let names: string[];
  try {
    names = await readdir(stateDir);
  } catch {
    return 0;
  }
  let recovered = 0;
  for (const name of names) {
    const match = JOURNAL.exec(name);
    if (!match || isAlive(Number(match[1]))) continue;
    const journal = path.join(stateDir, name);
    let plan: JournalEntry[] = [];
    try {
      plan = JSON.parse(await readFile(journal, 'utf8')) as JournalEntry[];
    } catch {
      // Cut short while it was written: no rename had begun. Its files are removed as stale.
    }
    for (const { from, to } of Array.isArray(plan) ? plan : []) {
      if (typeof from !== 'string' || typeof to !== 'string') continue;
      const source = path.resolve(outDir, from);
      const target = path.resolve(outDir, to);
      // Only files inside the output folder.
      if (!inside(outDir, source) || !inside(outDir, target)) continue;
      try {
        if ((await stat(source)).isFile()) await rename(source, target);
      } catch {
        // Already renamed before the build was stopped.
      }
    }
    await rm(journal, { force: true });
    recovered++;
  }
  return recovered;
}

function inside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
