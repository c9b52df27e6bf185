/**
 * `galley preview`: serves the built editions and the download page (dist/)
 * on http://127.0.0.1:4173/ to look at them in a browser before they are
 * published. Files are sent by `send`, read from disk on every request, so a
 * rebuild shows at the next reload; `send` answers conditional and range
 * requests (one byte range, read by range-parser; anything else gets the
 * whole file, as HTTP allows; 416 for a range past the end).
 *
 * In front of it this module decides which requests reach a file at all:
 * only GET and HEAD, only regular files inside the root (no `..`, encoded or
 * not, no dotfiles such as half-written editions, no symbolic link out of the
 * root, no directory listings). Editions are sent as attachments with their
 * own file names (`Content-Disposition` written by the content-disposition
 * package, with an RFC 6266 `filename*` for a name that is not plain ASCII).
 */
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import contentDisposition from 'content-disposition';
import send from 'send';
import { readCommand } from './commands.js';
import { DEFAULT_PORT, PORT_ATTEMPTS, PREVIEW_HOST, readPort, type CommandOutput } from './options.js';

export { PORT_ATTEMPTS, PREVIEW_HOST };

export interface PreviewOptions {
  /** The folder to serve: the build's output folder. */
  root: string;
  /** The port to try first; 0 takes any free port. Default 4173. */
  port?: number;
  /** Loopback only: the preview is not for sharing. */
  host?: typeof PREVIEW_HOST;
  /** Told when the asked port is taken and another is used; stderr by default. */
  onNotice?: (line: string) => void;
  /** Answers a request before the preview does (`galley dev`); true when it did. */
  before?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;
}

export interface PreviewServer {
  url: string;
  port: number;
  /** The folder served, resolved. */
  root: string;
  /** Stops listening and ends open connections. Safe to call more than once. */
  close(): Promise<void>;
}

/** A preview that cannot start, with a message meant for the person who asked. */
export class PreviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PreviewError';
  }
}

const ATTACHMENTS = new Set(['.epub', '.pdf']);

/** The download page loads nothing from elsewhere and runs no script; the preview holds it to that. */
const PAGE_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const host = options.host ?? PREVIEW_HOST;
  if (host !== PREVIEW_HOST) throw new PreviewError(`The preview listens on ${PREVIEW_HOST} only (asked for ${String(host)}).`);
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PreviewError(`Not a port number: ${port}.`);
  const notice = options.onNotice ?? ((line: string) => console.error(line));

  const asked = path.resolve(options.root);
  let root: string;
  try {
    root = await realpath(asked);
  } catch {
    throw new PreviewError(`Nothing to preview: ${asked} is not a folder. Build the editions first (galley build).`);
  }
  // A file given as the folder: building would not help; another --out would.
  if (!(await stat(root)).isDirectory()) throw new PreviewError(`${asked} is a file, not a folder: give the folder of the editions with --out (galley build writes them to dist/)`);

  const before = options.before ?? (async () => false);
  const server = http.createServer((req, res) => {
    before(req, res)
      .then((answered) => (answered ? undefined : handle(root, req, res)))
      .catch(() => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end();
        } else {
          res.destroy();
        }
      });
  });

  const chosen = await listenNear(server, host, port, notice);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${chosen}/`,
    port: chosen,
    root,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Listens on `port`, or on the next free port up to PORT_ATTEMPTS further; the port taken. */
async function listenNear(server: http.Server, host: string, port: number, notice: (line: string) => void): Promise<number> {
  const last = port === 0 ? 0 : Math.min(65535, port + PORT_ATTEMPTS);
  for (let candidate = port; candidate <= last; candidate++) {
    try {
      const taken = await listen(server, host, candidate);
      if (candidate !== port) notice(`Port ${port} is in use on ${host}; the preview uses port ${taken} instead.`);
      return taken;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') continue;
      if (code === 'EACCES') throw new PreviewError(`Not allowed to listen on port ${candidate}; choose a port above 1023 with --port.`);
      throw error;
    }
  }
  throw new PreviewError(
    port === last
      ? `Port ${port} is in use on ${host}. Stop the program using it, or choose another port with --port.`
      : `Ports ${port} to ${last} are all in use on ${host}. Stop the programs using them, or choose another port with --port.`,
  );
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.removeListener('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

async function handle(root: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = await resolveFile(root, req.url ?? '');
  if (!file) {
    notFound(res);
    return;
  }
  await new Promise<void>((resolve) => {
    // The file was resolved inside the root already: send is given its real path, with nothing left to resolve.
    const stream = send(req, file.path.split(path.sep).map(encodeURIComponent).join('/'), { root: '/', dotfiles: 'allow', index: false, cacheControl: false, etag: true, lastModified: true });
    stream.on('headers', (response: http.ServerResponse, filePath: string) => {
      const name = path.basename(filePath);
      const extension = path.extname(name).toLowerCase();
      if (ATTACHMENTS.has(extension)) response.setHeader('Content-Disposition', contentDisposition(name));
      if (extension === '.html') response.setHeader('Content-Security-Policy', PAGE_POLICY);
    });
    // A file removed or unreadable meanwhile ends that response, not the server.
    stream.on('error', (error: { status?: number }) => {
      if (res.headersSent) res.destroy();
      else if (error.status === 404) notFound(res);
      else res.writeHead(error.status ?? 500).end();
    });
    stream.on('end', resolve);
    res.on('close', resolve);
    stream.pipe(res);
  });
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
}

/**
 * The regular file inside `root` that a request path names (its real path);
 * null for anything else. `/` names index.html.
 */
export async function resolveFile(root: string, rawUrl: string): Promise<{ path: string } | null> {
  if (!rawUrl.startsWith('/')) return null;
  const pathname = rawUrl.replace(/[?#].*$/s, '');
  const segments: string[] = [];
  const raw = pathname.slice(1).split('/');
  for (const [index, part] of raw.entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (segment === '') {
      // `//` inside a path names nothing; a trailing `/` asks for the folder's index.html.
      if (index === raw.length - 1) {
        segments.push('index.html');
        continue;
      }
      return null;
    }
    // `.` and `..` (written plainly or encoded), dotfiles, and separators smuggled in encoded.
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  const candidate = path.join(root, ...segments);
  let real: string;
  try {
    real = await realpath(candidate);
    if (!(await stat(real)).isFile()) return null;
  } catch {
    return null;
  }
  const relative = path.relative(root, real);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  // A link inside the folder to a dotfile (a half-written edition, galley's lock) is a dotfile too.
  if (relative.split(path.sep).some((segment) => segment.startsWith('.'))) return null;
  return { path: real };
}

/** Resolves at Ctrl-C, SIGTERM or the signal's abort, whichever comes first. */
export function untilStopped(signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
}

export type PreviewReporter = CommandOutput;

/**
 * `galley preview [--port N] [--out dir]`: serves until SIGINT (Ctrl-C) or
 * SIGTERM, or until `signal` aborts; returns the exit status (0 when stopped,
 * 1 when it could not start, 2 on bad usage).
 */
export async function runPreview(
  argv: string[],
  reporter: PreviewReporter = { info: (line) => console.log(line), error: (line) => console.error(line) },
  signal?: AbortSignal,
): Promise<number> {
  const parsed = readCommand('preview', argv, reporter);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const port = readPort('galley preview', values.port, reporter);
  if (port === undefined) return 2;

  const shown = path.relative(process.cwd(), path.resolve(values.out)) || '.';
  let preview: PreviewServer;
  try {
    preview = await startPreview({ root: values.out, port, onNotice: reporter.error });
  } catch (error) {
    if (error instanceof PreviewError) {
      reporter.error(`galley preview: ${error.message}`);
      return 1;
    }
    throw error;
  }
  try {
    await stat(path.join(preview.root, 'index.html'));
  } catch {
    reporter.error(`galley preview: ${shown}/index.html is missing, so ${preview.url} shows nothing; galley build writes it.`);
  }
  reporter.info(`Serving ${shown}/ at ${preview.url}`);
  reporter.info('Press Ctrl-C to stop.');

  await untilStopped(signal);
  await preview.close();
  reporter.info('Preview stopped.');
  return 0;
}
