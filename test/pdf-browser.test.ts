import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BrowserNotFoundError,
  BrowserTimeoutError,
  browserArgs,
  findBrowser,
  withBrowser,
} from '../src/pdf/browser.js';
import { processesWith, waitForNoProcessWith } from './pdf-helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const browserModule = path.join(root, 'src/pdf/browser.ts');

describe('findBrowser', () => {
  it('prefers PUPPETEER_EXECUTABLE_PATH', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-test-'));
    try {
      const fake = path.join(dir, 'chrome');
      writeFileSync(fake, '#!/bin/sh\n');
      chmodSync(fake, 0o755);
      expect(findBrowser({ ...process.env, PUPPETEER_EXECUTABLE_PATH: fake })).toEqual({ path: fake, source: 'env' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to get a browser when PUPPETEER_EXECUTABLE_PATH is wrong', () => {
    const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' };
    expect(() => findBrowser(env)).toThrow(BrowserNotFoundError);
    expect(() => findBrowser(env)).toThrow(/apt-get install chromium[\s\S]*npx puppeteer browsers install chrome[\s\S]*PUPPETEER_EXECUTABLE_PATH/);
  });

  it('finds a browser on this machine', () => {
    const env = { ...process.env };
    delete env.PUPPETEER_EXECUTABLE_PATH;
    const found = findBrowser(env);
    expect(existsSync(found.path)).toBe(true);
    expect(['puppeteer', 'system']).toContain(found.source);
  });

  it('launches with the network-quiet arguments', () => {
    const args = browserArgs();
    for (const arg of ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']) {
      expect(args).toContain(arg);
    }
    expect(args.includes('--no-sandbox')).toBe(process.getuid?.() === 0);
  });
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
    const started = Date.now();
    await expect(
      withBrowser(
        async (_browser, launched) => {
          dir = launched.userDataDir;
          await new Promise((resolve) => setTimeout(resolve, 60_000));
        },
        { timeoutMs: 1_000 },
      ),
    ).rejects.toThrow(BrowserTimeoutError);
    expect(Date.now() - started).toBeLessThan(20_000);
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
