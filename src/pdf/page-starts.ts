/**
 * Where each printed page begins: the first words of the text block on every
 * page of a finished PDF, from the text of its pages (./page-text.ts):
 * `printedPages(await pageTexts(pdf), geometry)`.
 * Running heads and folios stand in the page margins, so only text inside the
 * text block counts.
 */
import { wordKey } from './hyphenate.js';
import type { PageGeometry } from './page.js';
import type { PageText, TextPiece } from './page-text.js';

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
