/**
 * Print page numbers in the e-book. The PDF edition reports the text each of
 * its pages begins with; here we find that text in the e-book's pages, in
 * reading order, and put an EPUB page-break marker before the word where the
 * printed page begins. Matching is on letters and digits alone, so line-end
 * hyphenation, soft hyphens, quotes and spacing do not get in the way.
 */
import type { Element, ElementContent, Root, Text } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';
import type { PrintPagination } from '../document.js';

export interface PagedFile {
  filename: string;
  xhtml: string;
}

export interface PageBreaks {
  files: PagedFile[];
  /** In page order: where the page-list nav points. */
  pageList: Array<{ page: number; href: string }>;
  /** Pages whose beginning could not be found (e.g. they start in print-only text). */
  unplaced: number[];
}

const ALNUM = /[\p{L}\p{N}]/u;
/** Enough characters to be unique in an article; short pages fall back to fewer. */
const KEY_LENGTHS = [40, 24, 12];

interface Spot {
  file: number;
  text: Text;
  parent: Element;
  offset: number;
  /** The figure this text is in (its caption or credit), if any. */
  figure?: Element;
}

/** The words of the page's opening that the e-book may not have, at most: list and note numbers, print-only labels. */
const MAX_SKIPPED_WORDS = 6;

/**
 * Where, from `cursor` on, the e-book's letter stream holds the text a
 * printed page opens with; -1 when it does not. The longest key that is
 * found wins. A page's first words may be print-only (the "3." Chromium draws
 * for a numbered list or a note, a label the e-book does not show): then the
 * search starts a word later, and the marker goes to the first word the
 * e-book has (or to an earlier one, when the skipped words are there after all).
 */
export function findPageStart(stream: string, pageText: string, cursor: number, isWordStart: (index: number) => boolean = () => true): number {
  const words = pageText
    .normalize('NFC')
    .split(/\s+/)
    .map(letters)
    .filter((word) => word !== '');
  // Letters run on across words and elements: "3theinsurers" is also in "…in 2023</li><li>The insurers".
  // A page opens at a word, so a match inside a word counts only when no other is found
  // (a word hyphenated across two pages, which the PDF writer avoids where it can).
  for (const wholeWords of [true, false]) {
    for (let skip = 0; skip <= Math.min(MAX_SKIPPED_WORDS, words.length - 1); skip++) {
      const wanted = words.slice(skip).join('');
      for (const length of KEY_LENGTHS) {
        if (wanted.length < Math.min(length, 8)) break;
        const key = wanted.slice(0, length);
        let found = stream.indexOf(key, cursor);
        while (wholeWords && found >= 0 && !isWordStart(found)) found = stream.indexOf(key, found + 1);
        if (found < 0) continue;
        let start = found;
        for (let back = skip - 1; back >= 0; back--) {
          const word = words[back]!;
          if (start - word.length < cursor || stream.slice(start - word.length, start) !== word || !isWordStart(start - word.length)) break;
          start -= word.length;
        }
        return start;
      }
    }
  }
  return -1;
}

/** The figure whose first printed letter (its caption's) is at `index`, if any. */
function figureOpenedAt(spot: Spot, index: number, spots: Spot[]): Element | undefined {
  if (!spot.figure) return undefined;
  return index === 0 || spots[index - 1]!.figure !== spot.figure ? spot.figure : undefined;
}

function marker(page: number): Element {
  return {
    type: 'element',
    name: 'span',
    attributes: { 'epub:type': 'pagebreak', role: 'doc-pagebreak', id: `page-${page}`, 'aria-label': String(page) },
    children: [],
  };
}

function letters(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) if (ALNUM.test(char)) out += char.toLowerCase();
  return out;
}

function isHidden(element: Element): boolean {
  return element.attributes.hidden !== undefined || /\bsr-only\b/.test(element.attributes.class ?? '') || element.name === 'head';
}

export function insertPageBreaks(files: PagedFile[], pagination: PrintPagination): PageBreaks {
  const trees: Root[] = files.map((file) => fromXml(file.xhtml));
  let stream = '';
  const spots: Spot[] = [];
  const parents = new Map<Element, Element | Root>();
  trees.forEach((tree, file) => {
    const walk = (parent: Element | Root, figure: Element | undefined): void => {
      for (const child of parent.children) {
        if (child.type === 'element' && !isHidden(child)) {
          parents.set(child, parent);
          walk(child, child.name === 'figure' ? child : figure);
        } else if (child.type === 'text' && parent.type === 'element') {
          const value = child.value.normalize('NFC');
          child.value = value;
          let offset = 0;
          for (const char of value) {
            if (ALNUM.test(char)) {
              const lower = char.toLowerCase();
              for (let i = 0; i < lower.length; i++) spots.push({ file, text: child, parent, offset, ...(figure ? { figure } : {}) });
              stream += lower;
            }
            offset += char.length;
          }
        }
      }
    };
    walk(tree, undefined);
  });

  const insertions = new Map<Text, Array<{ offset: number; page: number; parent: Element }>>();
  const beforeFigure = new Map<Element, number[]>();
  const pageList: PageBreaks['pageList'] = [];
  const unplaced: number[] = [];
  let cursor = 0;
  for (const { page, text } of pagination.pages) {
    const found = findPageStart(stream, text, cursor, (index) => {
      const spot = spots[index]!;
      return spot.offset === 0 || !ALNUM.test(spot.text.value[spot.offset - 1]!);
    });
    if (found < 0) {
      unplaced.push(page);
      continue;
    }
    cursor = found + 1;
    const spot = spots[found]!;
    pageList.push({ page, href: `${files[spot.file]!.filename}#page-${page}` });
    // A page that opens with a figure opens with its picture: the printed text
    // begins with the caption, but the marker stands before the figure.
    const figure = figureOpenedAt(spot, found, spots);
    if (figure) {
      beforeFigure.set(figure, [...(beforeFigure.get(figure) ?? []), page]);
      continue;
    }
    // A page that begins inside a word (after line-end hyphenation) is marked before the word.
    let offset = spot.offset;
    while (offset > 0 && !/\s/.test(spot.text.value[offset - 1]!)) offset--;
    const list = insertions.get(spot.text) ?? [];
    list.push({ offset, page, parent: spot.parent });
    insertions.set(spot.text, list);
  }

  for (const [figure, pages] of beforeFigure) {
    const parent = parents.get(figure)!;
    parent.children.splice(parent.children.indexOf(figure), 0, ...pages.map(marker));
  }
  for (const [text, list] of insertions) {
    const parent = list[0]!.parent;
    const pieces: ElementContent[] = [];
    let start = 0;
    for (const { offset, page } of list.sort((a, b) => a.offset - b.offset)) {
      if (offset > start) pieces.push({ type: 'text', value: text.value.slice(start, offset) });
      pieces.push(marker(page));
      start = offset;
    }
    if (start < text.value.length) pieces.push({ type: 'text', value: text.value.slice(start) });
    parent.children.splice(parent.children.indexOf(text), 1, ...pieces);
  }

  return {
    files: files.map((file, index) => ({ filename: file.filename, xhtml: pageList.length > 0 ? toXml(trees[index]!, { closeEmptyElements: true }) : file.xhtml })),
    pageList,
    unplaced,
  };
}
