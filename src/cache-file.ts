/**
 * Files of the build cache that hold bytes worked out once (fonts cut or
 * decompressed, fonts deflated for the zip, font facts, covers), each under a
 * key that names what it was made from. Each file ends with the sha-256 of
 * its contents, so that a file damaged on disk (a failed copy, a full disk,
 * an edit) is noticed when read and made again, never shipped in an edition.
 * Written to a temporary name and renamed, so a build never reads half a file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

const DIGEST = 32;

function digestOf(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** The contents of a cache file, or undefined when it is missing or does not end with its own digest. */
function checked(file: Buffer): Buffer | undefined {
  if (file.length < DIGEST) return undefined;
  const contents = file.subarray(0, file.length - DIGEST);
  return digestOf(contents).equals(file.subarray(file.length - DIGEST)) ? contents : undefined;
}

/**
 * readCacheFileSync, for callers that await it. Read at once, not through
 * Node's thread pool: an asynchronous read of a file is an open, a stat, a
 * read and a close, each a turn of the pool (two threads, which a cover's
 * drawing may hold) and of the event loop, for files of a few kilobytes
 * that the system has in memory.
 */
export async function readCacheFile(file: string): Promise<Buffer | undefined> {
  return readCacheFileSync(file);
}

export function readCacheFileSync(file: string): Buffer | undefined {
  try {
    return checked(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** Keeps `bytes` in `file`; a cache that cannot be written only costs time, so failures are ignored. */
export async function writeCacheFile(file: string, bytes: Uint8Array): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, Buffer.concat([bytes, digestOf(bytes)]));
    await rename(temporary, file);
  } catch {
    // Only time is lost.
  }
}

export function writeCacheFileSync(file: string, bytes: Uint8Array): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([bytes, digestOf(bytes)]));
    renameSync(temporary, file);
  } catch {
    // Only time is lost.
  }
}
