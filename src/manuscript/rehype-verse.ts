/**
 * A poem or a song's lyrics is written as stanzas of lines broken by hand
 * (a backslash or two spaces at the end of each line), one stanza a
 * paragraph. Set as prose, each stanza after the first opened with an indent
 * and touched the one before it, so the stanzas ran together. A paragraph
 * whose lines are broken by hand gets the class `verse`: both editions set
 * it flush, unjustified and unhyphenated, with a line's space between
 * stanzas (templates/print/print.css, templates/epub/style.css).
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export default function rehypeGalleyVerse() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p' || !node.children.some((child) => child.type === 'element' && child.tagName === 'br')) return;
      const names = Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
      if (!names.includes('verse')) node.properties.className = [...names, 'verse'];
    });
  };
}
