import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/ensure-browser.mjs', import.meta.url));

interface EnsureOptions {
  env?: NodeJS.ProcessEnv;
  platform?: string;
  uid?: number;
  find?: () => string | undefined;
  run?: (command: string, args: string[], env: NodeJS.ProcessEnv) => boolean;
  log?: (line: string) => void;
  warn?: (text: string) => void;
}
type Ensure = (options?: EnsureOptions) => string | undefined;
type Place = { kind: 'shell' | 'full' } & ({ puppeteer: string } | { file: string } | { name: string });
type Find = (options?: { env?: NodeJS.ProcessEnv; places?: readonly Place[]; cache?: (env: NodeJS.ProcessEnv, product: string) => string | undefined }) => string | undefined;

let ensureBrowser: Ensure;
let findBrowser: Find;
let dir: string;
let fakeApt: string;

beforeAll(async () => {
  const mod = (await import(script)) as { ensureBrowser: Ensure; findBrowser: Find };
  ensureBrowser = mod.ensureBrowser;
  findBrowser = mod.findBrowser;
  dir = mkdtempSync(path.join(os.tmpdir(), 'galley-ensure-'));
  mkdirSync(path.join(dir, 'bin'));
  fakeApt = path.join(dir, 'bin', 'apt-get');
  writeFileSync(fakeApt, '#!/bin/sh\nexit 1\n');
  chmodSync(fakeApt, 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Records what ensureBrowser would run, without running anything. */
function recorder(results: boolean[]): { calls: string[]; run: NonNullable<EnsureOptions['run']> } {
  const calls: string[] = [];
  return {
    calls,
    run: (command, args) => {
      calls.push([path.basename(command), ...args].join(' '));
      return results.shift() ?? false;
    },
  };
}

describe('scripts/ensure-browser.mjs', () => {
  it('uses a headless shell that is already there, in one line', () => {
    const lines: string[] = [];
    const { calls, run } = recorder([]);
    const shell = '/usr/lib/chromium/chromium-headless-shell';
    expect(ensureBrowser({ env: { PATH: path.dirname(fakeApt) }, platform: 'linux', uid: 0, find: () => shell, run, log: (l) => lines.push(l) })).toBe(shell);
    expect(lines).toEqual([`using browser ${shell} (headless shell)`]);
    expect(calls).toEqual([]);
  });

  it('finds every headless shell before any full browser', () => {
    const bin = path.join(dir, 'order-bin');
    const fullBin = path.join(dir, 'order-full-bin');
    mkdirSync(bin, { recursive: true });
    mkdirSync(fullBin, { recursive: true });
    const make = (file: string): string => {
      writeFileSync(file, '#!/bin/sh\n');
      chmodSync(file, 0o755);
      return file;
    };
    const full = make(path.join(bin, 'chromium'));
    const shell = make(path.join(bin, 'chromium-headless-shell'));
    const onlyFull = make(path.join(fullBin, 'chromium'));
    const cachedChrome = make(path.join(dir, 'chrome'));
    const cachedShell = make(path.join(dir, 'chrome-headless-shell'));
    const none = (): undefined => undefined;
    const chromeOnly = (_env: NodeJS.ProcessEnv, product: string): string | undefined => (product === 'chrome' ? cachedChrome : undefined);
    const both = (_env: NodeJS.ProcessEnv, product: string): string | undefined => (product === 'chrome' ? cachedChrome : cachedShell);
    // The default list's order, with a system file of this test's own.
    const places: Place[] = [
      { kind: 'shell', puppeteer: 'chrome-headless-shell' },
      { kind: 'shell', name: 'chromium-headless-shell' },
      { kind: 'full', puppeteer: 'chrome' },
      { kind: 'full', file: full },
      { kind: 'full', name: 'chromium' },
    ];
    // A shell on PATH beats puppeteer's Chrome and a full browser's file.
    expect(findBrowser({ env: { PATH: bin }, places, cache: chromeOnly })).toBe(shell);
    // Puppeteer's shell comes first of all.
    expect(findBrowser({ env: { PATH: bin }, places, cache: both })).toBe(cachedShell);
    // No shell anywhere: puppeteer's Chrome, then the system's full browsers.
    expect(findBrowser({ env: { PATH: fullBin }, places, cache: chromeOnly })).toBe(cachedChrome);
    expect(findBrowser({ env: { PATH: fullBin }, places: places.filter((place) => !('file' in place)), cache: none })).toBe(onlyFull);
    expect(findBrowser({ env: { PATH: '' }, places, cache: none })).toBe(full);
  });

  it('as root with apt-get, next to a full browser: adds the headless shell and uses it', () => {
    let installed = false;
    const { calls, run } = recorder([true]);
    const lines: string[] = [];
    const found = ensureBrowser({
      env: { PATH: path.dirname(fakeApt) },
      platform: 'linux',
      uid: 0,
      find: () => (installed ? '/usr/lib/chromium/chromium-headless-shell' : '/usr/lib/chromium/chromium'),
      run: (command, args, env) => {
        const ok = run(command, args, env);
        if (ok && args[0] === 'install') installed = true;
        return ok;
      },
      log: (l) => lines.push(l),
    });
    expect(found).toBe('/usr/lib/chromium/chromium-headless-shell');
    expect(calls).toEqual(['apt-get install -y --no-install-recommends chromium-headless-shell']);
    expect(lines.at(-1)).toBe('using browser /usr/lib/chromium/chromium-headless-shell (headless shell)');
  });

  it('not root, next to a full browser: uses it and installs nothing', () => {
    const { calls, run } = recorder([]);
    const found = ensureBrowser({ env: { PATH: path.dirname(fakeApt) }, platform: 'linux', uid: 1000, find: () => '/usr/bin/chromium', run, log: () => {} });
    expect(found).toBe('/usr/bin/chromium');
    expect(calls).toEqual([]);
  });

  it('finds PUPPETEER_EXECUTABLE_PATH first', () => {
    const fake = path.join(dir, 'chrome');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    expect(findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: fake }, places: [], cache: () => undefined })).toBe(fake);
    expect(findBrowser({ env: { PATH: '' }, places: [], cache: () => undefined })).toBeUndefined();
  });

  it('finds, on this machine, the browser the PDF writer uses: both search one list, in one order', async () => {
    const { PUPPETEER_EXECUTABLE_PATH: _ignored, ...env } = process.env;
    const { findBrowser: writersBrowser } = await import('../src/pdf/browser.js');
    expect(findBrowser({ env })).toBe(writersBrowser(env).path);
    // And with only the full browsers of the list: the same one again.
    const { browserPlaces } = await import('../src/pdf/browser-places.mjs');
    const { defaultBrowserPlaces } = await import('../src/pdf/browser.js');
    const full = browserPlaces.filter((place) => place.kind === 'full');
    const found = findBrowser({ env, places: full });
    const writersFull = () => writersBrowser(env, defaultBrowserPlaces().filter((place) => place.kind === 'full')).path;
    // A machine with only the headless shell (as `npm ci` leaves a clean
    // Debian one) has no full browser: then both must find none.
    if (found === undefined) expect(writersFull).toThrow();
    else expect(found).toBe(writersFull());
  });

  it('installs nothing with GALLEY_SKIP_BROWSER=1', () => {
    const { calls, run } = recorder([]);
    const lines: string[] = [];
    const found = ensureBrowser({ env: { GALLEY_SKIP_BROWSER: '1' }, find: () => undefined, run, log: (l) => lines.push(l) });
    expect(found).toBeUndefined();
    expect(calls).toEqual([]);
    expect(lines.join('\n')).toMatch(/GALLEY_SKIP_BROWSER/);
  });

  it('as root with apt-get: installs the headless shell, updating the lists when the first try fails', () => {
    let installed = false;
    const { calls, run } = recorder([false, true, true]);
    const found = ensureBrowser({
      env: { PATH: path.dirname(fakeApt) },
      platform: 'linux',
      uid: 0,
      find: () => (installed ? '/usr/lib/chromium/chromium-headless-shell' : undefined),
      run: (command, args, env) => {
        const ok = run(command, args, env);
        if (ok && args[0] === 'install') installed = true;
        return ok;
      },
      log: () => {},
    });
    expect(found).toBe('/usr/lib/chromium/chromium-headless-shell');
    expect(calls).toEqual([
      'apt-get install -y --no-install-recommends chromium-headless-shell',
      'apt-get update',
      'apt-get install -y --no-install-recommends chromium-headless-shell',
    ]);
  });

  it('without apt-get: downloads puppeteer\'s headless shell, and when that fails says how to get one', () => {
    const { calls, run } = recorder([false]);
    const warnings: string[] = [];
    const found = ensureBrowser({
      env: { PATH: '' },
      platform: 'darwin',
      uid: 501,
      find: () => undefined,
      run,
      log: () => {},
      warn: (text) => warnings.push(text),
    });
    expect(found).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/puppeteer.* browsers install chrome-headless-shell$/);
    expect(warnings.join('\n')).toMatch(/apt-get install chromium[\s\S]*npx puppeteer browsers install chrome[\s\S]*PUPPETEER_EXECUTABLE_PATH/);
  });

  it('never asks apt-get for anything when not root', () => {
    const { calls, run } = recorder([false]);
    ensureBrowser({ env: { PATH: path.dirname(fakeApt) }, platform: 'linux', uid: 1000, find: () => undefined, run, log: () => {}, warn: () => {} });
    expect(calls.some((c) => c.startsWith('apt-get'))).toBe(false);
  });

  it('exits 0 when run as the postinstall step', () => {
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env } });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^galley: using browser \S+( \(headless shell\))?\n$/);
  });
});
