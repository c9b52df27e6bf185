/**
 * Editions are written next to their final name, flushed to the disk and
 * renamed into place, so a failed or killed build never leaves a
 * half-written file and never destroys the previous edition.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { syncFolder, temporaryName, writeDurably } from './output/durable.js';

export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = temporaryName(file);
  try {
    await writeDurably(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(path.dirname(file));
}
