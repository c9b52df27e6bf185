/**
 * `galley dev`: the editing loop. Builds, serves the output folder like
 * `galley preview`, watches the manuscripts and the templates, and on every
 * save rebuilds what changed with one browser kept warm, then reloads the
 * download page open in the browser (server-sent events to a small script
 * that only the dev server adds to the page). A failed build shows its
 * messages, with file:line:column, in the terminal and over the page; the
 * editions it would have replaced stay as they were.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Browser } from 'puppeteer';
import { forgetTreeHashes } from './cache.js';
import { listedArticles } from './manuscript/collection-inputs.js';
import type { LaunchedBrowser } from './pdf/browser.js';
import { readCommand, startingHelp } from './commands.js';
import { buildSettings, readPort, type CommandOutput } from './options.js';
import { findManuscripts } from './pipeline/plan.js';
import { PreviewError, startPreview, untilStopped, type PreviewServer } from './preview.js';
import { defaultTemplatesDir, forgetTemplates, readTemplate } from './templates.js';

/** The URL paths only the dev server answers. */
export const DEV_EVENTS = '/__galley/events';
export const DEV_SCRIPT = '/__galley/dev.js';

export type DevReporter = CommandOutput;

/** Page policy in dev: the download page's own, plus the dev script and its event stream. */
const DEV_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Adds the dev script to an HTML page, before </head> (or at the end when there is none). */
export function injectDevScript(html: string): string {
  const tag = `<script src="${DEV_SCRIPT}" defer></script>`;
  const head = html.search(/<\/head>/i);
  return head >= 0 ? `${html.slice(0, head)}${tag}${html.slice(head)}` : `${html}${tag}`;
}

interface BuildState {
  ok: boolean;
  messages: string[];
}

/** The event streams open to pages, and what the last build said. */
class Events {
  private readonly clients = new Set<http.ServerResponse>();
  state: BuildState = { ok: true, messages: [] };

  open(res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    // A page opened after a failed build shows the failure straight away.
    res.write(this.state.ok ? ': connected\n\n' : this.format('failed', { messages: this.state.messages }));
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(event: 'reload' | 'failed', data: unknown): void {
    const text = this.format(event, data);
    for (const client of this.clients) client.write(text);
  }

  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private format(event: string, data: unknown): string {
    return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  }
}

/**
 * `galley dev [manuscript…] [options]`: runs until SIGINT or SIGTERM, or until
 * `signal` aborts; returns the exit status (0 when stopped, 1 when it could
 * not start, 2 on bad usage).
 */
export async function runDev(argv: string[], reporter: DevReporter, signal?: AbortSignal): Promise<number> {
  const parsed = readCommand('dev', argv, reporter);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const port = readPort('galley dev', values.port, reporter);
  if (port === undefined) return 2;
  const inputs = positionals.length > 0 ? positionals : ['manuscript'];
  const outDir = path.resolve(values.out);
  if (positionals.length === 0 && !existsSync('manuscript')) {
    // A first run in an empty folder: say where galley looked, and how to start.
    for (const line of startingHelp('dev')) reporter.error(line);
    return 2;
  }
  if (statSync(outDir, { throwIfNoEntry: false })?.isDirectory() === false) {
    // Neither built into nor served: said once, before anything starts.
    reporter.error(`galley dev: ${path.relative(process.cwd(), outDir)} is a file, not a folder; choose a folder with --out`);
    return 1;
  }
  const info = values.quiet ? () => {} : reporter.info;
  const settings = buildSettings(values);
  if ('problem' in settings) {
    reporter.error(`galley dev: ${settings.problem}`);
    return 2;
  }
  // --force rebuilds everything once, at the start; after that, what changed.
  let force = settings.force;

  // One browser for the whole session, launched again should it die.
  let launched: LaunchedBrowser | undefined;
  const warmBrowser = async (): Promise<Browser | undefined> => {
    if (launched?.browser.connected) return launched.browser;
    await launched?.close();
    launched = undefined;
    const { findBrowser, launchBrowser, BrowserNotFoundError } = await import('./pdf/browser.js');
    try {
      launched = await launchBrowser({ executable: findBrowser() });
      return launched.browser;
    } catch (error) {
      // Without a browser the build says so itself, and still makes the e-books.
      if (!(error instanceof BrowserNotFoundError)) reporter.error(`galley dev: the browser did not start: ${(error as Error).message}`);
      return undefined;
    }
  };

  const events = new Events();
  const rebuild = async (): Promise<BuildState> => {
    const messages: string[] = [];
    const collect: DevReporter = {
      info,
      error: (line) => {
        messages.push(line);
        reporter.error(line);
      },
    };
    const browser = await warmBrowser();
    const { runBuild } = await import('./report.js');
    const status = await runBuild({ manuscripts: inputs, outDir, ...settings, force, ...(browser ? { browser } : {}), keepSiteOnFailure: true }, collect, values.quiet);
    force = false;
    // Usage mistakes (exit 2) end the session; a failed manuscript does not.
    if (status === 2) throw new UsageFailure();
    return { ok: status === 0, messages };
  };

  let first: BuildState;
  try {
    first = await rebuild();
  } catch (error) {
    await launched?.close();
    if (error instanceof UsageFailure) return 2;
    throw error;
  }
  events.state = first;

  let preview: PreviewServer;
  try {
    preview = await startPreview({
      root: outDir,
      port,
      onNotice: reporter.error,
      before: (req, res) => answerDev(req, res, outDir, events),
    });
  } catch (error) {
    await launched?.close();
    if (error instanceof PreviewError) {
      reporter.error(`galley dev: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const shown = path.relative(process.cwd(), outDir) || '.';
  reporter.info(`Serving ${shown}/ at ${preview.url}`);
  reporter.info('Watching for changes; press Ctrl-C to stop.');

  // Saves are gathered for a moment (editors write a file in several steps),
  // and a save during a rebuild starts one more rebuild after it.
  const templatesDir = defaultTemplatesDir;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let templatesChanged = false;
  let savedAt = 0;
  const runOnce = async (): Promise<void> => {
    do {
      again = false;
      if (templatesChanged) {
        templatesChanged = false;
        forgetTemplates();
        forgetTreeHashes();
      }
      const started = savedAt;
      try {
        events.state = await rebuild();
        watchBound();
      } catch (error) {
        const message = error instanceof UsageFailure ? 'the build was refused (see above)' : (error as Error).message;
        events.state = { ok: false, messages: [`galley dev: ${message}`] };
        reporter.error(`galley dev: ${message}`);
      }
      if (events.state.ok) events.send('reload', {});
      else events.send('failed', { messages: events.state.messages });
      info(`${events.state.ok ? '↻ page reloaded' : '✗ kept the previous editions'} ${Math.round(performance.now() - started)} ms after the save`);
    } while (again);
  };
  const changed = (file: string): void => {
    if (path.resolve(file).startsWith(templatesDir + path.sep)) templatesChanged = true;
    savedAt ||= performance.now();
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = runOnce().finally(() => {
        running = undefined;
        savedAt = 0;
      });
    }, 20);
  };
  const watcher: FSWatcher = watch([...inputs.map((input) => path.resolve(input)), templatesDir], {
    ignoreInitial: true,
    // Editors' swap and backup files.
    ignored: (file) => /(^|[/\\])\.|~$|\.swp$/.test(path.basename(file)),
  });
  // The article folders the collections bind, outside what was named
  // (`../other-article`), are watched too; looked up again after every
  // build, as a collection.yaml may have changed.
  const bound = new Set<string>();
  const watchBound = (): void => {
    const now = new Set(boundFolders(inputs));
    for (const dir of now) if (!bound.has(dir)) watcher.add(dir);
    for (const dir of bound) if (!now.has(dir)) watcher.unwatch(dir);
    bound.clear();
    for (const dir of now) bound.add(dir);
  };
  watchBound();
  watcher.on('all', (_event, file) => changed(file));
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  reporter.info('ready');

  await untilStopped(signal);
  clearTimeout(timer);
  await watcher.close();
  await running;
  events.closeAll();
  await preview.close();
  await launched?.close();
  reporter.info('Stopped.');
  return 0;
}

class UsageFailure extends Error {}

/**
 * The article folders that the collections among `inputs` bind and that lie
 * outside every one of `inputs`: `galley dev` watches them too, so that a
 * save there rebuilds the collections (only those: the others are up to date).
 */
export function boundFolders(inputs: string[]): string[] {
  let manuscripts: string[];
  try {
    manuscripts = findManuscripts(inputs);
  } catch {
    return []; // the build says what is wrong with the inputs
  }
  const roots = inputs.map((input) => path.resolve(input));
  const inside = (dir: string): boolean => roots.some((root) => dir === root || dir.startsWith(root + path.sep));
  return [...new Set(manuscripts.flatMap((dir) => listedArticles(dir)))].filter((dir) => !inside(dir) && existsSync(dir)).sort();
}

/**
 * What the dev server answers itself: the event stream, the dev script, and
 * HTML pages with the script added. Everything else goes on to the preview.
 */
async function answerDev(req: http.IncomingMessage, res: http.ServerResponse, outDir: string, events: Events): Promise<boolean> {
  const pathname = (req.url ?? '/').replace(/[?#].*$/s, '');
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (pathname === DEV_EVENTS) {
    events.open(res);
    return true;
  }
  if (pathname === DEV_SCRIPT) {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(readTemplate('dev/dev.js'));
    return true;
  }
  if (pathname === '/' || pathname === '/index.html') {
    let html: string;
    try {
      html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    } catch {
      return false;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': DEV_POLICY });
    res.end(req.method === 'HEAD' ? undefined : injectDevScript(html));
    return true;
  }
  return false;
}
