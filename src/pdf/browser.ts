/**
 * Finding, launching and reliably closing the headless browser that lays out
 * the print edition. The browser never outlives the work it was launched for:
 * not on success, not on an error, not on a timeout, not on Ctrl-C.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { browserPlaces, isExecutableFile, isHeadlessShell, onPath } from './browser-places.mjs';

export type BrowserSource = 'env' | 'puppeteer' | 'system';

/**
 * A headless shell is Chromium's layout and printing engine without the
 * browser around it (no GPU, audio or UI processes): it starts in a third of
 * the time of the full browser and prints the same PDF. A full browser runs
 * headless too, and is used when there is no shell.
 */
export type BrowserKind = 'shell' | 'full';

export interface FoundBrowser {
  path: string;
  /** Where the browser came from: PUPPETEER_EXECUTABLE_PATH, puppeteer's own download, or the system. */
  source: BrowserSource;
  kind: BrowserKind;
}

export class BrowserNotFoundError extends Error {
  constructor(detail?: string) {
    super(
      [
        'No Chrome or Chromium found to lay out the PDF edition' + (detail ? ` (${detail})` : '') + '.',
        'Get one in any of these ways:',
        '  - on Debian or Ubuntu: apt-get install chromium-headless-shell',
        '  - elsewhere: npx puppeteer browsers install chrome-headless-shell',
        '  - or point PUPPETEER_EXECUTABLE_PATH at an installed Chrome or Chromium.',
        'The EPUB edition builds without a browser.',
      ].join('\n'),
    );
    this.name = 'BrowserNotFoundError';
  }
}

/**
 * A browser that is there but does not start: it exits at once, or does not
 * answer within the start timeout. The message is one line, with the fix.
 */
export class BrowserStartError extends Error {
  constructor(
    readonly executable: string,
    readonly reason: 'exited' | 'timeout',
    timeoutMs: number,
  ) {
    super(
      `the browser ${executable} ${reason === 'exited' ? 'exited as soon as it started' : `did not start within ${Math.round(timeoutMs / 1000)} s`}; ` +
        `check that \`${executable} --headless --version\` works, or point PUPPETEER_EXECUTABLE_PATH at another Chrome or Chromium`,
    );
    this.name = 'BrowserStartError';
  }
}

export class BrowserTimeoutError extends Error {
  constructor(ms: number) {
    super(`The browser did not finish within ${Math.round(ms / 1000)} s; it was closed.`);
    this.name = 'BrowserTimeoutError';
  }
}

/** Where a browser may be: a file, or a name looked up on PATH. */
export type BrowserPlace = { kind: BrowserKind; source: BrowserSource } & ({ file: string } | { name: string });

function puppeteerDownload(headless: true | 'shell'): string | undefined {
  try {
    return puppeteer.executablePath({ headless });
  } catch {
    return undefined;
  }
}

/**
 * Where galley looks for a browser, in order (./browser-places.mjs, the list
 * the postinstall searches too), with puppeteer's downloads resolved to their
 * paths: every headless shell before any full browser.
 */
export function defaultBrowserPlaces(): BrowserPlace[] {
  return browserPlaces.flatMap((place): BrowserPlace[] => {
    if (!('puppeteer' in place)) return [{ ...place, source: 'system' }];
    const file = puppeteerDownload(place.puppeteer === 'chrome-headless-shell' ? 'shell' : true);
    return file ? [{ kind: place.kind, source: 'puppeteer', file }] : [];
  });
}

/** A browser named by path: a headless shell when its file name says so. */
export function browserKind(file: string): BrowserKind {
  return isHeadlessShell(file) ? 'shell' : 'full';
}

/**
 * Resolves the browser to use: PUPPETEER_EXECUTABLE_PATH when it is set;
 * otherwise the first of `places` that is there (by default a headless
 * shell, puppeteer's or the system's, before a full Chrome or Chromium).
 * Throws BrowserNotFoundError when there is none.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, places: BrowserPlace[] = defaultBrowserPlaces()): FoundBrowser {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return { path: fromEnv, source: 'env', kind: browserKind(fromEnv) };
    throw new BrowserNotFoundError(`PUPPETEER_EXECUTABLE_PATH is ${fromEnv}, which is not an executable file`);
  }
  for (const place of places) {
    const found = 'file' in place ? (isExecutableFile(place.file) ? place.file : undefined) : onPath(place.name, env);
    if (found) return { path: found, source: place.source, kind: place.kind };
  }
  throw new BrowserNotFoundError();
}

/** The arguments every launch uses: nothing in the browser talks to the network on its own. */
export function browserArgs(kind: BrowserKind = 'full'): string[] {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--no-default-browser-check',
    '--disable-breakpad',
    '--disable-crash-reporter',
    '--disable-dev-shm-usage',
    // Memory: the network service runs in the browser's process rather than
    // a process of its own (galley's pages reach no network).
    '--enable-features=NetworkServiceInProcess2',
    // Chromium's settings for devices short of memory: smaller caches in the
    // renderers (a batch's two renderers peaked about 50 MB lower). Printing
    // does not use them: the PDFs are the same bytes.
    '--enable-low-end-device-mode',
  ];
  // The headless shell hints glyph outlines and rounds their advances to whole
  // pixels by default, which spaces letters unevenly and breaks lines
  // elsewhere than the full browser does; unhinted, it sets text exactly as
  // the full browser does.
  if (kind === 'shell') args.push('--font-render-hinting=none');
  // The headless shell opens no tab of its own: the blank tab a launch
  // otherwise opens is a renderer process that no layout uses, which
  // puppeteer would attach to and set up (a dozen round trips while galley
  // starts) only for galley to close it.
  if (kind === 'shell') args.push('--no-startup-window');
  // Chromium refuses to start as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

export interface LaunchedBrowser {
  browser: Browser;
  /** The temporary profile folder, removed by close(). */
  userDataDir: string;
  executable: FoundBrowser;
  /** Closes the browser (killing it if it does not close promptly) and removes the profile. Idempotent. */
  close(): Promise<void>;
  /** Synchronous last resort: kills the browser's process group and removes the profile. */
  killSync(): void;
}

const closeGraceMs = 5_000;

/** How long a browser may take to start: GALLEY_BROWSER_START_TIMEOUT seconds, else 30 s. */
export function startTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.GALLEY_BROWSER_START_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30_000;
}

/** Profile folders are named after the process that made them, so that a later galley can tell when it is gone. */
const PROFILE_PREFIX = 'galley-chromium-';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the profile folders of galley processes that are no longer
 * running: a process killed outright (SIGKILL, out of memory) cannot remove
 * its own. Its browser is gone already: it ends when galley's end of the
 * pipe closes. Read and removed off galley's thread: a launch starts it and
 * does not wait for it (the temporary folder may hold thousands of names),
 * and the browser's close() waits for it.
 */
export async function removeStaleProfiles(dir: string = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  const stale = new RegExp(`^${PROFILE_PREFIX}(\\d+)-`);
  for (const name of names) {
    const match = stale.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    await removeDirAsync(path.join(dir, name));
    removed.push(path.join(dir, name));
  }
  return removed;
}

/** Pids of the processes started with this profile folder (read from /proc; none where there is no /proc). */
function processesUsing(userDataDir: string): number[] {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`--user-data-dir=${userDataDir}`)) found.push(Number(entry));
    } catch {
      // Ended meanwhile.
    }
  }
  return found;
}

/**
 * The browsers of this process, by profile folder: ended and removed when the
 * process exits, however it exits (process.exit from a signal handler
 * included), and even while a browser is still starting.
 */
const liveBrowsers = new Map<string, { pid: number | undefined }>();

function endBrowserSync(userDataDir: string, pid: number | undefined, { keepProfile = false } = {}): void {
  const pids = pid !== undefined ? [-pid, pid] : processesUsing(userDataDir);
  for (const target of pids) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (!keepProfile) removeDir(userDataDir);
}

/**
 * Kills the processes started with this profile folder until none is left
 * (or the grace a close gives has passed), then removes the folder.
 */
async function endAndWait(userDataDir: string): Promise<void> {
  const until = performance.now() + closeGraceMs;
  for (let left = processesUsing(userDataDir); left.length > 0 && performance.now() < until; left = processesUsing(userDataDir)) {
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  removeDir(userDataDir);
}

/** Resolves when `done` does, or once the grace a close gives has passed. */
async function withinGrace(done: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, closeGraceMs)))]);
  clearTimeout(timer);
}

/** Resolves when `child` has exited (at once when it has or there is none). */
function exitOf(child: ChildProcess | null | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

function endAllBrowsersSync(): void {
  for (const [dir, { pid }] of liveBrowsers) endBrowserSync(dir, pid);
  liveBrowsers.clear();
}

function removeDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // A profile we cannot remove is left in the temp folder; nothing else depends on it.
  }
}

/** removeDir() in Node's thread pool: galley's thread goes on meanwhile (writing the editions). */
async function removeDirAsync(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // As removeDir().
  }
}

/** How often the start timeout looks at the clock. */
const START_TICK_MS = 100;

/**
 * Calls `done` once this thread has been free for `ms`, time it spent busy
 * not counted: the browser starts while galley reads the manuscripts, and a
 * very large one keeps the thread busy for longer than the start timeout,
 * while the browser's answers wait in the pipe to be heard. A tick that comes
 * late counts as one tick. Returns the function that stops the clock.
 */
function afterFreeTime(ms: number, done: () => void): () => void {
  let waited = 0;
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    const now = performance.now();
    waited += Math.min(now - last, START_TICK_MS);
    last = now;
    if (waited >= ms) done();
    else timer = setTimeout(tick, Math.min(START_TICK_MS, ms - waited));
  };
  timer = setTimeout(tick, Math.min(START_TICK_MS, ms));
  return () => clearTimeout(timer);
}

/**
 * Launches a headless browser with a fresh temporary profile. The caller must
 * call close(); withBrowser() does that for you.
 */
export async function launchBrowser(options: { executable?: FoundBrowser; startTimeoutMs?: number; signal?: AbortSignal } = {}): Promise<LaunchedBrowser> {
  const executable = options.executable ?? findBrowser();
  options.signal?.throwIfAborted();
  const staleRemoved = removeStaleProfiles();
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  if (liveBrowsers.size === 0) process.on('exit', endAllBrowsersSync);
  const entry: { pid: number | undefined } = { pid: undefined };
  liveBrowsers.set(userDataDir, entry);
  const forget = (): void => {
    liveBrowsers.delete(userDataDir);
    if (liveBrowsers.size === 0) process.removeListener('exit', endAllBrowsersSync);
  };
  const timeoutMs = options.startTimeoutMs ?? startTimeoutMs();
  let browser: Browser;
  let timedOut = false;
  let stopTimer: (() => void) | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const launching = puppeteer.launch({
      executablePath: executable.path,
      // puppeteer's 'shell' mode is the headless shell's own (old) headless mode.
      headless: executable.kind === 'shell' ? 'shell' : true,
      userDataDir,
      args: browserArgs(executable.kind),
      // The shell starts without a tab (see browserArgs): none to wait for, nor to open.
      ...(executable.kind === 'shell' ? { waitForInitialPage: false, ignoreDefaultArgs: ['about:blank'] } : {}),
      // The browser talks to galley over a pipe, not a port: when galley
      // ends in any way (a signal, SIGKILL, running out of memory), the
      // pipe closes and the browser exits.
      pipe: true,
      // Signals are handled by withBrowser() and the CLI, which close the
      // browser and remove the profile before they let the signal end the process.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: timeoutMs,
      protocolTimeout: 120_000,
    });
    // A browser that hangs while starting is ended here; puppeteer would wait
    // for its protocol timeout. So is one no longer wanted (`signal`). The
    // launch rejects only once its processes are gone (or after the grace a
    // close gives): a build that stops it says it is done only after that.
    // Those running now are killed; one spawned after this look is killed
    // when puppeteer hands it over, or dies when its launch fails.
    let abandoned = false;
    const abandon = async (): Promise<void> => {
      abandoned = true;
      endBrowserSync(userDataDir, undefined);
      await withinGrace(
        launching.then(
          async (late) => {
            const child = late.process();
            const exited = exitOf(child);
            endBrowserSync(userDataDir, child?.pid);
            await exited;
          },
          () => {},
        ),
      );
      // What is left (a launch still under way when the grace ran out, on a busy machine) is killed, and
      // waited for: a process sent SIGKILL is still there until the kernel gets to end it.
      await endAndWait(userDataDir);
    };
    // Once abandoned, the launch's outcome is abandon()'s to handle: the race waits for the reason.
    const never = new Promise<never>(() => {});
    browser = await Promise.race([
      launching.then(
        (launched) => (abandoned ? never : launched),
        (error: unknown) => (abandoned ? never : Promise.reject(error)),
      ),
      new Promise<never>((_, reject) => {
        stopTimer = afterFreeTime(timeoutMs, () => {
          timedOut = true;
          void abandon().then(() => reject(new BrowserStartError(executable.path, 'timeout', timeoutMs)));
        });
        const signal = options.signal;
        if (signal) {
          onAbort = () => {
            void abandon().then(() => reject(signal.reason));
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }
      }),
    ]);
  } catch (error) {
    endBrowserSync(userDataDir, undefined);
    forget();
    if (error instanceof BrowserStartError) throw error;
    if (options.signal?.aborted) throw options.signal.reason;
    throw new BrowserStartError(executable.path, timedOut ? 'timeout' : 'exited', timeoutMs);
  } finally {
    stopTimer?.();
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }

  const child = browser.process();
  const pid = child?.pid;
  entry.pid = pid;
  // puppeteer stops listening to the pipe when it disconnects; the browser,
  // killed next, then resets it, and an 'error' without a listener would end galley.
  for (const stream of child?.stdio.slice(3) ?? []) stream?.on('error', () => {});
  const killSync = (): void => {
    endBrowserSync(userDataDir, pid);
    forget();
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      // Nothing the browser holds is kept (its profile is removed next), so
      // it is ended at once rather than asked to shut down, which takes a
      // tenth of a second: the connection is dropped, the process group killed.
      const exited = exitOf(browser.process());
      await browser.disconnect().catch(() => {});
      endBrowserSync(userDataDir, pid, { keepProfile: true });
      await withinGrace(exited);
      // Removed once nothing writes into it any more, in Node's thread pool
      // (galley's thread writes the editions meanwhile). The browser stays
      // listed until then: a process that ends meanwhile removes it on its way out.
      await removeDirAsync(userDataDir);
      forget();
      await staleRemoved;
    })();
    return closing;
  };

  return { browser, userDataDir, executable, close, killSync };
}

export interface WithBrowserOptions {
  /** Give up (and close the browser) after this long. Default 180 s. */
  timeoutMs?: number;
  executable?: FoundBrowser;
}

const signalNumbers: Record<'SIGINT' | 'SIGTERM' | 'SIGHUP', number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

/**
 * Runs fn with a freshly launched browser and closes it afterwards on every
 * path: success, an error, the timeout, and SIGINT/SIGTERM/SIGHUP (after which
 * the signal is raised again so the process still ends the way it was asked to).
 */
export async function withBrowser<T>(
  fn: (browser: Browser, launched: LaunchedBrowser) => Promise<T>,
  options: WithBrowserOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 180_000;
  const launched = await launchBrowser(options.executable ? { executable: options.executable } : {});

  const signals = Object.keys(signalNumbers) as (keyof typeof signalNumbers)[];
  const onExit = (): void => launched.killSync();
  const removeHandlers = (): void => {
    for (const signal of signals) process.removeListener(signal, onSignal);
    process.removeListener('exit', onExit);
  };
  function onSignal(signal: NodeJS.Signals): void {
    void launched.close().finally(() => {
      removeHandlers();
      // Another handler may own this signal (a CLI that finishes its own
      // cleanup first); otherwise end the process the way the signal would have.
      if (process.listenerCount(signal) === 0) {
        process.kill(process.pid, signal);
        // Should the signal be ignored anyway, still do not carry on.
        setTimeout(() => process.exit(128 + (signalNumbers[signal as keyof typeof signalNumbers] ?? 1)), 1_000).unref();
      }
    });
  }
  for (const signal of signals) process.on(signal, onSignal);
  process.on('exit', onExit);

  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BrowserTimeoutError(timeoutMs)), timeoutMs);
    });
    return await Promise.race([fn(launched.browser, launched), timedOut]);
  } finally {
    clearTimeout(timer);
    await launched.close();
    removeHandlers();
  }
}
