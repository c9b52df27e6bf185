/**
 * src/output/durable.ts: the temporary files editions are written to, and
 * the clean-up of those a killed build left. Real files in a temporary
 * folder and real processes, running and gone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAlive, removeStaleTemporaries, STALE_AFTER_MS, syncFolder, temporaryName, writeDurably } from '../src/output/durable.js';
import { tempDir } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('galley-durable-');
});

/** The id of a process that has ended. */
function deadPid(): number {
  return Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
}
/** A process that runs while the tests do. */
let sleeper: ChildProcess;
beforeAll(() => {
  sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
});
afterAll(() => {
  sleeper.kill();
});

describe('temporaryName', () => {
  it('names a hidden file beside the edition, with this process and a stamp, different each time', () => {
    const file = path.join(dir, 'book.epub');
    const names = Array.from({ length: 50 }, () => temporaryName(file));
    expect(new Set(names).size).toBe(50);
    for (const name of names) {
      expect(path.dirname(name)).toBe(dir);
      expect(path.basename(name)).toMatch(new RegExp(`^\\.book\\.epub\\.${process.pid}\\.\\d+\\.tmp$`));
    }
  });
});

describe('isAlive', () => {
  it('tells a running process from one that has ended, and refuses ids that name none', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(sleeper.pid!)).toBe(true);
    expect(isAlive(deadPid())).toBe(false);
    for (const pid of [0, -1, 1.5, Number.NaN]) expect(isAlive(pid)).toBe(false);
  });
});

describe('writeDurably', () => {
  it('writes a new file and never overwrites one', async () => {
    const file = path.join(dir, 'new.pdf');
    await writeDurably(file, 'bytes');
    expect(readFileSync(file, 'utf8')).toBe('bytes');
    await expect(writeDurably(file, 'other')).rejects.toThrow(/EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe('bytes');
  });

  it('syncs a folder, and does nothing where there is nothing to sync', async () => {
    await expect(syncFolder(dir)).resolves.toBeUndefined();
    await expect(syncFolder(path.join(dir, 'missing'))).resolves.toBeUndefined();
  });
});

describe('removeStaleTemporaries', () => {
  it("removes the temporaries of processes that are gone and old ones, keeps running writers' and other files", async () => {
    const name = (pid: number, file = 'a.pdf') => `.${file}.${pid}.1700000000000000.tmp`;
    const dead = deadPid();
    const files = {
      gone: name(dead),
      running: name(sleeper.pid!),
      ours: name(process.pid),
      oldRunning: name(sleeper.pid!, 'b.epub'),
      edition: 'a.pdf',
      lookalike: `.a.pdf.${dead}.tmp`,
    };
    for (const file of Object.values(files)) writeFileSync(path.join(dir, file), 'x');
    const old = new Date(Date.now() - STALE_AFTER_MS - 60_000);
    utimesSync(path.join(dir, files.oldRunning), old, old);
    // A folder named like a temporary, and a temporary in a subfolder, are left alone.
    mkdirSync(path.join(dir, name(dead, 'folder')));
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', name(dead)), 'x');

    const removed = await removeStaleTemporaries(dir);
    expect(removed.sort()).toEqual([path.join(dir, files.gone), path.join(dir, files.oldRunning)].sort());
    expect(readdirSync(dir).sort()).toEqual([files.edition, files.lookalike, files.ours, files.running, name(dead, 'folder'), 'sub'].sort());
    expect(readdirSync(path.join(dir, 'sub'))).toEqual([name(dead)]);
  });

  it('removes our own old temporaries never, and a running writer’s once a day has passed', async () => {
    const ours = `.a.pdf.${process.pid}.1.tmp`;
    const running = `.b.pdf.${sleeper.pid}.1.tmp`;
    writeFileSync(path.join(dir, ours), 'x');
    writeFileSync(path.join(dir, running), 'x');
    expect(await removeStaleTemporaries(dir, Date.now() + STALE_AFTER_MS - 60_000)).toEqual([]);
    expect(await removeStaleTemporaries(dir, Date.now() + STALE_AFTER_MS + 60_000)).toEqual([path.join(dir, running)]);
    expect(readdirSync(dir)).toEqual([ours]);
  });

  it('finds nothing to remove in a folder that is not there', async () => {
    expect(await removeStaleTemporaries(path.join(dir, 'missing'))).toEqual([]);
  });
});
