/**
 * The rules of a build's browser (src/pipeline/browser.ts): which editions
 * need a layout, and the browser closes when the last layout is done (not
 * before, and not only when the build ends).
 */
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
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
