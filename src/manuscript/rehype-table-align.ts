/**
 * GFM tables give cells an `align` attribute, which XHTML5 (and so EPUB)
 * rejects. A class says the same and leaves the look to the templates' CSS.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export default function rehypeGalleyTableAlign() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
        const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
        node.properties.className = [...classes, `align-${node.properties.align}`];
        delete node.properties.align;
      }
    });
  };
}
