/**
 * The digits an article writes its numbers in. galley writes its own numbers
 * (the date, the notes' calls and numbers, the numbered lists', the figures'
 * and the pages' numbers) in the digits the article's language dates in by
 * default (digitsOf in src/words.ts: CLDR's Persian ۱۴۰۳, Bangla ১৪৩১; 0–9
 * for Arabic `ar`, Urdu and Hindi), unless the text writes its own in other
 * digits: an Arabic article written with ٢٠٢٤ and ٦٢, as Egypt, the Levant
 * and the Gulf write them, had its date, its list's numbers, its notes'
 * calls and its page numbers in 0–9 beside them. The text's digits are
 * counted (code, and the notes' calls, which are galley's, left out); where
 * most of them, and at least `MIN_DIGITS`, are of one numbering system other
 * than the language's, that system is the article's (`file.data.digits`).
 */
import type { Element, Root } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { digitsOf } from '../words.js';

declare module 'vfile' {
  interface DataMap {
    /** The numbering system galley writes its own numbers in (Intl's name: `latn`, `arab`, `arabext`…). */
    digits: string;
  }
}

/** The zero of each numbering system galley can write its numbers in (Intl and CSS counter styles know each). */
const ZEROS: ReadonlyArray<[string, number]> = [
  ['latn', 0x30], ['arab', 0x660], ['arabext', 0x6f0], ['deva', 0x966], ['beng', 0x9e6], ['guru', 0xa66], ['gujr', 0xae6],
  ['orya', 0xb66], ['tamldec', 0xbe6], ['telu', 0xc66], ['knda', 0xce6], ['mlym', 0xd66], ['thai', 0xe50], ['laoo', 0xed0],
  ['tibt', 0xf20], ['mymr', 0x1040], ['khmr', 0x17e0],
];

/** A text needs this many digits of another system than its language's before galley writes its own in them. */
export const MIN_DIGITS = 3;

/** Elements whose digits are not the text's own: code, and the notes' calls and back-links (remark-rehype writes them 0–9). */
const NOT_TEXT = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style']);
const isNotText = (element: Element): boolean =>
  NOT_TEXT.has(element.tagName) || element.properties.dataFootnoteRef !== undefined || element.properties.dataFootnoteBackref !== undefined;

/** The numbering system of `tree`'s text for an article in `language` (see above). */
export function textDigits(tree: Root, language: string): string {
  const own = digitsOf(language);
  const counts = new Map<string, number>();
  visitParents(tree, 'text', (node, ancestors) => {
    if (ancestors.some((ancestor) => ancestor.type === 'element' && isNotText(ancestor))) return;
    for (const [digit] of node.value.matchAll(/\p{Nd}/gu)) {
      const code = digit.codePointAt(0)!;
      const system = ZEROS.find(([, zero]) => code >= zero && code <= zero + 9)?.[0];
      if (system) counts.set(system, (counts.get(system) ?? 0) + 1);
    }
  });
  const [most, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [own, 0];
  return most !== own && count >= MIN_DIGITS && count > (counts.get(own) ?? 0) ? most : own;
}

export default function rehypeGalleyDigits() {
  return (tree: Root, file: VFile): void => {
    file.data.digits = textDigits(tree, file.data.frontMatter?.language ?? 'en');
  };
}
