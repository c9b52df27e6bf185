/**
 * A table wider than a page can hold would be clipped in print (a
 * 500-column table lost all but about 25 columns). Tables of more than
 * WIDE columns are marked `wide` (the templates set them in smaller type,
 * fitted to the page, their words hyphenated or broken where they must); tables of more than
 * SPLIT columns are split into several tables of at most SPLIT columns, each
 * repeating the first column so that every row keeps its label. The author is
 * warned. Tables with merged cells (colspan, rowspan) are only marked.
 */
import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from './diagnostics.js';

/** Above this many columns a table is set small. */
export const WIDE = 6;
/** At most this many columns per table, the repeated first one included. */
export const SPLIT = 10;

function elements(node: Element): Element[] {
  return node.children.filter((child): child is Element => child.type === 'element');
}

function rowsOf(table: Element): Element[] {
  return elements(table).flatMap((part) => (part.tagName === 'tr' ? [part] : elements(part).filter((row) => row.tagName === 'tr')));
}

function isCell(node: Element): boolean {
  return node.tagName === 'td' || node.tagName === 'th';
}

function addClass(node: Element, name: string): void {
  const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
  if (!classes.includes(name)) node.properties.className = [...classes, name];
}

/** The table with only the columns in `keep` (indices), in order. */
function slice(table: Element, keep: number[]): Element {
  const copy = (node: Element): Element => ({
    ...node,
    properties: { ...node.properties },
    children: node.children.flatMap((child): ElementContent[] => {
      if (child.type !== 'element') return [child];
      if (child.tagName === 'tr') {
        const cells = elements(child).filter(isCell);
        return [{ ...child, properties: { ...child.properties }, children: keep.flatMap((index) => (cells[index] ? [structuredClone(cells[index])] : [])) }];
      }
      return [copy(child)];
    }),
  });
  return copy(table);
}

export default function rehypeGalleyWideTables() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'table') return undefined;
      const rows = rowsOf(node);
      const cells = rows.flatMap((row) => elements(row).filter(isCell));
      const columns = Math.max(0, ...rows.map((row) => elements(row).filter(isCell).length));
      if (columns <= WIDE) return SKIP;
      addClass(node, 'wide');
      const merged = cells.some((cell) => Number(cell.properties.colSpan ?? 1) > 1 || Number(cell.properties.rowSpan ?? 1) > 1);
      if (columns <= SPLIT || merged || !parent || index === undefined) {
        warn(file, `table with ${columns} columns: set in smaller type to fit the page; a table of up to ${WIDE} columns reads better`, node, 'table-wide');
        return SKIP;
      }
      const parts: Element[] = [];
      for (let start = 1; start < columns; start += SPLIT - 1) {
        const keep = [0];
        for (let column = start; column < Math.min(columns, start + SPLIT - 1); column++) keep.push(column);
        parts.push(slice(node, keep));
      }
      parts.forEach((part, k) => {
        if (k > 0) delete part.properties.id;
        addClass(part, 'split');
      });
      warn(file, `table with ${columns} columns: split into ${parts.length} tables of up to ${SPLIT} columns (each repeats the first) so that nothing is cut off the page; consider restructuring it`, node, 'table-wide');
      parent.children.splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });
  };
}
