/**
 * Renders a PDF from files held in memory, and nothing else.
 *
 * The page lives at https://galley.invalid/ (a reserved name that resolves
 * nowhere). Every request the page makes is intercepted: a path of the build
 * is answered from memory, anything else is aborted and reported. A
 * Content-Security-Policy on the page says the same thing a second time, and
 * JavaScript is off. There is never a file:// page, so the manuscript cannot
 * reach the disk, and nothing reaches the network.
 */
import type { Browser, HTTPRequest, PDFOptions } from 'puppeteer';

export const sandboxOrigin = 'https://galley.invalid/';

export interface SandboxFile {
  body: Buffer | string;
  contentType: string;
}

/** Path inside the sandbox (`index.html`, `fonts/a.woff2`) → contents. */
export type SandboxFiles = Map<string, SandboxFile>;

export interface SandboxResult {
  pdf: Uint8Array;
  /** Every URL the page asked for and did not get, in the order first asked for. */
  blocked: string[];
}

export interface SandboxRenderOptions {
  /** The page to open; default `index.html`. */
  entry?: string;
  /** Overrides for page.pdf(). */
  pdf?: PDFOptions;
  /** Navigation and print timeout. Default 60 s. */
  timeoutMs?: number;
}

const contentSecurityPolicy = [
  "default-src 'none'",
  `img-src ${sandboxOrigin}`,
  `font-src ${sandboxOrigin}`,
  `style-src ${sandboxOrigin} 'unsafe-inline'`,
  "script-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Requests the browser makes on its own, not on the document's behalf. */
const silentPaths = new Set(['favicon.ico']);

/** Shortens a URL for a warning: data: URLs can be megabytes long. */
function displayUrl(url: string): string {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    return `${url.slice(0, comma >= 0 ? Math.min(comma, 40) : 40)},…`;
  }
  return url.length > 300 ? `${url.slice(0, 300)}…` : url;
}

/**
 * Pulls the blocked URL out of Chromium's console messages for loads it
 * refuses before any request exists (file: URLs, CSP, mixed content).
 */
export function blockedUrlFromConsole(text: string): string | undefined {
  let match = /^Not allowed to load local resource: (\S+)/.exec(text);
  if (match) return match[1];
  if (/Content Security Policy|Mixed Content/.test(text)) {
    // "Loading the image 'data:…' violates …"; "The page at '<page>' … requested an insecure stylesheet 'http://…'"
    const quoted = [...text.matchAll(/'([a-zA-Z][a-zA-Z0-9+.-]*:[^'\s]*)'/g)].map((m) => m[1]!);
    return quoted.find((url) => !url.startsWith(`${sandboxOrigin}index.html`));
  }
  return undefined;
}

const defaultPdfOptions: PDFOptions = {
  preferCSSPageSize: true,
  printBackground: true,
  tagged: true,
  outline: true,
  displayHeaderFooter: false,
};

/**
 * Opens `files` in a fresh page of `browser` and prints it to PDF. Returns the
 * PDF bytes and the URLs that were refused.
 */
export async function renderSandboxed(
  browser: Browser,
  files: SandboxFiles,
  options: SandboxRenderOptions = {},
): Promise<SandboxResult> {
  const entry = options.entry ?? 'index.html';
  if (!files.has(entry)) throw new Error(`The sandbox has no ${entry} to open.`);
  const timeout = options.timeoutMs ?? 60_000;
  const blocked: string[] = [];
  const block = (url: string): void => {
    const shown = displayUrl(url);
    if (!blocked.includes(shown)) blocked.push(shown);
  };

  // An incognito context per render: no cache or storage shared between documents.
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    // Service workers and the HTTP cache could answer a request without us.
    await page.setCacheEnabled(false);

    page.on('request', (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (url.startsWith(sandboxOrigin)) {
        const { pathname } = new URL(url);
        const key = decodeURIComponent(pathname.slice(1));
        const file = files.get(key);
        if (file) {
          const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
          if (key === entry) headers['Content-Security-Policy'] = contentSecurityPolicy;
          void request.respond({ status: 200, contentType: file.contentType, headers, body: file.body }).catch(() => {});
          return;
        }
        if (silentPaths.has(key)) {
          void request.respond({ status: 404, contentType: 'text/plain', body: '' }).catch(() => {});
          return;
        }
      }
      // data: URLs of the browser's own broken-image icons also pass here;
      // a data: URL in the document is refused by the CSP and reported below.
      if (!url.startsWith('data:')) block(url);
      void request.abort('blockedbyclient').catch(() => {});
    });
    page.on('console', (message) => {
      const url = blockedUrlFromConsole(message.text());
      if (url) block(url);
    });

    const response = await page.goto(sandboxOrigin + entry, { waitUntil: 'load', timeout });
    if (!response || !response.ok()) throw new Error(`The print page did not open (${response?.status() ?? 'no response'}).`);
    const pdf = await page.pdf({ ...defaultPdfOptions, timeout, ...options.pdf });
    await page.close();
    return { pdf, blocked };
  } finally {
    await context.close().catch(() => {});
  }
}
