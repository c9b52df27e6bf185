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
 *
 * A note called after a figure ("3[^n]") hangs past the figure's column,
 * as in a typeset table: its no-break space and number go in a box of no
 * width (`span.note-hang`), so that "3" stands under the units of "12"
 * rather than a space and a number to their left. The column's cells are
 * marked `hangs`: the last column keeps room for the number.
 *
 * Figures with fewer decimals than the column's others are given the zeros
 * (and the decimal mark) they lack, hidden (`span.figure-pad`, and
 * `aria-hidden`), so that their marks stand under the others' ("6.5" under
 * "7.25"); a reading app that showed them would show the same figure.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { decimalMark, decimalPads, figureColumns } from '../table-columns.js';
import { isNoteCall, lastText, NOTE_CALL_SPACE } from './rehype-notes.js';

function classesOf(node: Element): string[] {
  return Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
}

function addClass(node: Element, name: string): void {
  const classes = classesOf(node);
  if (!classes.includes(name)) node.properties.className = [...classes, name];
}

/** Puts the note calls that end a cell, and the no-break space before them, in a box of no width. Whether it did. */
function hangNoteCalls(cell: Element): boolean {
  let first = cell.children.length;
  while (first > 0 && isNoteCall(cell.children[first - 1]!)) first -= 1;
  if (first === cell.children.length || first === 0) return false;
  const calls = cell.children.splice(first);
  const before = lastText(cell.children[first - 1]!);
  const space = before?.value.endsWith(NOTE_CALL_SPACE) ? NOTE_CALL_SPACE : '';
  if (before && space) before.value = before.value.slice(0, -space.length);
  cell.children.push({ type: 'element', tagName: 'span', properties: { className: ['note-hang'] }, children: [...(space ? [{ type: 'text' as const, value: space }] : []), ...calls] });
  return true;
}

/**
 * Sets `pad` hidden right after the last digit of the cell's figure; after the
 * box of no width of a note call that follows the figure, so that the call
 * stands against its figure ("1²" beside "1,4", not "1   ²") and the figure
 * still lines up on the mark.
 */
function padFigure(cell: Element, pad: string): void {
  let found: { parent: Element; index: number; at: number } | undefined;
  const walk = (node: Element): void => {
    if (node.tagName === 'sup' || classesOf(node).includes('note-hang')) return;
    node.children.forEach((child, index) => {
      if (child.type === 'element') walk(child);
      else if (child.type === 'text') {
        const digits = [...child.value.matchAll(/\p{Nd}/gu)];
        const last = digits[digits.length - 1];
        if (last?.index !== undefined) found = { parent: node, index, at: last.index + last[0].length };
      }
    });
  };
  walk(cell);
  if (!found) return;
  const text = found.parent.children[found.index] as Text;
  const padding: Element = { type: 'element', tagName: 'span', properties: { className: ['figure-pad'], ariaHidden: 'true' }, children: [{ type: 'text', value: pad }] };
  const rest = text.value.slice(found.at);
  text.value = text.value.slice(0, found.at);
  const next = found.parent.children[found.index + 1];
  const hung = !rest && next?.type === 'element' && classesOf(next).includes('note-hang');
  found.parent.children.splice(found.index + (hung ? 2 : 1), 0, padding, ...(rest ? [{ type: 'text' as const, value: rest }] : []));
}

export default function rehypeGalleyTableAlign() {
  return (tree: Root, file: VFile): void => {
    // Asked of ICU only for a table with a column of figures (its first number format costs a few ms of a run).
    let mark: string | undefined;
    const markOf = (): string => (mark ??= decimalMark(file.data.frontMatter?.language ?? 'en'));
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
        // Calls hang only past a figure set flush right.
        const hangs = cells.filter((cell) => classesOf(cell).includes('align-right') && hangNoteCalls(cell)).length > 0;
        if (hangs) for (const cell of cells) addClass(cell, 'hangs');
        if (cells.some((cell) => classesOf(cell).includes('align-right'))) for (const [cell, pad] of decimalPads(cells, markOf())) padFigure(cell, pad);
      }
    });
  };
}
