/**
 * Where each printed page begins: the first words of the text block on every
 * page of a finished PDF, read with pdf.js (in its own thread: ./page-text.ts).
 * Running heads and folios stand in the page margins, so only text inside the
 * text block counts.
 */
import { wordKey } from './hyphenate.js';
import type { PageGeometry } from './page.js';
import { pageTexts, type PageText, type TextPiece } from './page-text.js';

export interface PageStart {
  /** 1-based page number. */
  page: number;
  /** The text the page begins with (up to a few lines), as laid out, line breaks as spaces. */
  text: string;
  /** The text the page ends with (its last line or so). */
  end: string;
}

/** A printed page as read back: where it begins and ends, and its lines. */
export interface PrintedPage extends PageStart {
  /** The lines of the text block, top to bottom. */
  lines: string[];
}

/** How much text of each page's beginning and end to keep: enough to find the spot again. */
const KEEP_CHARS = 200;

/**
 * pdf.js in this thread (for what reads more than the text: loose-lines.ts's
 * operator lists). pdf.js in Node runs its "worker" in this thread and was seen to mix up two
 * documents read at once ("Invalid page request"): one at a time.
 */
let queue: Promise<unknown> = Promise.resolve();

export function readPdfSerially<T>(read: () => Promise<T>): Promise<T> {
  const next = queue.then(read);
  queue = next.catch(() => {});
  return next;
}

/** Where each page of `pdf` begins and ends, and its lines. */
export async function pageStarts(pdf: Uint8Array, geometry: PageGeometry): Promise<PrintedPage[]> {
  return printedPages(await pageTexts(pdf), geometry);
}

/** A PDF opened with pdf.js. */
export type OpenedPdf = Awaited<ReturnType<Awaited<ReturnType<typeof loadPageReader>>['getDocument']>['promise']>;

/**
 * Opens `pdf` with pdf.js once (one at a time, see readPdfSerially) and hands
 * it to `read`: one layout's read-backs share the parsing, the decompressed
 * streams and the fonts.
 */
export function readLaidOut<T>(pdf: Uint8Array, read: (document: OpenedPdf) => Promise<T>): Promise<T> {
  return readPdfSerially(async () => {
    // pdf.js is large: loaded only when it is needed (or asked for in advance).
    const { getDocument } = await loadPageReader();
    const document = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
    try {
      return await read(document);
    } finally {
      await document.destroy();
    }
  });
}

let pdfjs: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined;

/**
 * pdf.js's legacy build brings core-js, which replaces some of the whole
 * process's built-ins with functions written in JavaScript: `Array#push` and
 * `JSON.parse` (used everywhere, by puppeteer for every message from the
 * browser), and it adds `Uint8Array.fromBase64` and `#toBase64`, which
 * puppeteer then prefers to Node's own base64 for every PDF it receives and
 * every file it serves. pdf.js reads PDFs as well with the built-ins, so
 * they are put back once it is loaded (the additions pdf.js itself uses,
 * such as `#toHex`, stay).
 */
function keepBuiltIns(): { restore(): void } {
  type Base64 = { fromBase64?: unknown; prototype: { toBase64?: unknown; setFromBase64?: unknown } };
  const bytes = Uint8Array as unknown as Base64;
  const before = {
    push: Array.prototype.push,
    parse: JSON.parse,
    fromBase64: Object.getOwnPropertyDescriptor(bytes, 'fromBase64'),
    toBase64: Object.getOwnPropertyDescriptor(bytes.prototype, 'toBase64'),
    setFromBase64: Object.getOwnPropertyDescriptor(bytes.prototype, 'setFromBase64'),
  };
  const put = (target: object, key: string, descriptor: PropertyDescriptor | undefined): void => {
    if (descriptor) Object.defineProperty(target, key, descriptor);
    else delete (target as Record<string, unknown>)[key];
  };
  return {
    restore() {
      Object.defineProperty(Array.prototype, 'push', { value: before.push, writable: true, configurable: true, enumerable: false });
      Object.defineProperty(JSON, 'parse', { value: before.parse, writable: true, configurable: true, enumerable: false });
      put(bytes, 'fromBase64', before.fromBase64);
      put(bytes.prototype, 'toBase64', before.toBase64);
      put(bytes.prototype, 'setFromBase64', before.setFromBase64);
    },
  };
}

/**
 * Loads pdf.js, with its worker in this thread. pdf.js would import the
 * worker itself at the first document; handing it over (as `pdfjsWorker`, the
 * way pdf.js documents) lets a caller load both while it waits for something
 * else, such as the browser starting.
 */
export function loadPageReader(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> {
  pdfjs ??= (async () => {
    const kept = keepBuiltIns();
    try {
      const [library, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      return library;
    } finally {
      kept.restore();
    }
  })();
  pdfjs.catch(() => (pdfjs = undefined));
  return pdfjs;
}

/**
 * A line's text in reading order. pdf.js gives a line's pieces left to right
 * as they are printed: in a right-to-left line (Hebrew, Arabic) the words come
 * last to first, each word itself in reading order. Such a line is read from
 * the right, and runs of left-to-right pieces in it (a Latin name) keep their order.
 */
function logicalLine(items: TextPiece[]): string {
  const rtl = items.filter((item) => item.dir === 'rtl').reduce((sum, item) => sum + item.str.length, 0);
  const ltr = items.filter((item) => item.dir === 'ltr' && /\p{L}/u.test(item.str)).reduce((sum, item) => sum + item.str.length, 0);
  if (rtl <= ltr) return items.map((item) => item.str).join('');
  const runs: TextPiece[][] = [];
  for (const item of [...items].reverse()) {
    const isLtr = item.dir === 'ltr' && /\p{L}|\p{N}/u.test(item.str);
    const last = runs[runs.length - 1];
    const lastIsLtr = last !== undefined && last[0]!.dir === 'ltr' && /\p{L}|\p{N}/u.test(last[0]!.str);
    if (isLtr && lastIsLtr) last.unshift(item);
    else runs.push([item]);
  }
  return runs.flat().map((item) => item.str).join('');
}

/** Where each page begins and ends, and its lines, from the text of its pages. */
export function printedPages(pages: PageText[], geometry: PageGeometry): PrintedPage[] {
  return pages.map(({ height, items }, index) => {
    // The text block, in PDF units (points, origin at the bottom), with a little slack.
    const top = height - geometry.marginTopIn * 72 + 4;
    const bottom = geometry.marginBottomIn * 72 - 4;
    const lines: string[] = [];
    let line: TextPiece[] = [];
    for (const item of items) {
      if (item.y > top || item.y < bottom) continue;
      line.push(item);
      if (item.hasEOL) {
        lines.push(logicalLine(line));
        line = [];
      }
    }
    lines.push(logicalLine(line));
    const tidy = lines.map((text) => text.replace(/\s+/g, ' ').trim()).filter((text) => text !== '');
    const text = tidy.join(' ');
    return { page: index + 1, text: text.slice(0, KEEP_CHARS), end: text.slice(-KEEP_CHARS), lines: tidy };
  });
}

/**
 * Words hyphenated across a page break ("be-" at the foot of one page,
 * "tween" at the head of the next), as lower-case letters: the typesetter's
 * cardinal sin, which Chromium cannot be told to avoid.
 */
export function wordsSplitAcrossPages(pages: PageStart[]): string[] {
  const words: string[] = [];
  for (let i = 0; i + 1 < pages.length; i++) {
    // Chromium's text keeps every soft hyphen it did not use: drop those inside words first.
    const end = pages[i]!.end.replace(/\u00AD(?=\p{L})/gu, '');
    const start = pages[i + 1]!.text.replace(/\u00AD/g, '');
    const head = /(\p{L}+)[-\u00AD\u2010]$/u.exec(end)?.[1];
    const tail = /^(\p{L}+)/u.exec(start)?.[1];
    if (head && tail) words.push(wordKey(head + tail));
  }
  return words;
}
