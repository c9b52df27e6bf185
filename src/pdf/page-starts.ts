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

/** A piece's strength in the bidirectional algorithm: a right-to-left word, a left-to-right word or number, or neutral (spaces, punctuation). */
function strength(item: TextPiece): 'rtl' | 'ltr' | 'neutral' {
  if (item.dir === 'rtl') return 'rtl';
  return /\p{L}|\p{N}/u.test(item.str) ? 'ltr' : 'neutral';
}

/**
 * Which way a page's paragraphs run, when the document does not say: right
 * to left when most of the letters in its text block are written so. Never
 * line by line: a Hebrew note's line may hold more Latin letters (a URL)
 * than Hebrew ones, and still reads from the right.
 */
function pageDirection(lines: TextPiece[][]): 'rtl' | 'ltr' {
  let rtl = 0;
  let ltr = 0;
  for (const item of lines.flat()) {
    const letters = item.str.match(/\p{L}/gu)?.length ?? 0;
    if (item.dir === 'rtl') rtl += letters;
    else ltr += letters;
  }
  return rtl > ltr ? 'rtl' : 'ltr';
}

/**
 * A line's text in reading order. pdf.js gives a line's pieces as they are
 * printed, left to right (a list's or a note's number, drawn first, may come
 * first wherever it stands): each right-to-left word in reading order, the
 * words of a right-to-left run last to first. Reading order comes back as the
 * Unicode bidirectional algorithm's levels undone (UAX #9, rule L2 in
 * reverse): on a right-to-left page a line is level 1, a run of left-to-right
 * words and numbers in it (a name, a URL, "12") level 2; on a left-to-right
 * page a run of right-to-left words is level 1. Neutral pieces between two
 * runs of one level take it, others the line's. Then the runs of level 1 and
 * up are turned round, and those of level 2.
 */
function logicalLine(items: TextPiece[], direction: 'rtl' | 'ltr'): string {
  if (!items.some((item) => item.dir === 'rtl')) return items.map((item) => item.str).join('');
  const visual = [...items].sort((a, b) => a.x - b.x);
  const base = direction === 'rtl' ? 1 : 0;
  const strongLevel = (item: TextPiece): number | undefined => {
    const kind = strength(item);
    if (kind === 'neutral') return undefined;
    if (direction === 'rtl') return kind === 'rtl' ? 1 : 2;
    return kind === 'rtl' ? 1 : 0;
  };
  const levels = visual.map(strongLevel);
  for (let i = 0; i < visual.length; i++) {
    if (levels[i] !== undefined) continue;
    let j = i;
    while (j < visual.length && levels[j] === undefined) j++;
    const before = i > 0 ? levels[i - 1] : base;
    const after = j < visual.length ? levels[j] : base;
    const level = before === after ? before! : base;
    for (let k = i; k < j; k++) levels[k] = level;
  }
  const order = visual.map((item, i) => ({ item, level: levels[i]! }));
  const highest = Math.max(...order.map(({ level }) => level));
  for (let level = 1; level <= highest; level++) {
    for (let i = 0; i < order.length; ) {
      if (order[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && order[j]!.level >= level) j++;
      order.splice(i, j - i, ...order.slice(i, j).reverse());
      i = j;
    }
  }
  return order.map(({ item }) => item.str).join('');
}

/** Which way the paragraphs of a page (1-based) run, when the document says: its own direction, or in a collection its article's. */
export type PageDirections = (page: number) => 'rtl' | 'ltr' | undefined;

/**
 * Where each page begins and ends, and its lines, from the text of its pages.
 * `directions` gives each page's paragraph direction where the document
 * knows it; elsewhere most of the page's letters decide.
 */
export function printedPages(pages: PageText[], geometry: PageGeometry, directions: PageDirections = () => undefined): PrintedPage[] {
  return pages.map(({ height, items }, index) => {
    // The text block, in PDF units (points, origin at the bottom), with a little slack.
    const top = height - geometry.marginTopIn * 72 + 4;
    const bottom = geometry.marginBottomIn * 72 - 4;
    const pieces: TextPiece[][] = [];
    let line: TextPiece[] = [];
    for (const item of items) {
      if (item.y > top || item.y < bottom) continue;
      line.push(item);
      if (item.hasEOL) {
        pieces.push(line);
        line = [];
      }
    }
    pieces.push(line);
    const direction = directions(index + 1) ?? pageDirection(pieces);
    const lines = pieces.map((pieceLine) => logicalLine(pieceLine, direction));
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
