/**
 * src/write-atomic.ts: an edition is written beside its name and renamed into
 * place. Real files in a temporary folder: the new bytes arrive whole, and a
 * write that fails leaves the previous file and no temporary behind.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/write-atomic.js';
import { tempDir } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('galley-atomic-');
});

describe('writeFileAtomic', () => {
  it('writes text or bytes, making the folders it needs', async () => {
    const file = path.join(dir, 'a', 'b', 'book.epub');
    await writeFileAtomic(file, new Uint8Array([80, 75, 3, 4]));
    expect([...readFileSync(file)]).toEqual([80, 75, 3, 4]);
    await writeFileAtomic(path.join(dir, 'page.html'), 'Łódź');
    expect(readFileSync(path.join(dir, 'page.html'), 'utf8')).toBe('Łódź');
    expect(readdirSync(path.join(dir, 'a', 'b'))).toEqual(['book.epub']);
  });

  it('replaces the previous edition whole and leaves no temporary file', async () => {
    const file = path.join(dir, 'book.pdf');
    writeFileSync(file, 'old edition, longer than the new one');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['book.pdf']);
    // Many writes of one file at once: each is whole, the last one renamed wins, nothing is left over.
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, `edition ${i}`.repeat(1000))));
    expect(readFileSync(file, 'utf8')).toMatch(/^(edition \d+)\1{999}$/);
    expect(readdirSync(dir)).toEqual(['book.pdf']);
  });

  it('keeps the previous file and removes its temporary when the rename fails', async () => {
    // A folder where the file should go: writing the temporary works, renaming over a non-empty folder does not.
    const file = path.join(dir, 'book.pdf');
    mkdirSync(file);
    writeFileSync(path.join(file, 'inside'), 'kept');
    await expect(writeFileAtomic(file, 'new')).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['book.pdf']);
    expect(readFileSync(path.join(file, 'inside'), 'utf8')).toBe('kept');
  });
});
