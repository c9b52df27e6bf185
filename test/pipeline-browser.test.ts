/**
 * The rules of a build's browser (src/pipeline/browser.ts): which editions
 * need a layout, and the browser closes when the last layout is done (not
 * before, and not only when the build ends).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.js';
import { BuildBrowser, findBuildBrowser, needsLayout } from '../src/pipeline/browser.js';

describe('the build browser', () => {
  it('is needed for the PDF, and for the e-book only for its page list', () => {
    expect(needsLayout(['pdf'], false)).toBe(true);
    expect(needsLayout(['epub'], true)).toBe(true);
    expect(needsLayout(['epub'], false)).toBe(false);
    expect(needsLayout([], true)).toBe(false);
  });

  it('is not looked for when one is already running, and says why when there is none', async () => {
    // Any running browser: it is only handed on, never looked into.
    expect(await findBuildBrowser({} as never)).toEqual({});
    const missing = await findBuildBrowser(undefined);
    expect(missing.executable?.path ?? missing.missing).toBeTruthy();
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    process.env.PUPPETEER_EXECUTABLE_PATH = '/nonexistent/chrome';
    try {
      expect((await findBuildBrowser(undefined)).missing).toMatch(/PUPPETEER_EXECUTABLE_PATH is \/nonexistent\/chrome/);
    } finally {
      if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
    }
  });

  it('closes when the last of its layouts is done, each counted once', async () => {
    const failures: Error[] = [];
    const browser = await BuildBrowser.open({ executable: findBrowser() }, 2, (error) => failures.push(error));
    try {
      const started = await browser.session.get();
      expect(started?.browser.connected).toBe(true);
      const pid = started!.browser.process()!.pid!;
      const first = browser.layoutDone();
      const second = browser.layoutDone();
      first();
      first(); // a manuscript may tell twice (its layout, then its end): once is counted
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(started!.browser.connected).toBe(true);
      second();
      await expect.poll(() => started!.browser.connected, { timeout: 10_000 }).toBe(false);
      await expect.poll(() => isRunning(pid), { timeout: 10_000 }).toBe(false);
      // A manuscript that asks after the close gets no browser.
      expect(await browser.session.get()).toBeUndefined();
      expect(failures).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('runs the renderer of a lone layout in its own process, and a renderer process for each page of more', async (context) => {
    const executable = findBrowser();
    if (executable.kind !== 'shell') context.skip('only the headless shell runs its renderer in its own process');
    for (const layouts of [1, 2]) {
      const browser = await BuildBrowser.open({ executable }, layouts, () => {});
      try {
        browser.start();
        const started = await browser.get();
        const pid = started!.browser.process()!.pid!;
        // The page opened ahead of the first layout is open, and prints.
        const sandbox = await started!.sandboxes.acquire();
        const printed = await sandbox.render(new Map([['index.html', { body: '<p>One line</p>', contentType: 'text/html' }]]));
        await started!.sandboxes.release(sandbox);
        expect(Buffer.from(printed.pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        const renderers = childrenOf(pid).filter((child) => child.join(' ').includes('--type=renderer'));
        if (layouts === 1) {
          expect(command).toContain('--single-process');
          expect(renderers).toEqual([]);
        } else {
          expect(command).not.toContain('--single-process');
          expect(renderers).toHaveLength(1);
        }
      } finally {
        await browser.close();
      }
    }
  });
});

/** The command lines of the processes `pid` started (a renderer rewrites its own as one string). */
function childrenOf(pid: number): string[][] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent === pid ? [readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')] : [];
    } catch {
      return []; // ended meanwhile
    }
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
