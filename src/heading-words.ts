/**
 * A heading's words, shared by the reader (its id) and the e-book (its
 * contents entry): its text without its notes' calls, "Budget 2024", not
 * "Budget1 2024". The print's outline takes the same words from its page
 * (src/pdf/cleanup.ts, which also leaves out the link addresses the print
 * adds). An id made from the words is the one an author writes a link to
 * (`#budget-2024`), and it does not change when a note is added or numbered
 * anew.
 */
import type { Element, ElementContent } from 'hast';

/** A note's call: a `sup` holding the link to its note (remark-rehype's GFM footnotes). */
export function isNoteCall(node: ElementContent): node is Element {
  return node.type === 'element' && node.tagName === 'sup' && node.children.some((child) => child.type === 'element' && child.tagName === 'a' && child.properties.dataFootnoteRef !== undefined);
}

/** The words of `node` (a heading), without its notes' calls. */
export function headingWords(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' && !isNoteCall(child) ? headingWords(child) : '')).join('');
}
