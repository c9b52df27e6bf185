/**
 * Print page numbers in the e-book. The PDF edition reports the text each of
 * its pages begins with; here we find that text in the e-book's pages, in
 * reading order, and put an EPUB page-break marker before the word where the
 * printed page begins. Matching is on letters and digits alone, so line-end
 * hyphenation, soft hyphens, quotes and spacing do not get in the way.
 * Characters no shipped face draws are left out on both sides: the PDF prints
 * each as an empty box, and its text then holds one character for a cluster
 * of several (ਅੰਮ੍ਰਿਤਸਰ read back as "ਅੰਮ੍ਰਿਸਰ") or none at all, which no e-book
 * text matches; a page that opens with nothing else is left out of the list.
 */
import type { Element, ElementContent, Root, Text } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';
import type { PrintPagination } from '../print-edition.js';

export interface PagedFile {
  filename: string;
  xhtml: string;
}

export interface PageBreaks {
  files: PagedFile[];
  /** In page order: where the page-list nav points, and the page's number as the print writes it (`label`). */
  pageList: Array<{ page: number; href: string; label: string }>;
  /** Pages whose beginning could not be found (e.g. they start in print-only text). */
  unplaced: number[];
}

const ALNUM = /[\p{L}\p{N}]/u;
/** Enough characters to be unique in an article; short pages fall back to fewer. */
const KEY_LENGTHS = [40, 24, 12];
/** The letters a page's opening must share with where the page before ends, to begin there. */
const CONTINUES_LENGTH = 12;

interface Spot {
  file: number;
  text: Text;
  parent: Element;
  offset: number;
  /** The figure this text is in (its caption or credit), if any. */
  figure?: Element;
  /** The heading this text is in, if any. */
  heading?: Element;
}

const HEADING = /^h[1-6]$/;

/** A figure held back in one of these reads on after it (src/pdf/figures.ts, blocksAfter). */
const LIST_PARTS = new Set(['li', 'ul', 'ol']);

/** The words of the page's opening that the e-book may not have, at most: list and note numbers, print-only labels. */
const MAX_SKIPPED_WORDS = 6;
/**
 * The same, for a whole key of the longest length after words the e-book has
 * earlier, all together: a page may open with a table's header, repeated
 * there by print (a dozen columns, a few words each), which the e-book has
 * once, where the table begins. Words it does not have earlier (a list's
 * print-only numbers among them) are no repeated header.
 */
const MAX_SKIPPED_HEADER_WORDS = 40;

/**
 * Where, from `cursor` on, the e-book's letter stream holds the text a
 * printed page opens with; -1 when it does not. The longest key that is
 * found wins. A page's first words may be print-only (the "3." Chromium draws
 * for a numbered list or a note, a label the e-book does not show): then the
 * search starts a word later, and the marker goes to the first word the
 * e-book has (or to an earlier one, when the skipped words are there after all).
 * The skipped words may stand before a heading the print does not set there
 * (the e-book's colophon opens with one, the print's does not): then the
 * page opens with them, before the heading. `headingBefore(index)` is where
 * a heading that ends just before `index` begins (`index` when none does).
 */
export function findPageStart(
  stream: string,
  pageText: string,
  cursor: number,
  isWordStart: (index: number) => boolean = () => true,
  headingBefore: (index: number) => number = (index) => index,
  unshown: ReadonlySet<string> = NONE,
): number {
  const words = pageText
    .normalize('NFC')
    .split(/\s+/)
    .map((word) => lettersOf(word, unshown))
    .filter((word) => word !== '');
  // Letters run on across words and elements: "3theinsurers" is also in "…in 2023</li><li>The insurers".
  // A page opens at a word, so a match inside a word counts only when no other is found
  // (a word hyphenated across two pages, which the PDF writer avoids where it can).
  // A whole key of the longest length is looked for first, a few words in
  // if need be; shorter keys only after: a table header repeated at the top
  // of a page ("Station Autumn Spring Change") is in the e-book once, where
  // the table begins, and a shorter key taken from it would find it there, a
  // page early.
  const longest = KEY_LENGTHS[0]!;
  const tries: Array<{ wholeWords: boolean; lengths: number[]; whole: boolean; skips: number }> = [
    { wholeWords: true, lengths: [longest], whole: true, skips: MAX_SKIPPED_HEADER_WORDS },
    { wholeWords: true, lengths: KEY_LENGTHS, whole: false, skips: MAX_SKIPPED_WORDS },
    { wholeWords: false, lengths: KEY_LENGTHS, whole: false, skips: MAX_SKIPPED_WORDS },
  ];
  for (const { wholeWords, lengths, whole, skips } of tries) {
    for (let skip = 0; skip <= Math.min(skips, words.length - 1); skip++) {
      const wanted = words.slice(skip).join('');
      for (const length of lengths) {
        if (wanted.length < (whole ? length : Math.min(length, 8))) break;
        const key = wanted.slice(0, length);
        let found = stream.indexOf(key, cursor);
        while (wholeWords && found >= 0 && !isWordStart(found)) found = stream.indexOf(key, found + 1);
        if (found < 0) continue;
        if (skip > MAX_SKIPPED_WORDS) {
          const repeated = words.slice(0, skip).join('');
          const earlier = stream.lastIndexOf(repeated, found - 1);
          if (earlier < 0 || earlier + repeated.length >= found) continue;
        }
        let start = found;
        const wordBefore = (end: number, word: string): boolean =>
          end - word.length >= cursor && stream.slice(end - word.length, end) === word && isWordStart(end - word.length);
        // One heading may stand between the skipped words and the rest.
        let overHeading = true;
        for (let back = skip - 1; back >= 0; back--) {
          const word = words[back]!;
          if (!wordBefore(start, word)) {
            const beforeHeading = overHeading ? headingBefore(start) : start;
            if (beforeHeading === start || !wordBefore(beforeHeading, word)) break;
            start = beforeHeading;
          }
          overHeading = false;
          start -= word.length;
        }
        return start;
      }
    }
  }
  return -1;
}

/** Tails of a page's last letters to look for, longest first. */
const END_LENGTHS = [Infinity, 96, 48, 24];

/**
 * Where, from `from` on, the letters a printed page ends with end in the
 * stream; -1 when they are not found. The longest tail that is found wins: a
 * short one may stand earlier too, in an article that repeats its phrases
 * (the note numbers in a longer one tell them apart).
 */
function pageEnd(stream: string, end: string, from: number): number {
  for (const length of END_LENGTHS) {
    const tail = end.slice(-Math.min(length, end.length));
    if (tail.length < 8 || (length !== Infinity && tail.length < length)) continue;
    const at = stream.indexOf(tail, from);
    if (at >= 0) return at + tail.length;
  }
  return -1;
}

/** The figure whose first printed letter (its caption's) is at `index`, if any. */
function figureOpenedAt(spot: Spot, index: number, spots: Spot[]): Element | undefined {
  if (!spot.figure) return undefined;
  return index === 0 || spots[index - 1]!.figure !== spot.figure ? spot.figure : undefined;
}

function marker(page: number, label: string): Element {
  return {
    type: 'element',
    name: 'span',
    attributes: { 'epub:type': 'pagebreak', role: 'doc-pagebreak', id: `page-${page}`, 'aria-label': label },
    children: [],
  };
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Elements whose text is their name to a screen reader: a marker inside one
 * lends it its label ("1 The tide gauge…" in the list of headings, "2 Month"
 * as the header of every cell under it, a link read as its page number).
 * The marker goes before the element instead; a table's header cell or
 * caption, before the table (nothing else may stand between its rows).
 */
const NAMED_BY_TEXT = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'th', 'caption']);
const TABLE_PARTS = new Set(['tr', 'thead', 'tbody', 'tfoot', 'table']);

function isMarker(node: ElementContent | Root['children'][number]): node is Element {
  return node.type === 'element' && node.attributes['epub:type'] === 'pagebreak';
}

/** Moves each marker out of the elements named by their text; returns those `parent` itself must hand to its own parent. */
function liftMarkers(parent: Element | Root, inside = false): Element[] {
  const handed: Element[] = [];
  const lifts = inside || (parent.type === 'element' && NAMED_BY_TEXT.has(parent.name));
  for (let index = 0; index < parent.children.length; index++) {
    const child = parent.children[index]!;
    if (child.type !== 'element') continue;
    if (isMarker(child)) {
      if (!lifts) continue;
      parent.children.splice(index--, 1);
      handed.push(child);
      continue;
    }
    const out = liftMarkers(child, lifts);
    if (out.length === 0) continue;
    if (lifts || (parent.type === 'element' && TABLE_PARTS.has(parent.name))) {
      handed.push(...out);
    } else {
      parent.children.splice(index, 0, ...out);
      index += out.length;
    }
  }
  return handed;
}

/**
 * Elements a screen reader also reads whole, with the label of a marker in
 * them: a data cell ("2 Station Q12", in a column of figures a number that
 * is not there), a figure's caption, and a defined term, named by its words
 * as a heading is ("2 Frazil"). A page that opens with a figure is marked
 * before it; one that begins inside a cell, a caption or a term (a table or
 * a glossary running on over pages) is marked there, where "go to page" should land,
 * and the marker is hidden from the accessibility tree (`aria-hidden`): it
 * stays the page list's target and keeps its label for reading systems, and
 * is no longer read into the words around it. Nothing else may stand
 * between a table's rows, nor between a list's terms and definitions.
 */
const READ_WHOLE = new Set(['td', 'figcaption', 'dt']);

/** Hides each marker inside an element read whole (READ_WHOLE). */
function hideMarkers(parent: Element | Root, inside = false): void {
  for (const child of parent.children) {
    if (child.type !== 'element') continue;
    if (child.attributes['epub:type'] === 'pagebreak') {
      if (inside) child.attributes['aria-hidden'] = 'true';
    } else hideMarkers(child, inside || READ_WHOLE.has(child.name));
  }
}

function lettersOf(text: string, unshown: ReadonlySet<string> = NONE): string {
  let out = '';
  for (const char of text.normalize('NFC')) if (ALNUM.test(char) && !unshown.has(char)) out += char.toLowerCase();
  return out;
}

function isHidden(element: Element): boolean {
  return element.attributes.hidden !== undefined || /\bsr-only\b/.test(element.attributes.class ?? '') || element.name === 'head';
}

/** The first element inside the page's <body>: where a marker for a page without text goes. */
function firstElementInBody(tree: Root | undefined): Element | undefined {
  const find = (parent: Element | Root, name: string): Element | undefined => {
    for (const child of parent.children) if (child.type === 'element' && (name === '*' || child.name === name)) return child;
    return undefined;
  };
  const html = tree && find(tree, 'html');
  const body = html && find(html, 'body');
  return body && (find(body, '*') ?? body);
}

/**
 * `unshown`: the characters no shipped face draws (the document's `uncovered`). `label`: a page's number as the
 * print's folio writes it, in the article's digits (a Persian page ۲, not 2): what a reading app says and shows
 * for the page, which is to match the printed page's.
 */
export function insertPageBreaks(files: PagedFile[], pagination: PrintPagination, unshown: ReadonlySet<string> = NONE, label: (page: number) => string = String): PageBreaks {
  const markerOf = (page: number): Element => marker(page, label(page));
  const letters = (text: string): string => lettersOf(text, unshown);
  const trees: Root[] = files.map((file) => fromXml(file.xhtml));
  let stream = '';
  const spots: Spot[] = [];
  const parents = new Map<Element, Element | Root>();
  // The letters in the order print sets them: a figure the print edition set
  // later (after the text that filled the page it did not fit on) is read
  // after those blocks, though the e-book keeps it where the manuscript puts it.
  const moves = new Map((pagination.figureMoves ?? []).map((move) => [move.figureId, move.after]));
  trees.forEach((tree, file) => {
    const walkNode = (child: ElementContent | Root['children'][number], parent: Element | Root, figure: Element | undefined, heading: Element | undefined): void => {
      if (child.type === 'element' && !isHidden(child)) {
        parents.set(child, parent);
        walk(child, child.name === 'figure' ? child : figure, heading ?? (HEADING.test(child.name) ? child : undefined));
      } else if (child.type === 'text' && parent.type === 'element') {
        const value = child.value.normalize('NFC');
        child.value = value;
        let offset = 0;
        for (const char of value) {
          if (ALNUM.test(char) && !unshown.has(char)) {
            const lower = char.toLowerCase();
            for (let i = 0; i < lower.length; i++) spots.push({ file, text: child, parent, offset, ...(figure ? { figure } : {}), ...(heading ? { heading } : {}) });
            stream += lower;
          }
          offset += char.length;
        }
      }
    };
    // Figures held back past the end of the list item they stand in (the print edition read on into the items after it, src/pdf/figures.ts blocksAfter): each with the blocks still to read before it.
    let carried: Array<{ element: Element; left: number }> = [];
    const walk = (parent: Element | Root, figure: Element | undefined, heading: Element | undefined): void => {
      // Figures held back: each with the number of blocks still to read before it.
      const held: Array<{ element: Element; left: number }> = [];
      const release = (): void => {
        for (const waiting of held.filter((waiting) => waiting.left <= 0)) {
          held.splice(held.indexOf(waiting), 1);
          // Its own parent (a figure carried out of its list item stays in it): a marker before it goes there.
          walkNode(waiting.element, parents.get(waiting.element) ?? parent, figure, heading);
        }
      };
      for (const child of parent.children) {
        const after = child.type === 'element' && child.name === 'figure' ? moves.get(child.attributes.id ?? '') : undefined;
        if (after !== undefined && after > 0) {
          parents.set(child as Element, parent);
          // A figure of a run moved as one (src/pdf/figures.ts, runShifts) is one of the blocks the figures held before it pass.
          for (const waiting of held) waiting.left--;
          held.push({ element: child as Element, left: after });
          release();
          continue;
        }
        walkNode(child, parent, figure, heading);
        if (child.type === 'element') {
          for (const waiting of held) waiting.left--;
          // Figures carried out of the element just read (a list item, a list) count the blocks after it here.
          held.push(...carried.splice(0));
          release();
        }
      }
      // The parent ended first: the figures come at its end, or in a list, after the blocks that follow its item.
      if (parent.type === 'element' && LIST_PARTS.has(parent.name)) carried = held.splice(0);
      for (const waiting of held.splice(0)) walkNode(waiting.element, parents.get(waiting.element) ?? parent, figure, heading);
    };
    walk(tree, undefined, undefined);
  });

  const insertions = new Map<Text, Array<{ offset: number; page: number; parent: Element }>>();
  const beforeFigure = new Map<Element, number[]>();
  const pageList: PageBreaks['pageList'] = [];
  const unplaced: number[] = [];
  // Where each printed page begins in the letters, in print order.
  const starts: Array<{ page: number; found: number; end: string }> = [];
  // Pages with no text before the first that has some (a collection's cover):
  // marked at the start of the e-book's first page, which is its cover.
  const leading: number[] = [];
  let cursor = 0;
  // Where the page before ends in the letters, when its last words are found there.
  let previousEnd = -1;
  // Pages with no text after one that has some: a long picture running on over
  // pages. Each is marked where the next page with text is (before the figure
  // whose caption that page opens with).
  let blank: number[] = [];
  for (const { page, text, end } of pagination.pages) {
    if (starts.length === 0 && unplaced.length === 0 && letters(text) === '') {
      leading.push(page);
      continue;
    }
    if (letters(text) === '') {
      // A page whose text is all boxes (a script no shipped face draws; Tibetan read back as NULs) is left out, as below.
      if (unshown.size > 0 && text.trim() !== '') continue;
      blank.push(page);
      continue;
    }
    // A page goes on where the one before ends: when its first letters are
    // there, that is where it begins, though the same words, a few words in,
    // may stand later too (the print's colophon has no heading; a line that
    // mixes right-to-left and left-to-right words is read back in the order
    // it is drawn).
    const opening = letters(text);
    const goesOn = previousEnd >= cursor && opening.length > 0 && stream.startsWith(opening.slice(0, CONTINUES_LENGTH), previousEnd);
    const found = goesOn ? previousEnd : findPageStart(
      stream,
      text,
      cursor,
      (index) => {
        const spot = spots[index]!;
        return spot.offset === 0 || !ALNUM.test(spot.text.value[spot.offset - 1]!);
      },
      (index) => {
        const heading = index > 0 ? spots[index - 1]!.heading : undefined;
        if (!heading || spots[index]?.heading === heading) return index;
        let begins = index - 1;
        while (begins > 0 && spots[begins - 1]!.heading === heading) begins--;
        return begins;
      },
      unshown,
    );
    // A page that opens with boxes alone cannot be found; the build has told of the boxes.
    if (found < 0 && opening === '' && unshown.size > 0) continue;
    if (found < 0) {
      unplaced.push(...blank, page);
      blank = [];
      previousEnd = -1;
      continue;
    }
    previousEnd = pageEnd(stream, letters(end ?? ''), found);
    cursor = found + 1;
    for (const before of blank) starts.push({ page: before, found, end: '' });
    blank = [];
    starts.push({ page, found, end: letters(end ?? '') });
  }
  unplaced.push(...blank);
  starts.forEach(({ page, found, end }, index) => {
    const spot = spots[found]!;
    // A page that opens with a figure opens with its picture: the printed text
    // begins with the caption, but the marker stands before the figure. A
    // figure print set later stands earlier in the e-book, among text printed
    // on the pages before: that page is marked where its text goes on after
    // the figure (unless the page holds nothing else).
    let figure = figureOpenedAt(spot, found, spots);
    let at = spot;
    if (figure && moves.has(figure.attributes.id ?? '')) {
      const after = spots.findIndex((candidate, i) => i > found && candidate.figure !== figure);
      const nextPage = starts[index + 1]?.found ?? stream.length;
      // Where the page ends: in the figure when the page holds nothing else.
      const tail = end.slice(-24);
      const ends = tail.length >= 8 ? stream.indexOf(tail, found) : -1;
      const figureOnly = ends >= 0 ? spots[ends]!.figure === figure : after >= nextPage;
      if (after >= 0 && !figureOnly) {
        at = spots[after]!;
        // The text goes on with another figure's caption: the page goes on with that figure, marked before it.
        figure = figureOpenedAt(at, after, spots);
      }
    }
    pageList.push({ page, href: `${files[at.file]!.filename}#page-${page}`, label: label(page) });
    if (figure && (at === spot || at.figure === figure)) {
      beforeFigure.set(figure, [...(beforeFigure.get(figure) ?? []), page]);
      return;
    }
    // A page that begins inside a word (after line-end hyphenation) is marked before the word.
    let offset = at.offset;
    while (offset > 0 && !/\s/.test(at.text.value[offset - 1]!)) offset--;
    const list = insertions.get(at.text) ?? [];
    list.push({ offset, page, parent: at.parent });
    insertions.set(at.text, list);
  });

  if (leading.length > 0) {
    const first = firstElementInBody(trees[0]);
    if (first) {
      first.children.unshift(...leading.map(markerOf));
      pageList.unshift(...leading.map((page) => ({ page, href: `${files[0]!.filename}#page-${page}`, label: label(page) })));
    } else {
      unplaced.unshift(...leading);
    }
  }
  for (const [figure, pages] of beforeFigure) {
    const parent = parents.get(figure)!;
    parent.children.splice(parent.children.indexOf(figure), 0, ...pages.map(markerOf));
  }
  for (const [text, list] of insertions) {
    const parent = list[0]!.parent;
    const pieces: ElementContent[] = [];
    let start = 0;
    for (const { offset, page } of list.sort((a, b) => a.offset - b.offset)) {
      if (offset > start) pieces.push({ type: 'text', value: text.value.slice(start, offset) });
      pieces.push(markerOf(page));
      start = offset;
    }
    if (start < text.value.length) pieces.push({ type: 'text', value: text.value.slice(start) });
    parent.children.splice(parent.children.indexOf(text), 1, ...pieces);
  }

  for (const tree of trees) {
    liftMarkers(tree);
    hideMarkers(tree);
  }

  return {
    files: files.map((file, index) => ({ filename: file.filename, xhtml: pageList.length > 0 ? toXml(trees[index]!, { closeEmptyElements: true }) : file.xhtml })),
    pageList,
    unplaced,
  };
}
