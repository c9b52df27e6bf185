/**
 * GFM footnotes (made by remark-rehype) get their DPUB-ARIA roles, which both
 * editions need: the EPUB writer derives `epub:type` from them, and the PDF's
 * structure tree gets meaningful tags.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export default function rehypeGalleyNotes() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'a' && node.properties.dataFootnoteRef !== undefined) {
        node.properties.role = 'doc-noteref';
      } else if (node.tagName === 'a' && node.properties.dataFootnoteBackref !== undefined) {
        node.properties.role = 'doc-backlink';
      } else if (node.tagName === 'section' && node.properties.dataFootnotes !== undefined) {
        node.properties.role = 'doc-endnotes';
      }
    });
  };
}
