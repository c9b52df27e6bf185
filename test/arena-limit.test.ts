/**
 * A batch (`galley build`) runs in a second process under a limit of two
 * malloc arenas (bin/arena-limit.cjs): the limit is in that process's
 * environment, the first one ends as it ends, and a signal to the first
 * (Ctrl-C, SIGTERM, even SIGKILL) ends the build with no browser, profile
 * or half-written file left. Linux only, where glibc reads the limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, seedAndBroken } from './helpers.js';
import { processesWith, waitForNoProcessWith } from './pdf-helpers.js';

let work: string;
let manuscript: string;
let broken: string;

beforeAll(() => {
  ({ work, good: manuscript, broken } = seedAndBroken('galley-arenas-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The environment of a run whose user set no limit. */
function unlimited(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.MALLOC_ARENA_MAX;
  delete env.GLIBC_TUNABLES;
  delete env.GALLEY_ARENA_LIMIT;
  return { ...env, ...extra };
}

/** The galleys `pid` started itself under the limit (marked `GALLEY_ARENA_LIMIT=1`; not the other processes a run starts, such as the browser, which show galley's command line between fork and exec), with their environments. */
function galleyChildren(pid: number): Array<{ pid: number; env: string[]; args: string[] }> {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  const found: Array<{ pid: number; env: string[]; args: string[] }> = [];
  for (const child of children) {
    try {
      const args = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').slice(0, -1);
      if (args[0] !== process.execPath || !args.includes(path.join(repoRoot, 'bin', 'galley.js'))) continue;
      // Marked as started again: a child forked to run something else (the browser) shows galley's own command line until it execs.
      const env = readFileSync(`/proc/${child}/environ`, 'utf8').split('\0');
      if (!env.includes('GALLEY_ARENA_LIMIT=1')) continue;
      found.push({ pid: child, env, args });
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

interface Run {
  child: ChildProcess;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startBuild(args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'build', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, ended };
}

/** Polls until `found` returns something, or `ms` pass. */
async function until<T>(found: () => T | undefined, ms = 60_000): Promise<T | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = found();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

describe.runIf(process.platform === 'linux')('a batch under a limit of malloc arenas', () => {
  it('runs in a second process with MALLOC_ARENA_MAX=2, and ends as it ends', async () => {
    const out = path.join(work, 'out-ok');
    const run = startBuild([manuscript, '--out', out, '--force', '-q'], unlimited({ GALLEY_CACHE_DIR: path.join(work, 'cache') }));
    const second = await until(() => galleyChildren(run.child.pid!)[0]);
    expect(second, 'no second process').toBeDefined();
    expect(second!.env, second!.args.join(' ')).toContain('MALLOC_ARENA_MAX=2');
    expect(second!.args.slice(-6)).toEqual(['build', manuscript, '--out', out, '--force', '-q']);
    const { code, stderr } = await run.ended;
    expect(code, stderr).toBe(0);
    expect(readdirSync(out).filter((name) => /\.(epub|pdf)$/.test(name)).sort()).toEqual(['alpha.epub', 'alpha.pdf']);
  });

  it('a failed build: the same status and message', async () => {
    const run = startBuild([broken, '--out', path.join(work, 'out-broken'), '--no-page-list'], unlimited());
    const { code, stderr } = await run.ended;
    expect(code).toBe(1);
    expect(stderr).toContain(path.join('broken', 'alpha', 'article.md'));
  });

  it('a limit the user set is kept, and no second process starts', async () => {
    const run = startBuild([manuscript, '--out', path.join(work, 'out-set'), '--force', '-q', '--no-page-list'], unlimited({ MALLOC_ARENA_MAX: '4', GALLEY_CACHE_DIR: path.join(work, 'cache') }));
    const seen: number[] = [];
    const poll = setInterval(() => seen.push(...galleyChildren(run.child.pid!).map(({ pid }) => pid)), 5);
    const { code, stderr } = await run.ended;
    clearInterval(poll);
    expect(code, stderr).toBe(0);
    expect(seen).toEqual([]);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGKILL'] as const)('%s to galley while the browser lays out ends the build, and leaves nothing behind', async (signal) => {
    const tmp = path.join(work, 'tmp', signal);
    mkdirSync(tmp, { recursive: true });
    const out = path.join(work, `out-${signal}`);
    const run = startBuild([manuscript, '--out', out, '--force'], unlimited({ TMPDIR: tmp, GALLEY_CACHE_DIR: path.join(work, `cache-${signal}`) }));
    const second = await until(() => galleyChildren(run.child.pid!)[0]);
    expect(second).toBeDefined();
    expect(await until(() => (processesWith(`${tmp}/galley-chromium-`).length > 0 ? true : undefined))).toBe(true);
    run.child.kill(signal);
    const { code, signal: ended } = await run.ended;
    if (signal === 'SIGKILL') expect(ended).toBe('SIGKILL');
    else expect(code).toBe(128 + { SIGTERM: 15, SIGINT: 2 }[signal]);
    // The second process goes too, and with it the browser and its profile.
    expect(await until(() => (existsSync(`/proc/${second!.pid}`) ? undefined : true), 10_000)).toBe(true);
    expect(await waitForNoProcessWith(`${tmp}/galley-chromium-`, 10_000)).toEqual([]);
    expect(readdirSync(tmp).filter((name) => name.startsWith('galley-chromium-'))).toEqual([]);
    if (existsSync(out)) {
      expect(readdirSync(out).filter((name) => /\.(pdf|epub)$/.test(name))).toEqual([]);
      expect(readdirSync(out, { recursive: true }).map(String).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect(existsSync(path.join(out, '.galley.lock'))).toBe(false);
    }
  });
});
