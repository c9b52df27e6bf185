/**
 * src/output/lock.ts: one build at a time per output folder. Real lock files
 * in a temporary folder; real processes, running and ended.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockOutput, OutputLockedError } from '../src/output/lock.js';
import { tempDir } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = path.join(tempDir('galley-lock-'), 'out');
});
let sleeper: ChildProcess;
beforeAll(() => {
  sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
});
afterAll(() => {
  sleeper.kill();
});
const deadPid = (): number => Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
const lockFile = () => path.join(dir, LOCK_FILE);
const held = () => JSON.parse(readFileSync(lockFile(), 'utf8')) as { pid: number; command: string; started: string };

describe('lockOutput', () => {
  it('makes the folder and takes the lock, naming this process and its command, and gives it back', () => {
    const release = lockOutput(dir, 'epub');
    expect(held()).toMatchObject({ pid: process.pid, command: 'epub' });
    expect(Number.isNaN(Date.parse(held().started))).toBe(false);
    release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('releases only its own lock, once, and stops waiting for the exit then', () => {
    const listeners = process.listenerCount('exit');
    const first = lockOutput(dir, 'build');
    expect(process.listenerCount('exit')).toBe(listeners + 1);
    first();
    expect(process.listenerCount('exit')).toBe(listeners);
    // The next build in this process holds the lock: the first release, called again, leaves it.
    const second = lockOutput(dir, 'build');
    first();
    expect(held().pid).toBe(process.pid);
    // A lock another process holds now (it took over) is not removed by this one's release.
    writeFileSync(lockFile(), JSON.stringify({ pid: sleeper.pid }));
    second();
    expect(held().pid).toBe(sleeper.pid);
  });

  it('refuses a second holder that is running, with the folder, its process and the lock file in the message', () => {
    lockOutput(dir, 'build')();
    writeFileSync(lockFile(), JSON.stringify({ pid: sleeper.pid, command: 'build' }));
    let error: unknown;
    try {
      lockOutput(dir, 'pdf');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OutputLockedError);
    expect(error).toMatchObject({ outDir: dir, pid: sleeper.pid, lockFile: lockFile() });
    expect((error as Error).message).toBe(
      `${dir} is being written by another galley (process ${sleeper.pid}); wait for it to finish, or stop it (kill ${sleeper.pid}). If no galley is running, remove ${lockFile()}.`,
    );
    expect(held().pid).toBe(sleeper.pid);
  });

  it('takes over a lock whose process has ended, or that names no process', () => {
    lockOutput(dir, 'build')();
    for (const stale of [JSON.stringify({ pid: deadPid() }), '{"pid": "x"}', 'not json', '']) {
      writeFileSync(lockFile(), stale);
      const release = lockOutput(dir, 'build');
      expect(held().pid).toBe(process.pid);
      release();
    }
  });

  it('removes the lock drafts of processes that were killed while taking it, and keeps those of running ones', () => {
    mkdirSync(dir, { recursive: true });
    const dead = deadPid();
    writeFileSync(`${lockFile()}.${dead}`, JSON.stringify({ pid: dead }));
    writeFileSync(`${lockFile()}.${sleeper.pid}`, JSON.stringify({ pid: sleeper.pid }));
    writeFileSync(path.join(dir, `${LOCK_FILE}.notes`), 'not a draft');
    const release = lockOutput(dir, 'build');
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, `${LOCK_FILE}.${sleeper.pid}`, `${LOCK_FILE}.notes`].sort());
    release();
  });

  it('takes over its own lock, left by an earlier build in this process', () => {
    lockOutput(dir, 'build')();
    writeFileSync(lockFile(), JSON.stringify({ pid: process.pid }));
    const release = lockOutput(dir, 'build');
    expect(held().pid).toBe(process.pid);
    release();
  });

  it('lets only one of several galleys that find the same stale lock take it over', async () => {
    // Before, each removed the stale lock and created its own, and a slower one then removed a faster one's fresh lock: both built.
    const base = path.join(tempDir('galley-lock-race-'), 'rounds');
    const rounds = 60;
    // Every other round's lock names no process (damaged): then a contender
    // that finds no lock at all must not take that for a stale one and
    // remove a lock another has just made (a race seen once in CI).
    const stale = [JSON.stringify({ pid: deadPid() }), 'not json'];
    for (let round = 0; round < rounds; round++) {
      mkdirSync(path.join(base, String(round)), { recursive: true });
      writeFileSync(path.join(base, String(round), LOCK_FILE), stale[round % 2]!);
    }
    const startAt = Date.now() + 3000;
    const contender = path.join(import.meta.dirname, 'output-lock-contender.ts');
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        new Promise<string[]>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', contender, base, String(startAt), String(rounds)], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.on('error', reject);
          child.on('close', () => resolve(JSON.parse(out) as string[]));
        }),
      ),
    );
    for (let round = 0; round < rounds; round++) {
      const row = outcomes.map((results) => results[round]);
      // A contender the machine was slow to schedule may take the lock after the winner released it; never while it holds it.
      expect(row.filter((result) => result !== 'held' && result !== 'locked'), `round ${round}: ${row.join(', ')}`).toEqual([]);
      expect(row).toContain('held');
      // Nothing of the take-over is left beside the lock.
      expect(readdirSync(path.join(base, String(round)))).toEqual([]);
    }
  }, 60_000);
});
