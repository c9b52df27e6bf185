/**
 * The browser always dies with galley: whatever ends galley (Ctrl-C,
 * SIGTERM, SIGKILL), at whatever moment (while the browser starts, while it
 * lays out), no Chromium process and no profile folder outlives it for long.
 * A browser that is there but does not start is told in one line, and the
 * e-book is still built; a batch whose manuscripts all failed starts none.
 *
 * Every run gets its own TMPDIR: the browser's profile folder, and so its
 * command line, name it, which tells our browsers from any other.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, seedAndBroken } from './helpers.js';
import { processesWith, waitForNoProcessWith } from './pdf-helpers.js';

let work: string;
let alpha: string;
let broken: string;

beforeAll(() => {
  ({ work, good: alpha, broken } = seedAndBroken('galley-lifetime-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function privateTmp(name: string): string {
  const dir = path.join(work, 'tmp', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

const profiles = (tmp: string): string[] => readdirSync(tmp).filter((name) => name.startsWith('galley-chromium-'));

type Moment = { early: number } | 'launching' | 'laying-out';

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The browser had started when galley was signalled. */
  sawBrowser: boolean;
  pid: number;
  stderr: string;
}

/** Runs `galley build` (with `env` added, and no core dump) and sends `signal` at `moment`. */
function buildAndKill(tmp: string, out: string, signal: NodeJS.Signals, moment: Moment, env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const galley = [process.execPath, path.join(repoRoot, 'bin', 'galley.js'), 'build', alpha, '--out', out, '--force'];
    const child = spawn('/bin/sh', ['-c', 'ulimit -c 0; exec "$@"', 'sh', ...galley], {
      cwd: repoRoot,
      // A limit of malloc arenas already set: galley builds in this very process (bin/arena-limit.cjs), whose pid the checks below name.
      env: { ...process.env, MALLOC_ARENA_MAX: '2', TMPDIR: tmp, GALLEY_CACHE_DIR: path.join(work, 'cache'), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let sawBrowser = false;
    let exited = false;
    const kill = (): void => {
      if (!exited) child.kill(signal);
    };
    if (typeof moment === 'object') setTimeout(kill, moment.early);
    else {
      const poll = setInterval(() => {
        if (exited) return clearInterval(poll);
        if (processesWith(`${tmp}/galley-chromium-`).length === 0) return;
        sawBrowser = true;
        clearInterval(poll);
        if (moment === 'launching') kill();
        else setTimeout(kill, 400);
      }, 5);
    }
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`galley did not end: ${stderr}`));
    }, 120_000);
    child.on('exit', (code, sig) => {
      exited = true;
      clearTimeout(guard);
      resolve({ code, signal: sig, sawBrowser, stderr, pid: child.pid! });
    });
  });
}

describe('no browser outlives galley', () => {
  const cases: Array<[NodeJS.Signals, Moment]> = [
    ['SIGINT', 'launching'],
    ['SIGTERM', 'launching'],
    ['SIGKILL', 'launching'],
    ['SIGINT', 'laying-out'],
    ['SIGKILL', 'laying-out'],
    ['SIGINT', { early: 300 }],
  ];
  let tmp: string;
  let outs: string;
  beforeAll(() => {
    tmp = privateTmp('signals');
    outs = path.join(work, 'signals-out');
  });

  it.each(cases)('%s while the browser is %j', async (signal, moment) => {
    // An output folder of its own: a build that finished before its signal leaves editions that are not another case's.
    const out = path.join(outs, `${signal}-${typeof moment === 'string' ? moment : `early-${moment.early}`}`);
    const outcome = await buildAndKill(tmp, out, signal, moment);
    if (moment !== 'laying-out' || outcome.code !== 0) {
      expect(outcome.signal === signal || outcome.code === 128 + ({ SIGINT: 2, SIGTERM: 15, SIGKILL: 9 } as Record<string, number>)[signal]!, outcome.stderr).toBe(true);
    }
    if (typeof moment === 'string') expect(outcome.sawBrowser).toBe(true);
    expect(await waitForNoProcessWith(`${tmp}/galley-chromium-`, 10_000)).toEqual([]);
    // SIGKILL leaves no time to remove the profile: the next galley does (below).
    if (signal !== 'SIGKILL') expect(profiles(tmp).filter((name) => name.startsWith(`galley-chromium-${outcome.pid}-`))).toEqual([]);
    // Nothing half-written is in place, and no lock is held (unless the build had finished before the signal came).
    if (existsSync(out) && outcome.code !== 0) {
      expect(readdirSync(out).filter((name) => /\.(pdf|epub)$/.test(name))).toEqual([]);
      if (signal !== 'SIGKILL') {
        expect(readdirSync(out, { recursive: true }).map(String).filter((name) => name.endsWith(`.tmp`) && name.includes(`.${outcome.pid}.`))).toEqual([]);
        const lock = path.join(out, '.galley.lock');
        if (existsSync(lock)) expect(JSON.parse(readFileSync(lock, 'utf8')).pid).not.toBe(outcome.pid);
      }
    }
  });

  it('an out-of-memory abort while the browser lays out', async () => {
    // A real one: on SIGUSR2, galley's main thread hoards memory until V8 gives up and aborts.
    const hoarder = path.join(work, 'hoard-memory.cjs');
    writeFileSync(
      hoarder,
      "const { isMainThread } = require('node:worker_threads');\n" +
        "if (isMainThread) process.on('SIGUSR2', () => { const hoard = []; for (;;) hoard.push(new Array(100000).fill(hoard.length + 0.5)); });\n",
    );
    const out = path.join(outs, 'out-of-memory');
    const outcome = await buildAndKill(tmp, out, 'SIGUSR2', 'laying-out', { NODE_OPTIONS: `--max-old-space-size=384 --require ${hoarder}` });
    expect(outcome.sawBrowser).toBe(true);
    expect(outcome.stderr).toMatch(/JavaScript heap out of memory/);
    expect(outcome.signal === 'SIGABRT' || outcome.code === 134, `${outcome.code} ${outcome.signal}`).toBe(true);
    expect(await waitForNoProcessWith(`${tmp}/galley-chromium-`, 10_000)).toEqual([]);
    if (existsSync(out)) expect(readdirSync(out).filter((name) => /\.(pdf|epub)$/.test(name))).toEqual([]);
  });

  it('the next build removes what the killed ones could not, and builds', () => {
    // What a SIGKILLed galley leaves, made here too so that the case stands alone and in any order:
    // a profile folder and a half-written edition of a process that is gone.
    const out = path.join(outs, 'next');
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(path.join(tmp, `galley-chromium-${gone}-stale00`), { recursive: true });
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `.alpha.pdf.${gone}.${Date.now()}.tmp`), 'half-written');
    expect(profiles(tmp).length).toBeGreaterThan(0);
    // --force: the browser starts (and cleans up) whatever the cache says.
    const result = runCli(['build', alpha, '--out', out, '--force'], { TMPDIR: tmp, GALLEY_CACHE_DIR: path.join(work, 'cache') });
    expect(result.status, result.stderr).toBe(0);
    expect(profiles(tmp)).toEqual([]);
    expect(processesWith(`${tmp}/galley-chromium-`)).toEqual([]);
    const left = readdirSync(out, { recursive: true }).map(String);
    expect(left.filter((name) => name.endsWith('.tmp') || name.endsWith('lock') || /commit-/.test(name))).toEqual([]);
    expect(left).toEqual(expect.arrayContaining(['alpha.pdf', 'alpha.epub', 'index.html']));
  });
});

describe('a browser that does not start', () => {
  /** A stand-in browser: a script that notes it was run, then does `body`. */
  function fakeBrowser(name: string, body: string, interpreter = '/bin/sh'): { file: string; marker: string } {
    const dir = path.join(work, 'fakes');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    const marker = path.join(dir, `${name}.ran`);
    writeFileSync(file, `#!${interpreter}\n${body.replaceAll('MARKER', marker)}\n`);
    chmodSync(file, 0o755);
    return { file, marker };
  }

  it('one that exits at once: one line with the fix, and the e-book is built', () => {
    const fake = fakeBrowser('exits-at-once', 'touch "MARKER"\necho "fake browser: cannot start" >&2\nexit 1');
    const tmp = privateTmp('exits');
    const out = path.join(work, 'exits-out');
    const result = runCli(['build', alpha, '--out', out], { PUPPETEER_EXECUTABLE_PATH: fake.file, TMPDIR: tmp, GALLEY_CACHE_DIR: path.join(work, 'cache') });
    expect(result.status).toBe(1);
    expect(existsSync(fake.marker)).toBe(true);
    const lines = result.stderr.split('\n').filter((line) => line.includes('browser'));
    expect(lines).toEqual([
      `✗ PDF editions not built: the browser ${fake.file} exited as soon as it started; check that \`${fake.file} --headless --version\` works, or point PUPPETEER_EXECUTABLE_PATH at another Chrome or Chromium`,
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(path.join(out, 'alpha.epub'))).toBe(true);
    expect(existsSync(path.join(out, 'alpha.pdf'))).toBe(false);
    expect(profiles(tmp)).toEqual([]);
  });

  it('one that hangs: ended after the start timeout, one line, and the e-book is built', async () => {
    const fake = fakeBrowser('hangs', "require('node:fs').writeFileSync('MARKER', '');\nsetInterval(() => {}, 1000);", '/usr/bin/env node');
    const tmp = privateTmp('hangs');
    const out = path.join(work, 'hangs-out');
    // The fake never answers: only the start timeout ends it (else runCli's own timeout kills galley, and the status is not 1).
    const result = runCli(['build', alpha, '--out', out], {
      PUPPETEER_EXECUTABLE_PATH: fake.file,
      GALLEY_BROWSER_START_TIMEOUT: '3',
      TMPDIR: tmp,
      GALLEY_CACHE_DIR: path.join(work, 'cache'),
    });
    expect(result.status, result.stderr).toBe(1);
    expect(existsSync(fake.marker)).toBe(true);
    expect(result.stderr).toContain(`✗ PDF editions not built: the browser ${fake.file} did not start within 3 s; check that`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(path.join(out, 'alpha.epub'))).toBe(true);
    expect(await waitForNoProcessWith(fake.file)).toEqual([]);
    expect(profiles(tmp)).toEqual([]);
  });

  // The browser starts while the manuscripts are read; should they all fail,
  // it is ended unused, and the user hears nothing of it (not even that it
  // could not start).
  it('none is mentioned or left behind for a batch whose manuscripts all failed', async () => {
    const fake = fakeBrowser('never-run', 'touch "MARKER"\nexit 1');
    const result = runCli(['build', broken, '--out', path.join(work, 'broken-out')], {
      PUPPETEER_EXECUTABLE_PATH: fake.file,
      TMPDIR: privateTmp('broken'),
      GALLEY_CACHE_DIR: path.join(work, 'cache'),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error: front matter field `date`');
    expect(result.stderr).not.toContain('PDF editions not built');
    expect(result.stderr).not.toMatch(/browser/i);
    expect(await waitForNoProcessWith(fake.file)).toEqual([]);
    expect(profiles(privateTmp('broken'))).toEqual([]);
    // The same with a real browser: started, ended, its profile removed.
    const tmp = privateTmp('broken-real');
    const real = runCli(['build', broken, '--out', path.join(work, 'broken-real-out')], { TMPDIR: tmp, GALLEY_CACHE_DIR: path.join(work, 'cache') });
    expect(real.status).toBe(1);
    expect(real.stderr).toContain('error: front matter field `date`');
    expect(real.stderr).not.toMatch(/browser/i);
    expect(await waitForNoProcessWith(tmp)).toEqual([]);
    expect(profiles(tmp)).toEqual([]);
    const realOut = path.join(work, 'broken-real-out');
    expect(existsSync(realOut) ? readdirSync(realOut).filter((name) => /\.(pdf|epub)$/.test(name)) : []).toEqual([]);
  });

  it('one still starting when every manuscript failed is ended at once, not after the start timeout', async () => {
    const fake = fakeBrowser('hangs-unused', "require('node:fs').writeFileSync('MARKER', '');\nsetInterval(() => {}, 1000);", '/usr/bin/env node');
    const tmp = privateTmp('broken-hangs');
    // The fake never answers: what ends its launch is galley giving it up, or else the start timeout
    // (an hour here) or puppeteer's protocol timeout (120 s). Those are at least 120 s; galley
    // giving it up took 8 s on a 2-core machine at load 19. 100 s tells the two apart either way.
    const started = Date.now();
    const result = runCli(['build', broken, '--out', path.join(work, 'broken-hangs-out')], {
      PUPPETEER_EXECUTABLE_PATH: fake.file,
      GALLEY_BROWSER_START_TIMEOUT: '3600',
      TMPDIR: tmp,
      GALLEY_CACHE_DIR: path.join(work, 'cache'),
    });
    expect(Date.now() - started).toBeLessThan(100_000);
    expect(result.status, `${result.signal} ${result.stderr}`).toBe(1);
    expect(result.stderr).toContain('error: front matter field `date`');
    expect(result.stderr).not.toMatch(/browser/i);
    expect(await waitForNoProcessWith(fake.file)).toEqual([]);
    expect(profiles(tmp)).toEqual([]);
  });
});
