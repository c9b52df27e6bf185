/**
 * Finding, launching and reliably closing the headless browser that lays out
 * the print edition. The browser never outlives the work it was launched for:
 * not on success, not on an error, not on a timeout, not on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, ConnectionTransport } from 'puppeteer';
import { packageRoot } from '../paths.js';
import { lastResortFontDir } from '../typefaces.js';
import { browserPlaces, isExecutableFile, isHeadlessShell, onPath } from './browser-places.mjs';

type Puppeteer = (typeof import('puppeteer'))['default'];

const requireHere = createRequire(import.meta.url);
let puppeteerModule: Puppeteer | undefined;

/**
 * puppeteer, loaded at its first use rather than with this module: its
 * require() is 0.12–0.14 s of CPU (some 215 CommonJS files outside the code
 * cache), and a build spawns the browser first (launchBrowser) so that the
 * browser starts while puppeteer loads.
 */
function puppeteer(): Puppeteer {
  if (!puppeteerModule) {
    const loaded = requireHere('puppeteer') as Puppeteer & { default?: Puppeteer };
    puppeteerModule = loaded.default ?? loaded;
  }
  return puppeteerModule;
}

/**
 * Whether puppeteer may have a browser of its own to offer: a browser path in
 * its configuration, or its download folder. Read from puppeteer's own
 * configuration (environment, .puppeteerrc and the like; a few milliseconds)
 * without loading puppeteer: where the download folder is not there, none of
 * the paths puppeteer would name in it can be.
 */
function puppeteerMayHaveBrowsers(): boolean {
  try {
    const { getConfiguration } = requireHere('puppeteer/internal/getConfiguration.js') as { getConfiguration: () => { executablePath?: string; cacheDirectory?: string } };
    const configuration = getConfiguration();
    return Boolean(configuration.executablePath) || configuration.cacheDirectory === undefined || existsSync(configuration.cacheDirectory);
  } catch {
    // Another layout of the package: ask puppeteer itself.
    return true;
  }
}

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
    return puppeteer().executablePath({ headless });
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
  let downloads: boolean | undefined;
  return browserPlaces.flatMap((place): BrowserPlace[] => {
    if (!('puppeteer' in place)) return [{ ...place, source: 'system' }];
    if (!(downloads ??= puppeteerMayHaveBrowsers())) return [];
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
  // The shell's GPU process only composites in software (--disable-gpu): as a
  // thread of the browser's process it is one process fewer to start (a cold
  // PDF's CPU with --no-zygote below: 0.955x, the same bytes).
  if (kind === 'shell') args.push('--in-process-gpu');
  // Chromium refuses to start as root with its sandbox on.
  if (process.getuid?.() === 0) args.push(...withoutSandbox(kind));
  return args;
}

/**
 * The flags of a browser without its sandbox. The shell then also starts its
 * renderers without a zygote (two processes that exist to fork sandboxed
 * renderers from, about 60 ms of CPU at every launch); Chromium allows that
 * only with the sandbox off.
 */
function withoutSandbox(kind: BrowserKind): string[] {
  return kind === 'shell' ? ['--no-sandbox', '--no-zygote'] : ['--no-sandbox'];
}

/**
 * The flags puppeteer.launch() gives Chromium itself (its defaultArgs(),
 * version 24), which galley passes as they are now that it spawns the browser
 * itself: they include what the PDF depends on (tagged PDF, its outline, the
 * sRGB colour profile). A test compares launchCommand() with what the
 * installed puppeteer would run, so that an update of puppeteer that changes
 * them is noticed.
 */
const PUPPETEER_DEFAULT_FLAGS = [
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
];
const PUPPETEER_DISABLED_FEATURES = ['Translate', 'AcceptCHFrame', 'MediaRouter', 'OptimizationHints', 'WebUIReloadButton', 'ProcessPerSiteUpToMainFrameThreshold', 'IsolateSandboxedIframes'];
const PUPPETEER_ENABLED_FEATURES = ['PdfOopif'];

/**
 * The browser's whole command line, as puppeteer.launch() would make it for
 * galley's launch (headless, the profile folder, browserArgs(), a pipe for
 * the protocol; the shell without its about:blank tab): puppeteer's flags,
 * with the features galley turns on merged into puppeteer's one
 * `--enable-features` as puppeteer merges them.
 */
export function launchCommand(kind: BrowserKind, userDataDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const own = browserArgs(kind);
  const featuresOf = (flag: string): string[] => own.filter((arg) => arg.startsWith(`${flag}=`)).flatMap((arg) => arg.slice(flag.length + 1).split(','));
  const rest = own.filter((arg) => !arg.startsWith('--enable-features=') && !arg.startsWith('--disable-features='));
  const command = [
    ...PUPPETEER_DEFAULT_FLAGS,
    `--disable-features=${[...PUPPETEER_DISABLED_FEATURES, ...featuresOf('--disable-features')].join(',')}`,
    `--enable-features=${[...PUPPETEER_ENABLED_FEATURES, ...featuresOf('--enable-features')].join(',')}`,
  ];
  if (env.PUPPETEER_DANGEROUS_NO_SANDBOX === 'true' && !rest.includes('--no-sandbox')) command.push(...withoutSandbox(kind));
  command.push(`--user-data-dir=${userDataDir}`);
  // The shell runs its own (old) headless mode, puppeteer's 'shell'; a full browser the new one.
  command.push(kind === 'shell' ? '--headless' : '--headless=new', '--hide-scrollbars', '--mute-audio', '--disable-extensions');
  // The shell starts without a tab (see browserArgs); a full browser opens about:blank.
  if (kind === 'full') command.push('about:blank');
  command.push(...rest, '--remote-debugging-pipe');
  return command;
}

/**
 * How the command line loads a CommonJS bundle with a V8 code cache
 * (scripts/load-bundle.cjs): bin/galley.js hands it over under this symbol.
 */
type BundleLoader = (file: string, options: { name: string }) => { exports: unknown };
const BUNDLE_LOADER = Symbol.for('galley.loadBundle');

/**
 * puppeteer-core (what puppeteer.connect() is), the copy puppeteer itself
 * loads. The command line loads it from lib/puppeteer.cjs (scripts/bundle.mjs
 * makes it with the CLI's bundle, from that same copy) with a code cache:
 * through require() it is some 200 files to find, read and compile.
 */
function puppeteerCore(): Pick<Puppeteer, 'connect'> {
  const loadBundle = (globalThis as { [BUNDLE_LOADER]?: BundleLoader })[BUNDLE_LOADER];
  const bundled = path.join(packageRoot, 'lib', 'puppeteer.cjs');
  if (loadBundle && existsSync(bundled)) {
    try {
      return loadBundle(bundled, { name: 'puppeteer' }).exports as Pick<Puppeteer, 'connect'>;
    } catch {
      // A bundle that does not load (cut short, say): the package itself, as from the sources.
    }
  }
  return createRequire(requireHere.resolve('puppeteer'))('puppeteer-core') as Pick<Puppeteer, 'connect'>;
}

/**
 * The DevTools protocol over the browser's pipe (`--remote-debugging-pipe`):
 * messages of JSON, each ended by a NUL byte, written to its fd 3 and read
 * from its fd 4. Each message read is handed on in a task of its own, as
 * puppeteer's own pipe transport does, so that what one message sets off
 * has run before the next is heard.
 */
export class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    fromBrowser.on('close', () => this.onclose?.());
    fromBrowser.on('error', () => {});
    toBrowser.on('error', () => {});
  }

  send(message: string): void {
    if (this.closed) return;
    // One write a message: each write is a system call that wakes the browser's reader, and the first half of a message is of no use to it.
    this.toBrowser.write(`${message}\0`);
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    let end = chunk.indexOf(0);
    if (end === -1) {
      this.pending.push(chunk);
      return;
    }
    let start = 0;
    let buffer = chunk;
    if (this.pending.length > 0) {
      buffer = Buffer.concat([...this.pending, chunk]);
      end = buffer.indexOf(0);
      this.pending = [];
    }
    while (end !== -1) {
      const message = buffer.toString('utf8', start, end);
      setImmediate(() => {
        if (!this.closed) this.onmessage?.(message);
      });
      start = end + 1;
      end = buffer.indexOf(0, start);
    }
    if (start < buffer.length) this.pending.push(buffer.subarray(start));
  }

  close(): void {
    this.closed = true;
    this.pending = [];
  }
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
 * The browser's environment: galley's own, with a fontconfig configuration
 * (written into the profile folder) that knows one font only, galley's
 * last-resort face (lastResortFontDir). Every edition's text is set in the
 * faces its style sheet declares; a character none of them draws would
 * otherwise be drawn from whatever fonts the building machine has, and the
 * PDF would embed a system font (DejaVu Sans, Liberation Serif), differ from
 * machine to machine, or show nothing at all. With this, such a character
 * prints as the last-resort face's empty box, on every machine, and pdffonts
 * lists only galley's faces. Chromium on Linux finds its fallback fonts
 * through fontconfig alone; with no font at all it draws no text.
 */
export function browserEnv(userDataDir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const file = path.join(userDataDir, 'fonts.conf');
  const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  writeFileSync(
    file,
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n' +
      `  <dir>${xml(lastResortFontDir())}</dir>\n  <cachedir>${xml(path.join(userDataDir, 'fontconfig'))}</cachedir>\n</fontconfig>\n`,
  );
  return { ...env, FONTCONFIG_FILE: file };
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
  let child: ChildProcess | undefined;
  let timedOut = false;
  let stopTimer: (() => void) | undefined;
  let onAbort: (() => void) | undefined;
  try {
    // galley spawns the browser itself, before puppeteer is loaded (0.12–0.14 s
    // of CPU, which now overlaps the browser's own start), with the command
    // line puppeteer.launch() would give it (launchCommand), in a process group
    // of its own so that the group can be killed. The browser talks to galley
    // over a pipe on its fds 3 and 4, not a port: when galley ends in any way
    // (a signal, SIGKILL, running out of memory), the pipe closes and the
    // browser exits.
    const spawned = spawn(executable.path, launchCommand(executable.kind, userDataDir), {
      env: browserEnv(userDataDir),
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    entry.pid = spawned.pid;
    // A browser that cannot be run at all (spawn's own error) or exits before it answers.
    const exitedEarly = new Promise<never>((_, reject) => {
      spawned.once('error', reject);
      spawned.once('exit', () => reject(new Error('the browser exited')));
    });
    exitedEarly.catch(() => {});
    // The pipe's ends see errors once the browser is killed (a reset): heard, so that none ends galley.
    for (const stream of spawned.stdio.slice(3)) stream?.on('error', () => {});
    const launching = (async (): Promise<Browser> => {
      // Let the spawn go out before puppeteer's load takes the thread.
      await new Promise((resolve) => setImmediate(resolve));
      const connected = puppeteerCore().connect({
        transport: new PipeTransport(spawned.stdio[3] as Writable, spawned.stdio[4] as Readable),
        protocolTimeout: 120_000,
      });
      const launched = await Promise.race([connected, exitedEarly]);
      // As puppeteer.launch() gives it: the browser's process, which puppeteer.connect() does not know.
      launched.process = () => spawned;
      // A full browser opens a tab at launch, which puppeteer.launch() waits for (the shell opens none).
      if (executable.kind === 'full') await Promise.race([launched.waitForTarget((target) => target.type() === 'page'), exitedEarly]);
      return launched;
    })();
    // A browser that hangs while starting is ended here; puppeteer would wait
    // for its protocol timeout. So is one no longer wanted (`signal`). The
    // launch rejects only once its processes are gone (or after the grace a
    // close gives): a build that stops it says it is done only after that.
    let abandoned = false;
    const abandon = async (): Promise<void> => {
      abandoned = true;
      const exited = exitOf(spawned);
      endBrowserSync(userDataDir, spawned.pid, { keepProfile: true });
      await withinGrace(exited);
      // What is left (on a busy machine, a process the kernel has yet to end) is killed, and
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
    endBrowserSync(userDataDir, child?.pid);
    forget();
    if (error instanceof BrowserStartError) throw error;
    if (options.signal?.aborted) throw options.signal.reason;
    throw new BrowserStartError(executable.path, timedOut ? 'timeout' : 'exited', timeoutMs);
  } finally {
    stopTimer?.();
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }

  // Spawned before the browser was connected to: there is a process.
  const browserProcess = child!;
  const pid = browserProcess.pid;
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
      const exited = exitOf(browserProcess);
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
