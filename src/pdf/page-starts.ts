/**
 * Where each printed page begins: the first words of the text block on every
 * page of a finished PDF, read with pdf.js. Running heads and folios stand in
 * the page margins, so only text inside the text block counts.
 */
import { wordKey } from './hyphenate.js';
import type { PageGeometry } from './page.js';

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

interface TextItem {
  str: string;
  transform: number[];
  hasEOL?: boolean;
}

/** How much text of each page's beginning and end to keep: enough to find the spot again. */
const KEEP_CHARS = 200;

/**
 * pdf.js in Node runs its "worker" in this thread and was seen to mix up two
 * documents read at once ("Invalid page request"): one at a time.
 */
let queue: Promise<unknown> = Promise.resolve();

export function pageStarts(pdf: Uint8Array, geometry: PageGeometry): Promise<PrintedPage[]> {
  const next = queue.then(() => readPageStarts(pdf, geometry));
  queue = next.catch(() => {});
  return next;
}

let pdfjs: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined;

/**
 * Loads pdf.js, with its worker in this thread. pdf.js would import the
 * worker itself at the first document; handing it over (as `pdfjsWorker`, the
 * way pdf.js documents) lets a caller load both while it waits for something
 * else, such as the browser starting.
 */
export function loadPageReader(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> {
  pdfjs ??= (async () => {
    const [library, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return library;
  })();
  pdfjs.catch(() => (pdfjs = undefined));
  return pdfjs;
}

async function readPageStarts(pdf: Uint8Array, geometry: PageGeometry): Promise<PrintedPage[]> {
  // pdf.js is large: loaded only when it is needed (or asked for in advance).
  const { getDocument } = await loadPageReader();
  const document = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const starts: PrintedPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const height = page.view[3]!;
      // The text block, in PDF units (points, origin at the bottom), with a little slack.
      const top = height - geometry.marginTopIn * 72 + 4;
      const bottom = geometry.marginBottomIn * 72 - 4;
      const content = await page.getTextContent();
      const lines: string[] = [];
      let line = '';
      for (const item of content.items as TextItem[]) {
        if (typeof item.str !== 'string') continue;
        const y = item.transform[5]!;
        if (y > top || y < bottom) continue;
        line += item.str;
        if (item.hasEOL) {
          lines.push(line);
          line = '';
        }
      }
      lines.push(line);
      const tidy = lines.map((text) => text.replace(/\s+/g, ' ').trim()).filter((text) => text !== '');
      const text = tidy.join(' ');
      starts.push({ page: number, text: text.slice(0, KEEP_CHARS), end: text.slice(-KEEP_CHARS), lines: tidy });
      page.cleanup();
    }
    return starts;
  } finally {
    await document.destroy();
  }
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
