/**
 * GFM tables give cells an `align` attribute, which XHTML5 (and so EPUB)
 * rejects. A class says the same and leaves the look to the templates' CSS.
 *
 * A column of figures (counts, amounts, shares, scores: see
 * table-columns.ts) is set as a typesetter sets it, its cells marked
 * `figures` (tabular figures, each digit as wide as any other) and, unless
 * the author aligned the column, `align-right` with its header: the units
 * stand under the units, where flush left set "1 204" beside "98" ragged.
 * A class rather than a style, in both editions: calibre's AZW3 keeps a
 * class's rule.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { figureColumns } from '../table-columns.js';

function classesOf(node: Element): string[] {
  return Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
}

function addClass(node: Element, name: string): void {
  const classes = classesOf(node);
  if (!classes.includes(name)) node.properties.className = [...classes, name];
}

export default function rehypeGalleyTableAlign() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
        node.properties.className = [...classesOf(node), `align-${node.properties.align}`];
        delete node.properties.align;
      }
    });
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'table') return;
      for (const cells of figureColumns(node)) {
        // The author's alignment, where a cell of the column has one, wins.
        const aligned = cells.some((cell) => classesOf(cell).some((name) => name.startsWith('align-')));
        for (const cell of cells) {
          addClass(cell, 'figures');
          if (!aligned) addClass(cell, 'align-right');
        }
      }
    });
  };
}
