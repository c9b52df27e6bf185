/**
 * Incremental builds: an edition is rebuilt only when one of its inputs
 * changed — the manuscript folder (text and images), the templates, the
 * options that shape it, or galley itself (its version and its code). The record of what was built lives
 * in a git-ignored folder; a damaged or foreign record is simply ignored.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where build records live: GALLEY_CACHE_DIR, else `.galley-cache/` in the working folder. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.GALLEY_CACHE_DIR ?? '.galley-cache');
}

function listFiles(dir: string, prefix = ''): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path.join(dir, entry.name), relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/**
 * sha-256 over every file's path and bytes below `dir`.
 *
 * Read with Node's synchronous calls, as are the build records below: a build
 * with nothing to do reads hundreds of small files and records before it can
 * say so, and each asynchronous read is an open, a stat, a read and a close,
 * each a turn of Node's thread pool (of two threads) and a promise; the
 * synchronous read does the same four calls at once.
 */
export async function hashTree(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) {
    hash.update(file).update('\0').update(readFileSync(path.join(dir, file))).update('\0');
  }
  return hash.digest('hex');
}

const treeHashes = new Map<string, Promise<string>>();

/** hashTree, computed once per process (the templates are shared by every manuscript). */
export function hashTreeOnce(dir: string): Promise<string> {
  let hash = treeHashes.get(dir);
  if (!hash) {
    hash = hashTree(dir);
    treeHashes.set(dir, hash);
  }
  return hash;
}

/** Forgets the hashes hashTreeOnce computed: `galley dev` calls it when a template is saved. */
export function forgetTreeHashes(): void {
  treeHashes.clear();
}

/**
 * An edition as it was when built. Size and modification time alone would
 * miss a file changed in place with its date set back; its change time and
 * inode number cannot be set back (any write or replacement changes them),
 * and checking them costs no reading.
 */
interface Record {
  key: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export class BuildCache {
  constructor(private readonly dir: string = cacheDir()) {}

  private recordFile(outFile: string): string {
    const name = createHash('sha256').update(path.resolve(outFile)).digest('hex').slice(0, 32);
    return path.join(this.dir, `${name}.json`);
  }

  /** True when `outFile` exists, is the file recorded, and was built from the inputs `key` stands for. */
  async isFresh(outFile: string, key: string): Promise<boolean> {
    let record: Partial<Record>;
    try {
      record = JSON.parse(readFileSync(this.recordFile(outFile), 'utf8')) as Partial<Record>;
    } catch {
      return false;
    }
    if (record.key !== key) return false;
    const info = statSync(outFile, { throwIfNoEntry: false });
    return info !== undefined && info.size === record.size && info.mtimeMs === record.mtimeMs && info.ctimeMs === record.ctimeMs && info.ino === record.ino;
  }

  /**
   * True when the record says galley wrote `outFile` as it is now (whatever
   * it was built from): the same size, times and inode. A file anyone else
   * put or changed there since is not it.
   */
  async wrote(outFile: string): Promise<boolean> {
    let record: Partial<Record>;
    try {
      record = JSON.parse(readFileSync(this.recordFile(outFile), 'utf8')) as Partial<Record>;
    } catch {
      return false;
    }
    const info = lstatSync(outFile, { throwIfNoEntry: false });
    return info !== undefined && info.isFile() && info.size === record.size && info.mtimeMs === record.mtimeMs && info.ctimeMs === record.ctimeMs && info.ino === record.ino;
  }

  /** Forgets the record of `outFile` (a file galley removed). */
  async forget(outFile: string): Promise<void> {
    await rm(this.recordFile(outFile), { force: true });
  }

  async record(outFile: string, key: string): Promise<void> {
    const info = await stat(outFile);
    await mkdir(this.dir, { recursive: true });
    const record: Record = { key, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
    await writeFile(this.recordFile(outFile), JSON.stringify(record));
  }
}

/** The key of one edition: what it is built from (`galley`: its version and code, src/identity.ts). */
export function editionKey(parts: { manuscript: string; templates: string; galley: string; format: string; options: unknown }): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
