/**
 * Where each printed page begins: the first words of the text block on every
 * page of a finished PDF, read with pdf.js. Running heads and folios stand in
 * the page margins, so only text inside the text block counts.
 */
import type { PageGeometry } from './page.js';

export interface PageStart {
  /** 1-based page number. */
  page: number;
  /** The text the page begins with (up to a few lines), as laid out, line breaks as spaces. */
  text: string;
}

interface TextItem {
  str: string;
  transform: number[];
  hasEOL?: boolean;
}

/** How much text of each page to keep: enough to find the spot again, no more. */
const KEEP_CHARS = 200;

/**
 * pdf.js in Node runs its "worker" in this thread and was seen to mix up two
 * documents read at once ("Invalid page request"): one at a time.
 */
let queue: Promise<unknown> = Promise.resolve();

export function pageStarts(pdf: Uint8Array, geometry: PageGeometry): Promise<PageStart[]> {
  const next = queue.then(() => readPageStarts(pdf, geometry));
  queue = next.catch(() => {});
  return next;
}

async function readPageStarts(pdf: Uint8Array, geometry: PageGeometry): Promise<PageStart[]> {
  // pdf.js is large: load it only when a page list is wanted.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const starts: PageStart[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const height = page.view[3]!;
      // The text block, in PDF units (points, origin at the bottom), with a little slack.
      const top = height - geometry.marginTopIn * 72 + 4;
      const bottom = geometry.marginBottomIn * 72 - 4;
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items as TextItem[]) {
        if (typeof item.str !== 'string') continue;
        const y = item.transform[5]!;
        if (y > top || y < bottom) continue;
        text += item.str;
        if (item.hasEOL) text += ' ';
        if (text.length > KEEP_CHARS) break;
      }
      starts.push({ page: number, text: text.replace(/\s+/g, ' ').trim() });
      page.cleanup();
    }
    return starts;
  } finally {
    await document.destroy();
  }
}
