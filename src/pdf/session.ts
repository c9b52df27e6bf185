/**
 * The browser of a build: launched as soon as the build knows a manuscript
 * needs a layout, while the manuscripts are read, and shared by every
 * manuscript; closed as soon as the last layout is done, or at once (its
 * launch stopped) when every manuscript that needed it failed. A browser that
 * does not start is reported once, to a manuscript that asks for it; the
 * build goes on without it.
 */
import type { Browser } from 'puppeteer';
import { launchBrowser, type FoundBrowser, type LaunchedBrowser } from './browser.js';
import { SandboxPool } from './sandbox.js';

/**
 * The sandboxed pages of a browser that outlives its builds (`galley dev`'s):
 * kept from one build to the next, so that a save is laid out in a page that
 * is open already, and, when only the text changed, patched rather than
 * loaded again.
 */
const warmPools = new WeakMap<Browser, SandboxPool>();

function warmPool(browser: Browser): SandboxPool {
  let pool = warmPools.get(browser);
  if (!pool) warmPools.set(browser, (pool = new SandboxPool(browser)));
  return pool;
}

/** Closes the browser's blank tabs (the one it opened at launch). */
async function closeBlankPages(browser: Browser): Promise<void> {
  try {
    const pages = await browser.defaultBrowserContext().pages();
    await Promise.all(pages.filter((page) => page.url() === 'about:blank').map((page) => page.close()));
  } catch {
    // The browser closed meanwhile; nothing to spare.
  }
}

export class BrowserSession {
  private launching: Promise<{ launched: Pick<LaunchedBrowser, 'browser'> & { close: (() => Promise<void>) | undefined }; sandboxes: SandboxPool } | undefined> | undefined;
  private closed = false;
  /** Stops a launch still under way when the session closes. */
  private readonly stopLaunch = new AbortController();
  /** Why the browser did not start, once it failed to. */
  failure: Error | undefined;

  constructor(
    /** The browser to launch; or one already running (galley dev's), which the session uses and leaves open. */
    private readonly source: { executable: FoundBrowser } | { browser: Browser },
    /** Told once, when the browser fails to start. */
    private readonly onFailure: (error: Error) => void,
  ) {}

  /** The browser and its sandboxed pages, launched at the first call; undefined when it cannot start. */
  async get(): Promise<{ browser: Browser; sandboxes: SandboxPool } | undefined> {
    if (this.closed) return undefined;
    const source = this.source;
    this.launching ??= ('browser' in source ? Promise.resolve({ browser: source.browser, close: undefined }) : launchBrowser({ executable: source.executable, signal: this.stopLaunch.signal })).then(
      async (launched) => {
        // The tab a launched browser opens is a renderer process of its own (20–30 MB) that no layout uses.
        if (!('browser' in source)) await closeBlankPages(launched.browser);
        return { launched, sandboxes: 'browser' in source ? warmPool(source.browser) : new SandboxPool(launched.browser) };
      },
      (error: Error) => {
        // A launch stopped by close() is no failure.
        if (this.stopLaunch.signal.aborted) return undefined;
        this.failure = error;
        this.onFailure(error);
        return undefined;
      },
    );
    const started = await this.launching;
    return started ? { browser: started.launched.browser, sandboxes: started.sandboxes } : undefined;
  }

  /** True once the browser was asked for. */
  get launched(): boolean {
    return this.launching !== undefined;
  }

  /** Closes the pages and the browser (when it was launched). */
  async close(): Promise<void> {
    this.closed = true;
    this.stopLaunch.abort();
    const started = await this.launching;
    if (!started) return;
    // A running browser's pages stay open for its next build, and close with
    // it. A launched one is ended with its pages: closing them first (a
    // round trip, and work for a browser about to be killed) would only
    // delay the end.
    await started.launched.close?.();
  }
}
