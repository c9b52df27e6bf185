/**
 * Columns of short cells, for both editions. The browser's table layout
 * gives a column room in proportion to its longest cell, so a column of
 * two-word cells beside one of long phrases was broken into two lines a
 * cell ("Station / Q16") while the gap to the next column stood empty, and
 * every row took two lines. Each writer keeps the cells of such columns on
 * one line, the narrowest columns first, as long as they leave the other
 * columns most of its measure (the print page's, a phone's screen).
 */
import type { Element, ElementContent } from 'hast';
import { TEXT_FACE_AVERAGE_ADVANCE_EM } from './typefaces.js';

/** A cell of at most this many characters and `SHORT_CELL_WORDS` words is short: "Station Q16", "12.5", "2 May". */
const SHORT_CELL_CHARACTERS = 20;
const SHORT_CELL_WORDS = 3;
/** The columns kept on one line take at most this share of the measure, so that the others keep room to wrap in. */
const UNBROKEN_SHARE = 0.7;

export interface TableMeasure {
  /** The table's type size, in the unit of `measure`. */
  em: number;
  /** The width the table is set in. */
  measure: number;
  /** The gap after a column, in ems of the table's type. */
  gapEm: number;
}

function isElement(node: ElementContent): node is Element {
  return node.type === 'element';
}

function plainText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return isElement(node) ? node.children.map(plainText).join('') : '';
}

/** The rows of a table, each marked whether it is in its header. */
function tableRows(table: Element): Array<{ row: Element; head: boolean }> {
  const rows: Array<{ row: Element; head: boolean }> = [];
  const collect = (node: Element, head: boolean): void => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (child.tagName === 'tr') rows.push({ row: child, head });
      else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') collect(child, child.tagName === 'thead');
    }
  };
  collect(table, false);
  return rows;
}

/** The rows of a table's body (not its header: a header of two words over a column of figures may wrap). */
export function bodyRows(table: Element): Element[] {
  return tableRows(table).filter(({ head }) => !head).map(({ row }) => row);
}

export interface TableColumn {
  /** The column's body cells. */
  cells: Element[];
  /** Its longest body cell, in characters. */
  longest: number;
  /** Its longest word, header included (colspans left out): the narrowest it can be without breaking a word. */
  longestWord: number;
  /** Every body cell is short. */
  short: boolean;
  /** Its cells are kept on one line (short, and within the measure's share). */
  unbroken: boolean;
}

/** A table's columns: what they hold, and which to keep on one line (those whose every cell is short, that fit the measure's share). */
export function tableColumns(table: Element, { em, measure, gapEm }: TableMeasure): TableColumn[] {
  const columns = new Map<number, TableColumn>();
  for (const { row, head } of tableRows(table)) {
    row.children.filter(isElement).filter((cell) => cell.tagName === 'td' || cell.tagName === 'th').forEach((cell, index) => {
      const text = plainText(cell).replace(/\u00AD/g, '').trim().replace(/\s+/g, ' ');
      const column = columns.get(index) ?? { cells: [], longest: 0, longestWord: 0, short: true, unbroken: false };
      // The header's words count for the column's narrowest width, not for whether its cells are short.
      if (!head) {
        column.cells.push(cell);
        column.longest = Math.max(column.longest, [...text].length);
        if ([...text].length > SHORT_CELL_CHARACTERS || text.split(' ').length > SHORT_CELL_WORDS || cell.properties.colSpan !== undefined) column.short = false;
      }
      if (cell.properties.colSpan === undefined) column.longestWord = Math.max(column.longestWord, ...text.split(' ').map((word) => [...word].length));
      columns.set(index, column);
    });
  }
  let room = UNBROKEN_SHARE * measure;
  for (const column of [...columns.values()].filter((candidate) => candidate.short && candidate.cells.length > 0).sort((a, b) => a.longest - b.longest)) {
    const width = (column.longest * TEXT_FACE_AVERAGE_ADVANCE_EM + gapEm) * em;
    if (width > room) break;
    room -= width;
    column.unbroken = true;
  }
  return [...columns.values()];
}

/** The cells of each body column to keep on one line. */
export function unbrokenColumns(table: Element, measure: TableMeasure): Element[][] {
  return tableColumns(table, measure).filter((column) => column.unbroken).map((column) => column.cells);
}
