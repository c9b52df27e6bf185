/**
 * Code reads left to right, in an article written right to left too: a
 * listing (`pre`) and inline code get `dir="ltr"`. Set in the article's
 * direction, a Hebrew guide's listing stood flush right with its comment's
 * "//" moved to the line's end, and an option `--week 12` read "week 12--";
 * the attribute also isolates inline code from the words around it.
 */
import type { Element, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { directionOf } from '../language.js';

export default function rehypeGalleyCodeDirection() {
  return (tree: Root, file?: VFile): void => {
    if (directionOf(file?.data.frontMatter?.language ?? 'en') !== 'rtl') return;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'pre' && node.tagName !== 'code') return undefined;
      node.properties.dir = 'ltr';
      // A listing's own code element takes its direction from the listing.
      return SKIP;
    });
  };
}
