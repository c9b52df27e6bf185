/**
 * The browser of a build, and the two rules of its lifetime:
 * - the PDF needs a browser, and so does the e-book's page list (it is taken
 *   from a layout of the print edition); without one, the e-books are built
 *   without it and the PDFs are not built;
 * - the browser starts as soon as the build knows that some manuscript needs
 *   it, while the manuscripts are still being loaded and read, and closes as
 *   soon as the last layout is done, while the last PDFs and e-books are
 *   still being finished and written. Should every manuscript that needs it
 *   fail to be read, it is closed unused, and nothing is said about it (not
 *   even that it did not start).
 */
import type { Browser } from 'puppeteer';
import type { FoundBrowser } from '../pdf/browser.js';
import type { SandboxPool } from '../pdf/sandbox.js';
import type { BrowserSession } from '../pdf/session.js';
import type { Format } from './events.js';

/** Whether building `formats` lays out the print edition: the PDF always, the e-book for its page list. */
export function needsLayout(formats: Format[], pageList: boolean): boolean {
  return formats.includes('pdf') || (pageList && formats.includes('epub'));
}

/**
 * Looks for a browser to launch (unless `warm`, one already running, is
 * given). Loads puppeteer, so it is called only when some edition needs a layout.
 */
export async function findBuildBrowser(warm: Browser | undefined): Promise<{ executable?: FoundBrowser; missing?: string }> {
  if (warm) return {};
  const { findBrowser, BrowserNotFoundError } = await import('../pdf/browser.js');
  try {
    return { executable: findBrowser() };
  } catch (error) {
    if (!(error instanceof BrowserNotFoundError)) throw error;
    return { missing: error.message };
  }
}

/**
 * The build's browser session, with a count of the layouts still to come:
 * each manuscript that needs a layout calls its `layoutDone` once (on every
 * path, also when it fails), and the last call closes the browser.
 */
export class BuildBrowser {
  private layoutsLeft: number;
  /** The first sandboxed page being opened ahead of the first layout (start()). */
  private warming: Promise<void> = Promise.resolve();
  private failureTold = false;

  private constructor(
    readonly session: BrowserSession,
    layouts: number,
    /** The PDF writer getting ready (pdf.js, hyphenation) while the browser starts. */
    readonly preparing: Promise<void>,
    private readonly onFailure: (error: Error) => void,
  ) {
    this.layoutsLeft = layouts;
  }

  /**
   * A session for `layouts` layouts, on `warm` (left open) or on a browser
   * launched from `executable` at start() or at the first manuscript that
   * asks for it (get()). `onFailure` is told once should it not start, and
   * only when a manuscript asks for it.
   */
  static async open(source: { browser: Browser } | { executable: FoundBrowser }, layouts: number, onFailure: (error: Error) => void): Promise<BuildBrowser> {
    const { BrowserSession } = await import('../pdf/session.js');
    // The PDF writer's modules are loaded once the caller has had its turn to
    // start() the browser: the launch (which spawns the browser before it
    // waits for anything) goes first, and the browser starts while they load.
    const preparing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => import('../pdf/index.js'))
      .then((pdf) => pdf.preparePdfWriter());
    preparing.catch(() => {}); // a failure shows again when the PDF writer is used
    // The session's own report is held back: get() tells it, to a manuscript that asked.
    return new BuildBrowser(new BrowserSession(source, () => {}), layouts, preparing, onFailure);
  }

  /**
   * Launches the browser now, before any manuscript asks, and opens its
   * first sandboxed page (a browser context and a page cost about as much as
   * a print). A browser that does not start is told only by get().
   */
  start(): void {
    this.warming = this.session.get().then(
      async (started) => {
        if (!started) return;
        const sandbox = await started.sandboxes.acquire();
        await started.sandboxes.release(sandbox);
      },
      () => {},
    );
    this.warming = this.warming.catch(() => {}); // a page that did not open is opened again when a layout needs it
  }

  /**
   * The browser and its sandboxed pages for a manuscript that was read and
   * needs a layout; undefined (told once through `onFailure`) when it did not start.
   */
  async get(): Promise<{ browser: Browser; sandboxes: SandboxPool } | undefined> {
    const started = await this.session.get();
    if (!started) {
      const failure = this.session.failure;
      if (failure && !this.failureTold) {
        this.failureTold = true;
        this.onFailure(failure);
      }
      return undefined;
    }
    await this.warming;
    return started;
  }

  /** The function a manuscript calls when it no longer needs the browser; calls after the first do nothing. */
  layoutDone(): () => void {
    let called = false;
    return () => {
      if (called) return;
      called = true;
      if (--this.layoutsLeft === 0) void this.session.close();
    };
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
