import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BrowserNotFoundError,
  BrowserTimeoutError,
  browserArgs,
  defaultBrowserPlaces,
  findBrowser,
  launchBrowser,
  launchCommand,
  PipeTransport,
  withBrowser,
  type BrowserPlace,
  type FoundBrowser,
} from '../src/pdf/browser.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { renderPdf } from '../src/pdf/index.js';
import { seedManuscript } from './helpers.js';
import { pdfFonts, pdfText, processesWith, waitForNoProcessWith } from './pdf-helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const browserModule = path.join(root, 'src/pdf/browser.ts');

describe('findBrowser', () => {
  it('prefers PUPPETEER_EXECUTABLE_PATH', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-test-'));
    try {
      const fake = path.join(dir, 'chrome');
      writeFileSync(fake, '#!/bin/sh\n');
      chmodSync(fake, 0o755);
      expect(findBrowser({ ...process.env, PUPPETEER_EXECUTABLE_PATH: fake })).toEqual({ path: fake, source: 'env', kind: 'full' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to get a browser when PUPPETEER_EXECUTABLE_PATH is wrong', () => {
    const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' };
    expect(() => findBrowser(env)).toThrow(BrowserNotFoundError);
    expect(() => findBrowser(env)).toThrow(/apt-get install chromium[\s\S]*npx puppeteer browsers install chrome[\s\S]*PUPPETEER_EXECUTABLE_PATH/);
  });

  it('finds the headless shell on this machine (npm install puts one there)', () => {
    const env = { ...process.env };
    delete env.PUPPETEER_EXECUTABLE_PATH;
    const found = findBrowser(env);
    expect(existsSync(found.path)).toBe(true);
    expect(['puppeteer', 'system']).toContain(found.source);
    expect(found.kind).toBe('shell');
    expect(found.path).toMatch(/headless[-_]shell$/);
  });

  it('takes a headless shell before any full browser, and a full browser when there is no shell', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-test-'));
    try {
      const make = (name: string): string => {
        const file = path.join(dir, name);
        writeFileSync(file, '#!/bin/sh\n');
        chmodSync(file, 0o755);
        return file;
      };
      const full = make('chromium');
      const shell = make('chromium-headless-shell');
      const env = { PATH: dir };
      const places: BrowserPlace[] = [
        { kind: 'shell', source: 'puppeteer', file: path.join(dir, 'not-downloaded-headless-shell') },
        { kind: 'shell', source: 'system', name: 'chromium-headless-shell' },
        { kind: 'full', source: 'system', file: full },
      ];
      expect(findBrowser(env, places)).toEqual({ path: shell, source: 'system', kind: 'shell' });
      rmSync(shell);
      expect(findBrowser(env, places)).toEqual({ path: full, source: 'system', kind: 'full' });
      // PUPPETEER_EXECUTABLE_PATH wins; its file name tells a shell from a full browser.
      const named = make('chrome-headless-shell');
      expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: named }, places)).toEqual({ path: named, source: 'env', kind: 'shell' });
      expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: full }, places)).toEqual({ path: full, source: 'env', kind: 'full' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists every headless shell before any full browser', () => {
    const kinds = defaultBrowserPlaces().map((place) => place.kind);
    expect(kinds.indexOf('full')).toBeGreaterThan(kinds.lastIndexOf('shell'));
    expect(defaultBrowserPlaces()).toContainEqual({ kind: 'shell', source: 'system', file: '/usr/lib/chromium/chromium-headless-shell' });
  });

  it('launches with the network-quiet arguments', () => {
    const args = browserArgs();
    for (const arg of ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']) {
      expect(args).toContain(arg);
    }
    expect(args.includes('--no-sandbox')).toBe(process.getuid?.() === 0);
  });
});

describe('the browser galley spawns itself', () => {
  it('gets the command line puppeteer.launch() would give it, with a pipe for the protocol', () => {
    const puppeteer = (createRequire(import.meta.url)('puppeteer') as { default: { defaultArgs(options: object): string[] } }).default;
    for (const kind of ['shell', 'full'] as const) {
      const expected = puppeteer.defaultArgs({ headless: kind === 'shell' ? 'shell' : true, userDataDir: '/tmp/galley-profile', args: browserArgs(kind) });
      // The shell starts without its about:blank tab (galley's launch ignores that default).
      expect(launchCommand(kind, '/tmp/galley-profile')).toEqual([...expected.filter((arg) => kind === 'full' || arg !== 'about:blank'), '--remote-debugging-pipe']);
    }
  });

  it('is spawned before puppeteer loads, so that it starts while puppeteer does', () => {
    const script = `
      import { createRequire } from 'node:module';
      import { readdirSync, readFileSync } from 'node:fs';
      import { findBrowser, launchBrowser } from ${JSON.stringify(browserModule)};
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => /[\\/]puppeteer-core[\\/]/.test(file));
      const running = (needle) => readdirSync('/proc').filter((entry) => /^\\d+$/.test(entry)).some((entry) => {
        try { return readFileSync('/proc/' + entry + '/cmdline', 'utf8').includes(needle); } catch { return false; }
      });
      const executable = findBrowser();
      const afterFind = loaded();
      const launching = launchBrowser({ executable });
      const dirs = readdirSync(${JSON.stringify(os.tmpdir())}).filter((name) => name.startsWith('galley-chromium-' + process.pid + '-'));
      const spawnedFirst = dirs.length === 1 && running('--user-data-dir=${os.tmpdir()}/' + dirs[0]) && (afterFind || !loaded());
      const launched = await launching;
      const connected = loaded() && launched.browser.process()?.pid > 0 && (await launched.browser.version()).length > 0;
      await launched.close();
      console.log(JSON.stringify({ afterFind, spawnedFirst, connected }));
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    // Where puppeteer has no download folder (here, and CI, which installs Debian's shell), finding the browser loads no puppeteer.
    const downloads = existsSync(process.env.PUPPETEER_CACHE_DIR || path.join(os.homedir(), '.cache', 'puppeteer'));
    expect(JSON.parse(result.stdout)).toEqual({ afterFind: downloads, spawnedFirst: true, connected: true });
  }, 60_000);

  it('starts the shell without a GPU process, and without zygotes when its sandbox is off', async (context) => {
    const shells = defaultBrowserPlaces().filter((place) => place.kind === 'shell');
    let shell: FoundBrowser;
    try {
      shell = findBrowser({ PATH: process.env.PATH }, shells);
    } catch {
      return context.skip('no headless shell on this machine');
    }
    const launched = await launchBrowser({ executable: shell });
    try {
      const page = await launched.browser.newPage();
      await page.setContent('<p>A page, so that a renderer runs.</p>');
      // The browser's processes: its process group (it is spawned as the leader of one).
      const group = launched.browser.process()!.pid!;
      const types: string[] = [];
      for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== group) continue;
          types.push(/--type=([a-z-]+)/.exec(readFileSync(`/proc/${entry}/cmdline`, 'utf8'))?.[1] ?? 'browser');
        } catch {
          // The process ended while we looked.
        }
      }
      expect(types).toContain('browser');
      expect(types).toContain('renderer');
      expect(types).not.toContain('gpu-process');
      const command = readFileSync(`/proc/${group}/cmdline`, 'utf8').split('\0');
      expect(types.includes('zygote')).toBe(!command.includes('--no-sandbox'));
      if (process.getuid?.() === 0) expect(types).not.toContain('zygote');
    } finally {
      await launched.close();
    }
  }, 60_000);

  it('talks over the pipe in NUL-ended messages, however the bytes arrive', async () => {
    const toBrowser = new PassThrough();
    const fromBrowser = new PassThrough();
    const transport = new PipeTransport(toBrowser, fromBrowser);
    const heard: string[] = [];
    let closed = false;
    transport.onmessage = (message) => heard.push(message);
    transport.onclose = () => (closed = true);
    const writes: unknown[] = [];
    const write = toBrowser.write.bind(toBrowser);
    toBrowser.write = ((chunk: unknown) => (writes.push(chunk), write(chunk as string))) as typeof toBrowser.write;
    transport.send('{"id":1,"method":"Browser.getVersion"}');
    expect(toBrowser.read().toString()).toBe('{"id":1,"method":"Browser.getVersion"}\0');
    // In one write: each is a system call that wakes the browser's reader.
    expect(writes).toHaveLength(1);
    // Two messages in one chunk, one split across three, a letter split between its bytes.
    fromBrowser.write('{"id":1}\0{"id":2}\0{"a":');
    fromBrowser.write(Buffer.from('"\u00e9', 'utf8').subarray(0, 2));
    fromBrowser.write(Buffer.concat([Buffer.from('"\u00e9', 'utf8').subarray(2), Buffer.from('"}\0{"id":3}\0')]));
    fromBrowser.write('{"id"');
    fromBrowser.write(':4}\0');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual(['{"id":1}', '{"id":2}', '{"a":"\u00e9"}', '{"id":3}', '{"id":4}']);
    fromBrowser.end();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
  });
});

/** A full (not shell) browser on this machine, when there is one. */
function fullBrowser(): FoundBrowser | undefined {
  const places = defaultBrowserPlaces().filter((place) => place.kind === 'full');
  try {
    return findBrowser({ PATH: process.env.PATH }, places);
  } catch {
    return undefined;
  }
}

describe('the headless shell and the full browser', () => {
  // CI installs only the shell (as npm install does); the comparison needs both.
  // The browser is looked for when the case runs, not while the file is collected.
  it('print the same PDF: same text, fonts and bytes', async (context) => {
    const full = fullBrowser();
    if (!full) context.skip('no full browser on this machine');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-test-'));
    try {
      const shell = findBrowser({ PATH: process.env.PATH }, defaultBrowserPlaces().filter((place) => place.kind === 'shell'));
      const files: string[] = [];
      for (const executable of [shell, full!]) {
        const launched = await launchBrowser({ executable });
        try {
          // The shell runs its own headless mode, unhinted; the full browser the new headless mode.
          const command = readFileSync(`/proc/${launched.browser.process()!.pid}/cmdline`, 'utf8').split('\0');
          expect(command).toContain(executable.kind === 'shell' ? '--headless' : '--headless=new');
          expect(command.includes('--font-render-hinting=none')).toBe(executable.kind === 'shell');
          // Both print with the low-memory settings (the bytes compared below are made with them).
          expect(command).toContain('--enable-low-end-device-mode');
          const document = (await loadManuscript(seedManuscript)).document;
          const file = path.join(dir, `${executable.kind}.pdf`);
          await renderPdf(document, { outFile: file, pageSize: 'letter', browser: launched.browser });
          files.push(file);
        } finally {
          await launched.close();
        }
      }
      const [fromShell, fromFull] = files as [string, string];
      expect(pdfText(fromShell)).toBe(pdfText(fromFull));
      expect(pdfFonts(fromShell)).toEqual(pdfFonts(fromFull));
      expect(readFileSync(fromShell).equals(readFileSync(fromFull))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('withBrowser', () => {
  it('closes the browser and removes its profile after success', async () => {
    let dir = '';
    const version = await withBrowser(async (browser, launched) => {
      dir = launched.userDataDir;
      expect(processesWith(dir).length).toBeGreaterThan(0);
      return browser.version();
    });
    expect(version).toMatch(/Chrome/);
    expect(await waitForNoProcessWith(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('closes the browser when the work throws', async () => {
    let dir = '';
    await expect(
      withBrowser(async (_browser, launched) => {
        dir = launched.userDataDir;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await waitForNoProcessWith(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('closes the browser on a timeout', async () => {
    let dir = '';
    // Work that never ends: only the timeout can end the call (else the test times out).
    await expect(
      withBrowser(
        async (_browser, launched) => {
          dir = launched.userDataDir;
          await new Promise(() => {});
        },
        { timeoutMs: 1_000 },
      ),
    ).rejects.toThrow(BrowserTimeoutError);
    expect(await waitForNoProcessWith(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('leaves no signal handlers behind', async () => {
    const before = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'].map((s) => process.listenerCount(s));
    await withBrowser(async () => undefined);
    const after = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'].map((s) => process.listenerCount(s));
    expect(after).toEqual(before);
  });
});

interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  userDataDir: string;
  stderr: string;
}

/**
 * Runs a separate Node process that launches a browser through withBrowser
 * and then, depending on `mode`, waits to be signalled or throws.
 */
function runChild(mode: 'wait' | 'throw', signal?: NodeJS.Signals): Promise<ChildOutcome> {
  const script = `
    import { withBrowser } from ${JSON.stringify(browserModule)};
    await withBrowser(async (_browser, launched) => {
      console.log('READY ' + launched.userDataDir);
      if (${JSON.stringify(mode)} === 'throw') throw new Error('thrown on purpose');
      await new Promise((resolve) => setTimeout(resolve, 120000));
    });
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let userDataDir = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /READY (\S+)/.exec(stdout);
      if (match && !userDataDir) {
        userDataDir = match[1]!;
        if (signal) setTimeout(() => child.kill(signal), 300);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not finish: ${stderr}`));
    }, 60_000);
    child.on('exit', (code, sig) => {
      clearTimeout(guard);
      resolve({ code, signal: sig, userDataDir, stderr });
    });
  });
}

describe('no browser outlives its process', () => {
  it('on SIGINT: closes the browser, then ends by the signal', async () => {
    const outcome = await runChild('wait', 'SIGINT');
    expect(outcome.userDataDir).toContain('galley-chromium-');
    expect(outcome.signal === 'SIGINT' || outcome.code === 130).toBe(true);
    expect(await waitForNoProcessWith(outcome.userDataDir)).toEqual([]);
    expect(existsSync(outcome.userDataDir)).toBe(false);
  });

  it('on SIGTERM: closes the browser, then ends by the signal', async () => {
    const outcome = await runChild('wait', 'SIGTERM');
    expect(outcome.userDataDir).toContain('galley-chromium-');
    expect(outcome.signal === 'SIGTERM' || outcome.code === 143).toBe(true);
    expect(await waitForNoProcessWith(outcome.userDataDir)).toEqual([]);
    expect(existsSync(outcome.userDataDir)).toBe(false);
  });

  it('when the work throws: closes the browser and exits non-zero', async () => {
    const outcome = await runChild('throw');
    expect(outcome.userDataDir).toContain('galley-chromium-');
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain('thrown on purpose');
    expect(await waitForNoProcessWith(outcome.userDataDir)).toEqual([]);
    expect(existsSync(outcome.userDataDir)).toBe(false);
  });
});
