/**
 * Every file galley puts in place is on the disk before its new name is:
 * the data is flushed (fsync) before the rename, and the folder after it.
 * The file system calls are recorded in order.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (file, flags, mode) => {
    const handle = await actual.open(file, flags, mode);
    const name = path.basename(String(file));
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      calls.push(`sync ${name}`);
      await sync();
      calls.push(`synced ${name}`);
    };
    return handle;
  };
  const rename: typeof actual.rename = async (from, to) => {
    calls.push(`rename ${path.basename(String(from))} -> ${path.basename(String(to))}`);
    return actual.rename(from, to);
  };
  return { ...actual, open, rename, default: { ...actual, open, rename } };
});

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const renameSync: typeof actual.renameSync = (from, to) => {
    calls.push(`rename ${path.basename(String(from))} -> ${path.basename(String(to))}`);
    actual.renameSync(from, to);
  };
  return { ...actual, renameSync, default: { ...actual, renameSync } };
});

const { writeFileAtomic } = await import('../src/write-atomic.js');
const { OutputFolder } = await import('../src/output/transaction.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'galley-fsync-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Index of the first call matching `pattern`. */
function indexOf(pattern: RegExp): number {
  return calls.findIndex((call) => pattern.test(call));
}

describe('durable writes', () => {
  it('writeFileAtomic flushes the data before the rename, and the folder after it', async () => {
    calls.length = 0;
    await writeFileAtomic(path.join(dir, 'page.html'), 'hello');
    const synced = indexOf(/^sync \.page\.html\.\d+\.\d+\.tmp$/);
    const renamed = indexOf(/^rename \.page\.html\.\d+\.\d+\.tmp -> page\.html$/);
    const folder = calls.lastIndexOf(`sync ${path.basename(dir)}`);
    expect(synced, calls.join('\n')).toBeGreaterThanOrEqual(0);
    expect(renamed, calls.join('\n')).toBeGreaterThan(synced);
    expect(folder, calls.join('\n')).toBeGreaterThan(renamed);
    expect(readFileSync(path.join(dir, 'page.html'), 'utf8')).toBe('hello');
  });

  it('a transaction flushes every staged file and its journal before the first rename', async () => {
    const out = await OutputFolder.open(path.join(dir, 'out'), 'test');
    try {
      const transaction = out.transaction();
      await transaction.stage('a.pdf', 'pdf');
      await transaction.stage('a.epub', 'epub');
      calls.length = 0;
      await transaction.commit();
      const firstRename = indexOf(/^rename /);
      expect(firstRename, calls.join('\n')).toBeGreaterThan(indexOf(/^sync commit-\d+-\d+\.json$/));
      expect(indexOf(/^sync commit-/)).toBeGreaterThanOrEqual(0);
      expect(calls.filter((call) => /^rename \.a\.(pdf|epub)\.\d+\.\d+\.tmp -> a\.(pdf|epub)$/.test(call))).toHaveLength(2);
      // The renames are told to the disk too.
      expect(calls.lastIndexOf('sync out'), calls.join('\n')).toBeGreaterThan(calls.findLastIndex((call) => call.startsWith('rename ')));
      expect(readFileSync(path.join(dir, 'out', 'a.pdf'), 'utf8')).toBe('pdf');
    } finally {
      out.close();
    }
  });

  it('flushes the folders of a commit together, all of them before the journal and again after the renames', async () => {
    const out = await OutputFolder.open(path.join(dir, 'out3'), 'test');
    try {
      const transaction = out.transaction();
      await transaction.stage('c.pdf', 'pdf');
      await transaction.stage('.galley/entries/c.json', '{}');
      calls.length = 0;
      await transaction.commit();
      const folders = (from: number, to: number) => calls.slice(from, to).filter((call) => /^sync(ed)? (out3|entries)$/.test(call));
      const journal = indexOf(/^sync commit-/);
      const firstRename = indexOf(/^rename /);
      // Both asked for before either is done; both done before the journal is written.
      expect(new Set(folders(0, journal)), calls.join('\n')).toEqual(new Set(['sync out3', 'sync entries', 'synced out3', 'synced entries']));
      expect(folders(0, journal).slice(0, 2).every((call) => call.startsWith('sync ')), calls.join('\n')).toBe(true);
      expect(folders(firstRename, calls.length).slice(0, 2).every((call) => call.startsWith('sync ')), calls.join('\n')).toBe(true);
      expect(folders(firstRename, calls.length)).toHaveLength(4);
    } finally {
      out.close();
    }
  });

  it('stages each file flushed, before any commit', async () => {
    const out = await OutputFolder.open(path.join(dir, 'out2'), 'test');
    try {
      calls.length = 0;
      const transaction = out.transaction();
      await transaction.stage('b.pdf', 'pdf');
      expect(calls.some((call) => /^sync \.b\.pdf\.\d+\.\d+\.tmp$/.test(call)), calls.join('\n')).toBe(true);
      await transaction.abort();
    } finally {
      out.close();
    }
  });
});
