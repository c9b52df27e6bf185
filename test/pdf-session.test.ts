/**
 * src/pdf/session.ts: a build's browser. Launched at the first call and only
 * then, shared by every caller, its pages and process gone after close(); a
 * browser that does not start is told once and the build goes on without it;
 * a running browser (galley dev's) is used, kept open, and its pages kept for
 * the next build.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, launchBrowser, type LaunchedBrowser } from '../src/pdf/browser.js';
import { BrowserSession } from '../src/pdf/session.js';
import { processesWith } from './pdf-helpers.js';

/** Whether a process runs (a zombie left for its parent to reap has ended). */
function alive(pid: number | undefined): boolean {
  if (pid === undefined || !existsSync(`/proc/${pid}`)) return false;
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') === false;
  } catch {
    return false;
  }
}

/** The command lines of `pid` and every process below it (Chromium writes its arguments space-separated). */
function processesOf(pid: number): string[][] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Ended meanwhile.
    }
  }
  const below = (child: number): boolean => {
    for (let at: number | undefined = child; at !== undefined && at > 1; at = parents.get(at)) if (at === pid) return true;
    return false;
  };
  return [...parents.keys()].filter(below).map((found) => {
    try {
      return readFileSync(`/proc/${found}/cmdline`, 'utf8').split(/[\0 ]/).filter(Boolean);
    } catch {
      return [];
    }
  });
}

async function gone(pid: number | undefined, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (alive(pid) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  return !alive(pid);
}

describe('a session that launches its browser', () => {
  const failures: Error[] = [];
  let session: BrowserSession;
  let pid: number | undefined;
  let pagesWhileOpen = 0;
  let samePage = false;
  let sameBrowser = false;
  let launchedBeforeGet = true;
  let afterClose: unknown = 'not asked';
  let blankTabs = -1;
  let browserProcesses: string[][] = [];

  beforeAll(async () => {
    session = new BrowserSession({ executable: findBrowser() }, (error) => failures.push(error));
    launchedBeforeGet = session.launched;
    // Two manuscripts ask at once: one browser starts.
    const [first, second] = await Promise.all([session.get(), session.get()]);
    sameBrowser = first!.browser === second!.browser && first!.sandboxes === second!.sandboxes;
    pid = first!.browser.process()?.pid;
    const sandbox = await first!.sandboxes.acquire();
    pagesWhileOpen = (await first!.browser.pages()).length;
    blankTabs = (await first!.browser.defaultBrowserContext().pages()).length;
    browserProcesses = processesOf(pid!);
    await first!.sandboxes.release(sandbox);
    const again = await first!.sandboxes.acquire();
    samePage = again === sandbox;
    await first!.sandboxes.release(again);
    await session.close();
    afterClose = await session.get();
  });

  it('starts nothing until a manuscript asks, then one browser for every caller', () => {
    expect(launchedBeforeGet).toBe(false);
    expect(session.launched).toBe(true);
    expect(sameBrowser).toBe(true);
    expect(pid).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(session.failure).toBeUndefined();
  });

  it('opens sandboxed pages on it and reuses one that was given back', () => {
    expect(pagesWhileOpen).toBeGreaterThanOrEqual(1);
    expect(samePage).toBe(true);
  });

  it('keeps no process the layouts do not use: no blank tab, no network service of its own', () => {
    // The launch's blank tab is closed: the sandboxed pages are in contexts of their own.
    expect(blankTabs).toBe(0);
    const renderers = browserProcesses.filter((args) => args.includes('--type=renderer'));
    expect(renderers.length).toBe(1);
    // The network service runs inside the browser's process.
    expect(browserProcesses.filter((args) => args.some((arg) => arg.startsWith('--utility-sub-type=network')))).toEqual([]);
    expect(browserProcesses.length).toBeGreaterThan(1);
  });

  it('ends the browser process on close, and gives no browser after it', async () => {
    expect(await gone(pid)).toBe(true);
    expect(afterClose).toBeUndefined();
    await expect(session.close()).resolves.toBeUndefined();
  });
});

describe('a launched headless shell', () => {
  it('starts without a tab: no page to set up or close, no renderer until a layout opens one', async (context) => {
    const executable = findBrowser();
    if (executable.kind !== 'shell') context.skip('no headless shell on this machine');
    const launched = await launchBrowser({ executable });
    try {
      const pid = launched.browser.process()!.pid!;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(command).toContain('--no-startup-window');
      expect(command).not.toContain('about:blank');
      expect(launched.browser.targets().filter((target) => target.type() === 'page')).toEqual([]);
      expect(processesOf(pid).filter((args) => args.includes('--type=renderer'))).toEqual([]);
      // A page opened for a layout works as ever.
      const page = await (await launched.browser.createBrowserContext()).newPage();
      await page.setContent('<p>Printed without a startup tab</p>');
      expect(Buffer.from(await page.pdf()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(processesOf(pid).filter((args) => args.includes('--type=renderer'))).toHaveLength(1);
    } finally {
      await launched.close();
    }
  });
});

describe('the start timeout', () => {
  it('counts only the time galley\'s thread was free: a thread busy for longer (a very large manuscript being read) still gets its browser', async () => {
    const launching = launchBrowser({ executable: findBrowser(), startTimeoutMs: 3_000 });
    // Busy, as the reader keeps it, for longer than the timeout; the browser's answers wait in the pipe meanwhile.
    const until = performance.now() + 4_000;
    while (performance.now() < until) {
      // Nothing: the thread is busy.
    }
    const launched = await launching;
    try {
      expect(launched.browser.connected).toBe(true);
    } finally {
      await launched.close();
    }
  });
});

describe('a session closed before anyone asked', () => {
  it('never launches a browser', async () => {
    const session = new BrowserSession({ executable: findBrowser() }, () => {});
    await session.close();
    expect(await session.get()).toBeUndefined();
    expect(session.launched).toBe(false);
  });
});

describe('a browser that does not start', () => {
  it('is told once, however many ask, and each gets no browser', async () => {
    const told: Error[] = [];
    const session = new BrowserSession({ executable: { path: '/nonexistent/galley-test-chromium', source: 'env', kind: 'shell' } }, (error) => told.push(error));
    const results = await Promise.all([session.get(), session.get()]);
    expect(await session.get()).toBeUndefined();
    expect(results).toEqual([undefined, undefined]);
    expect(told).toHaveLength(1);
    expect(session.failure).toBe(told[0]);
    expect(told[0]!.message).toMatch(/galley-test-chromium/);
    await expect(session.close()).resolves.toBeUndefined();
  });
});

describe("a running browser (galley dev's)", () => {
  let warm: LaunchedBrowser;
  beforeAll(async () => {
    warm = await launchBrowser();
  });
  afterAll(async () => {
    await warm?.close();
  });

  it('is used and left open, its pages kept for the next build', async () => {
    const told: Error[] = [];
    const first = new BrowserSession({ browser: warm.browser }, (error) => told.push(error));
    const got = await first.get();
    expect(got!.browser).toBe(warm.browser);
    const page = await got!.sandboxes.acquire();
    await got!.sandboxes.release(page);
    const pages = (await warm.browser.pages()).length;
    await first.close();
    expect(warm.browser.connected).toBe(true);
    expect(alive(warm.browser.process()?.pid)).toBe(true);
    expect((await warm.browser.pages()).length).toBe(pages);

    // The next build's session lays out in the page that is open already.
    const second = new BrowserSession({ browser: warm.browser }, (error) => told.push(error));
    const next = await second.get();
    expect(next!.sandboxes).toBe(got!.sandboxes);
    expect(await next!.sandboxes.acquire()).toBe(page);
    await second.close();
    expect(told).toEqual([]);
  });
});

describe('a session closed while its browser is still starting', () => {
  // The moment close() resolves, no process of the launch is left: a build
  // whose every manuscript failed to be read says it is done only then.
  // Closed at several moments of the launch, before and after its process exists.
  for (const afterMs of [0, 5, 10, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250]) {
    it(`leaves no browser process when closed ${afterMs} ms into the launch`, async () => {
      const session = new BrowserSession({ executable: findBrowser() }, () => {});
      const getting = session.get();
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      await session.close();
      expect(processesWith(`galley-chromium-${process.pid}-`)).toEqual([]);
      const started = await getting;
      // Should the launch have finished first, its browser was closed with the session.
      if (started) expect(alive(started.browser.process()?.pid)).toBe(false);
    });
  }
});
