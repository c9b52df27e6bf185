/** src/system-error.ts: an error from the operating system told with its path and what to do. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError, isSystemError } from '../src/system-error.js';
import { tempDir } from './helpers.js';

async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('no error');
}

describe('isSystemError', () => {
  it('is true for what Node throws from a system call, false for errors that only look alike', async () => {
    const real = await caught(() => readFile(path.join(tempDir(), 'missing')));
    expect(isSystemError(real)).toBe(true);
    expect(isSystemError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isSystemError(Object.assign(new Error('x'), { syscall: 'open' }))).toBe(false);
    expect(isSystemError({ code: 'ENOENT', syscall: 'open' })).toBe(false);
    expect(isSystemError('ENOENT')).toBe(false);
  });
});

describe('describeError', () => {
  it('names the file an operation failed on, what went wrong and what to do', async () => {
    const dir = tempDir('galley-errors-');
    const missing = path.join(dir, 'nowhere', 'a.pdf');
    expect(describeError(await caught(() => writeFile(missing, 'x')))).toBe(
      `${missing}: no such file or folder (ENOENT); check that the path exists`,
    );
    const file = path.join(dir, 'file');
    writeFileSync(file, '');
    expect(describeError(await caught(() => writeFile(path.join(file, 'a.pdf'), 'x')))).toBe(
      `${path.join(file, 'a.pdf')}: a part of this path is a file, not a folder (ENOTDIR); remove or rename that file, or choose another path`,
    );
    mkdirSync(path.join(dir, 'folder'));
    // Reading a folder fails on the read, which names no path: the caller's path is used.
    const folder = await caught(() => readFile(path.join(dir, 'folder')));
    expect(describeError(folder)).toBe('this is a folder, where a file was expected (EISDIR); remove or rename the folder');
    expect(describeError(folder, path.join(dir, 'folder'))).toMatch(/\/folder: this is a folder, where a file was expected \(EISDIR\); remove or rename the folder$/);
  });

  it('shows a path below the working folder relative to it, and others whole', () => {
    const inside = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open', path: path.join(process.cwd(), 'dist', 'a.pdf') });
    expect(describeError(inside)).toMatch(/^dist\/a\.pdf: permission denied \(EACCES\); /);
    const outside = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open', path: '/elsewhere/a.pdf' });
    expect(describeError(outside)).toMatch(/^\/elsewhere\/a\.pdf: /);
  });

  it('uses the path it is given when the error names none, and the message for a code it has no words for', () => {
    const noPath = Object.assign(new Error('ENOSPC: no space'), { code: 'ENOSPC', syscall: 'write' });
    expect(describeError(noPath, '/mnt/full/a.epub')).toBe('/mnt/full/a.epub: no space left on the device (ENOSPC); free some space on that disk, or choose another output folder with --out');
    expect(describeError(noPath)).toBe('no space left on the device (ENOSPC); free some space on that disk, or choose another output folder with --out');
    const unknown = Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV', syscall: 'rename', path: '/a' });
    expect(describeError(unknown)).toBe('/a: EXDEV: cross-device link not permitted');
  });

  it('tells what to do about a file galley reads, not about the output folder', () => {
    const locked = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open', path: '/home/a/story/article.md' });
    expect(describeError(locked, undefined, 'read')).toBe('/home/a/story/article.md: permission denied (EACCES); check the permissions of the file and of the folders it is in (ls -l): galley must be allowed to read them');
    expect(describeError(locked)).toMatch(/or choose another output folder with --out$/);
  });

  it('gives the message of any other error, and a thrown value as text', () => {
    expect(describeError(new TypeError('bad thing'))).toBe('bad thing');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(42)).toBe('42');
  });
});
