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
  trees.forEach((tree, file) => {
    const walk = (parent: Element | Root): void => {
      for (const child of parent.children) {
        if (child.type === 'element' && !isHidden(child)) walk(child);
        else if (child.type === 'text' && parent.type === 'element') {
          const value = child.value.normalize('NFC');
          child.value = value;
          let offset = 0;
          for (const char of value) {
            if (ALNUM.test(char)) {
              const lower = char.toLowerCase();
              for (let i = 0; i < lower.length; i++) spots.push({ file, text: child, parent, offset });
              stream += lower;
            }
            offset += char.length;
          }
        }
      }
    };
    walk(tree);
  });

  const insertions = new Map<Text, Array<{ offset: number; page: number; parent: Element }>>();
  const pageList: PageBreaks['pageList'] = [];
  const unplaced: number[] = [];
  let cursor = 0;
  for (const { page, text } of pagination.pages) {
    const wanted = letters(text);
    let found = -1;
    for (const length of KEY_LENGTHS) {
      if (wanted.length < Math.min(length, 8)) break;
      found = stream.indexOf(wanted.slice(0, length), cursor);
      if (found >= 0) break;
    }
    if (found < 0) {
      unplaced.push(page);
      continue;
    }
    cursor = found + 1;
    const spot = spots[found]!;
    // A page that begins inside a word (after line-end hyphenation) is marked before the word.
    let offset = spot.offset;
    while (offset > 0 && !/\s/.test(spot.text.value[offset - 1]!)) offset--;
    const list = insertions.get(spot.text) ?? [];
    list.push({ offset, page, parent: spot.parent });
    insertions.set(spot.text, list);
    pageList.push({ page, href: `${files[spot.file]!.filename}#page-${page}` });
  }

  for (const [text, list] of insertions) {
    const parent = list[0]!.parent;
    const pieces: ElementContent[] = [];
    let start = 0;
    for (const { offset, page } of list.sort((a, b) => a.offset - b.offset)) {
      if (offset > start) pieces.push({ type: 'text', value: text.value.slice(start, offset) });
      pieces.push({
        type: 'element',
        name: 'span',
        attributes: { 'epub:type': 'pagebreak', role: 'doc-pagebreak', id: `page-${page}`, 'aria-label': String(page) },
        children: [],
      });
      start = offset;
    }
    if (start < text.value.length) pieces.push({ type: 'text', value: text.value.slice(start) });
    parent.children.splice(parent.children.indexOf(text), 1, ...pieces);
  }

  return {
    files: files.map((file, index) => ({ filename: file.filename, xhtml: insertions.size > 0 ? toXml(trees[index]!, { closeEmptyElements: true }) : file.xhtml })),
    pageList,
    unplaced,
  };
}
