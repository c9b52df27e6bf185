/**
 * The output folder's bookkeeping, piece by piece: the lock, the clean-up of
 * what killed builds left, the completion of a commit cut short; and the
 * messages: system errors with path and fix, control characters escaped,
 * Range headers read in linear time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTemporaries } from '../src/output/durable.js';
import { lockOutput, OutputLockedError } from '../src/output/lock.js';
import { OutputFolder } from '../src/output/transaction.js';
import { describeError } from '../src/system-error.js';
import { escapeControls } from '../src/terminal.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'galley-output-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

function fresh(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('the lock of an output folder', () => {
  it('refuses a second holder that is running, naming its process', () => {
    const out = fresh('locked');
    // The parent of this test's process plays the other build: it is running.
    writeFileSync(path.join(out, '.galley.lock'), JSON.stringify({ pid: process.ppid, command: 'build' }));
    let error: unknown;
    try {
      lockOutput(out, 'build');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutputLockedError);
    expect((error as Error).message).toContain(`process ${process.ppid}`);
    expect((error as Error).message).toContain(path.join(out, '.galley.lock'));
  });

  it('takes over the lock of a build that is gone, and releases it', () => {
    const out = fresh('stale-lock');
    writeFileSync(path.join(out, '.galley.lock'), JSON.stringify({ pid: deadPid(), command: 'build' }));
    const release = lockOutput(out, 'build');
    expect(JSON.parse(readFileSync(path.join(out, '.galley.lock'), 'utf8')).pid).toBe(process.pid);
    release();
    expect(existsSync(path.join(out, '.galley.lock'))).toBe(false);
  });
});

describe('what killed builds leave behind', () => {
  it('removes temporary files of processes that are gone, and old ones; keeps those of running writers', async () => {
    const out = fresh('temporaries');
    const dead = `.story.pdf.${deadPid()}.1700000000000.tmp`;
    const running = `.story.epub.${process.ppid}.1700000000000.tmp`;
    const old = `.story.epub.${process.ppid}.1600000000000.tmp`;
    for (const name of [dead, running, old, 'story.pdf', '.story.pdf.notes']) writeFileSync(path.join(out, name), 'x');
    const twoDaysAgo = Date.now() / 1000 - 2 * 24 * 3600;
    utimesSync(path.join(out, old), twoDaysAgo, twoDaysAgo);
    const removed = await removeStaleTemporaries(out);
    expect(removed.map((file) => path.basename(file)).sort()).toEqual([dead, old].sort());
    expect(readdirSync(out).sort()).toEqual(['.story.pdf.notes', running, 'story.pdf'].sort());
  });

  it('opening the folder cleans the editions folder, covers/, fonts/ and .galley/', async () => {
    const out = fresh('open-cleans');
    const pid = deadPid();
    for (const sub of ['', 'covers', 'fonts', '.galley/entries']) {
      mkdirSync(path.join(out, sub), { recursive: true });
      writeFileSync(path.join(out, sub, `.x.png.${pid}.1700000000000.tmp`), 'x');
    }
    const folder = await OutputFolder.open(out, 'build');
    folder.close();
    expect(folder.cleaned).toHaveLength(4);
    for (const sub of ['', 'covers', 'fonts', '.galley/entries']) expect(readdirSync(path.join(out, sub)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('completes the renames of a commit that was killed half way, so that the editions stay a pair', async () => {
    const out = fresh('journal');
    writeFileSync(path.join(out, 'story.pdf'), 'new pdf'); // renamed before the kill
    writeFileSync(path.join(out, 'story.epub'), 'old epub');
    const pid = deadPid();
    const staged = `.story.epub.${pid}.1700000000000.tmp`;
    writeFileSync(path.join(out, staged), 'new epub');
    mkdirSync(path.join(out, '.galley'), { recursive: true });
    writeFileSync(
      path.join(out, '.galley', `commit-${pid}-0.json`),
      JSON.stringify([
        { from: `.story.pdf.${pid}.1700000000000.tmp`, to: 'story.pdf' },
        { from: staged, to: 'story.epub' },
        { from: '../outside.tmp', to: '../outside' },
      ]),
    );
    const folder = await OutputFolder.open(out, 'build');
    folder.close();
    expect(folder.recovered).toBe(1);
    expect(readFileSync(path.join(out, 'story.pdf'), 'utf8')).toBe('new pdf');
    expect(readFileSync(path.join(out, 'story.epub'), 'utf8')).toBe('new epub');
    expect(readdirSync(out).sort()).toEqual(['.galley', 'story.epub', 'story.pdf']);
    expect(readdirSync(path.join(out, '.galley'))).toEqual([]);
    expect(existsSync(path.join(root, 'outside'))).toBe(false);
  });

  it('a transaction that is aborted leaves the folder as it was', async () => {
    const out = fresh('abort');
    writeFileSync(path.join(out, 'story.pdf'), 'old');
    const folder = await OutputFolder.open(out, 'build');
    const transaction = folder.transaction();
    await transaction.stage('story.pdf', 'new');
    await transaction.stage('covers/story.png', 'new');
    await transaction.abort();
    folder.close();
    expect(readFileSync(path.join(out, 'story.pdf'), 'utf8')).toBe('old');
    expect(readdirSync(out).sort()).toEqual(['covers', 'story.pdf']);
    expect(readdirSync(path.join(out, 'covers'))).toEqual([]);
  });
});

describe('messages', () => {
  const systemError = (code: string, file: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: something, open '${file}'`), { code, syscall: 'open', path: file });

  it('tells a system error with its path and the fix', () => {
    expect(describeError(systemError('EROFS', '/mnt/ro/dist/a.pdf'))).toBe(
      '/mnt/ro/dist/a.pdf: the file system is read-only (EROFS); choose an output folder on a writable disk with --out',
    );
    expect(describeError(systemError('ENOSPC', '/mnt/full/dist/a.epub'))).toMatch(/^\/mnt\/full\/dist\/a\.epub: no space left on the device \(ENOSPC\); free some space/);
    expect(describeError(systemError('EACCES', '/srv/dist'))).toMatch(/^\/srv\/dist: permission denied \(EACCES\); check the permissions/);
    expect(describeError(Object.assign(new Error('EIO'), { code: 'EIO', syscall: 'write' }), '/srv/dist/a.pdf')).toMatch(/^\/srv\/dist\/a\.pdf: input\/output error \(EIO\)/);
    expect(describeError(new Error('plain message'))).toBe('plain message');
  });

  it('escapes control characters and bidirectional overrides, keeping tabs and line breaks', () => {
    expect(escapeControls('a\x1b[2Jb\x07c\u009bd\u202ee\tf\ng')).toBe('a\\x1b[2Jb\\x07c\\x9bd\\u202ee\tf\ng');
  });
});
