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

/**
 * A phone's screen (CSS pixels) and its text column (the e-book's style.css:
 * the body's margins are 5 % each side), the reading app's type 16 px: what
 * the e-book's tables are reckoned for (src/epub/xhtml.ts, src/hyphenation.ts).
 */
export const PHONE_COLUMN = 360 * 0.9;
export const PHONE_TYPE = 16;

/** A table's type on a phone (style.css): 0.9 of the text's, a row of five cells or more 0.85 of that. */
export function phoneTableType(columns: number): number {
  return PHONE_TYPE * 0.9 * (columns >= 5 ? 0.85 : 1);
}

/** A cell of at most this many characters and `SHORT_CELL_WORDS` words is short: "Station Q16", "12.5", "2 May". */
const SHORT_CELL_CHARACTERS = 20;
const SHORT_CELL_WORDS = 3;
/** The columns kept on one line take at most this share of the measure, so that the others keep room to wrap in. */
const UNBROKEN_SHARE = 0.7;
/**
 * With the columns kept whole, the table at its narrowest (each other column its longest word) takes at most this
 * share of the measure: under 1, since the widths are reckoned from the face's average advance ("Northumberland"
 * is wider than 14 average letters).
 */
const NARROWEST_SHARE = 0.9;

export interface TableMeasure {
  /** The table's type size, in the unit of `measure`. */
  em: number;
  /** The width the table is set in. */
  measure: number;
  /** The gap after a column, in ems of the table's type. */
  gapEm: number;
  /**
   * Keep a column whole only where the others' longest words still fit beside it (print, where nothing narrows
   * the table further: it ran past the measure). The e-book leaves that to its container query.
   */
  roomForWords?: boolean;
  /** A word breaks at its soft hyphens: its longest piece (with its hyphen) is what its column needs (the e-book's cells, src/hyphenation.ts). */
  softHyphens?: boolean;
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

/**
 * A table's columns: what they hold, and which to keep on one line (those whose every cell is short, that fit the
 * measure's share and, with `roomForWords`, leave the other columns room for their longest words).
 */
export function tableColumns(table: Element, { em, measure, gapEm, roomForWords = false, softHyphens = false }: TableMeasure): TableColumn[] {
  const columns = new Map<number, TableColumn>();
  for (const { row, head } of tableRows(table)) {
    row.children.filter(isElement).filter((cell) => cell.tagName === 'td' || cell.tagName === 'th').forEach((cell, index) => {
      const written = plainText(cell).trim().replace(/\s+/g, ' ');
      const text = written.replace(/\u00AD/g, '');
      const column = columns.get(index) ?? { cells: [], longest: 0, longestWord: 0, short: true, unbroken: false };
      // The header's words count for the column's narrowest width, not for whether its cells are short.
      if (!head) {
        column.cells.push(cell);
        column.longest = Math.max(column.longest, [...text].length);
        if ([...text].length > SHORT_CELL_CHARACTERS || text.split(' ').length > SHORT_CELL_WORDS || cell.properties.colSpan !== undefined) column.short = false;
      }
      const words = softHyphens ? written.split(/ |(?<=\u00AD)/u) : text.split(' ');
      if (cell.properties.colSpan === undefined) column.longestWord = Math.max(column.longestWord, ...words.map((word) => [...word].length));
      columns.set(index, column);
    });
  }
  let room = UNBROKEN_SHARE * measure;
  // What the table needs at its narrowest: each column its longest word, a column kept whole its longest cell.
  const width = (characters: number): number => (characters * TEXT_FACE_AVERAGE_ADVANCE_EM + gapEm) * em;
  let narrowest = [...columns.values()].reduce((sum, column) => sum + width(column.longestWord), 0);
  for (const column of [...columns.values()].filter((candidate) => candidate.short && candidate.cells.length > 0).sort((a, b) => a.longest - b.longest)) {
    const whole = width(column.longest);
    // Kept whole, the column is as wide as its longest cell or its header's longest word.
    const grown = narrowest - width(column.longestWord) + width(Math.max(column.longest, column.longestWord));
    // Within the share, and never so that the others' longest words no longer fit beside it: the table ran past the measure.
    if (whole > room || (roomForWords && grown > NARROWEST_SHARE * measure)) break;
    room -= whole;
    narrowest = grown;
    column.unbroken = true;
  }
  return [...columns.values()];
}

/** How wide the table is at its narrowest (each column its longest word, a column kept whole its longest cell), in the unit of `em`. */
export function narrowestWidth(columns: TableColumn[], { em, gapEm }: Pick<TableMeasure, 'em' | 'gapEm'>): number {
  return columns.reduce((sum, column) => sum + (Math.max(column.unbroken ? column.longest : 0, column.longestWord) * TEXT_FACE_AVERAGE_ADVANCE_EM + gapEm) * em, 0);
}

/** A cell that says "no data": empty, or a dash alone. */
const NO_DATA = /^[-‐‑‒–—―−]?$/u;
/** Spaces inside a number: a word space, no-break, narrow no-break or thin ("1 204", "12 %"). */
const SPACE = '[ \\u00A0\\u202F\\u2009]';
/** A numeral: grouped by threes ("1 204", "1,204", "1.204", "1'204", Arabic "١٬٢٠٤") or not, with a fraction after either decimal mark or Arabic's. */
const NUMERAL = `(?:\\p{Nd}{1,3}(?:[ ,.'’\\u00A0\\u202F\\u2009\\u066C]\\p{Nd}{3})+|\\p{Nd}+)(?:[.,\\u066B]\\p{Nd}+)?|[.,\\u066B]\\p{Nd}+`;
const SIGN = '[-+−±–]';
/**
 * A figure as tables print it: a count, an amount with its currency before or
 * after it ("$1,204", "12,50 €"), a share ("+3,2%", "12 %"), with a sign; or
 * a score or a range of two ("3–1", "2:0", "1987–2017").
 */
const FIGURE = new RegExp(`^(?:${SIGN}?(?:\\p{Sc}${SPACE}?)?${SIGN}?(?:${NUMERAL})(?:${SPACE}?[\\p{Sc}%‰])?|\\p{Nd}+${SPACE}?[-–—:]${SPACE}?\\p{Nd}+)$`, 'u');
/** A figure that is one number: what stands before its numeral (sign, currency), the numeral, what stands after it (currency, per cent). */
const FIGURE_PARTS = new RegExp(`^(${SIGN}?(?:\\p{Sc}${SPACE}?)?${SIGN}?)(${NUMERAL})((?:${SPACE}?[\\p{Sc}%‰])?)$`, 'u');
/** A mark that groups thousands, with its three digits. */
const GROUP = /[ ,.'’\u00A0\u202F\u2009\u066C]\d{3}/g;

/** The decimal mark of `language`: "." in English, "," in German or Polish. */
export function decimalMark(language: string): string {
  try {
    return new Intl.NumberFormat(language).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
  } catch {
    // A tag Intl does not know: the figures' own marks are then read as English ones.
    return '.';
  }
}

/**
 * What each figure of a column set flush right lacks for its decimal mark to
 * stand under the others': the mark and the zeros of the decimals it does not
 * have ("6.5" beside "7.25" lacks "0", "10" lacks ".00"). galley sets them
 * hidden after its last digit, so that the figures line up on the mark. None
 * where a figure does not end in its digits ("12,5 %", "12,50 €": the hidden
 * zeros would open a gap before the sign), where a mark cannot be told from
 * a thousands' one ("12,5" in an English article), in a column of scores or
 * ranges, or in figures of other digits than 0–9.
 */
export function decimalPads(cells: Element[], mark: string): Map<Element, string> {
  const none = new Map<Element, string>();
  const figures: Array<{ cell: Element; decimals: number; after: string }> = [];
  for (const cell of cells) {
    if (cell.tagName !== 'td') continue;
    const text = figureText(cell);
    if (NO_DATA.test(text)) continue;
    const parts = FIGURE_PARTS.exec(text);
    if (!parts || /[^0-9]/.test(parts[2]!.replace(/[^\p{Nd}]/gu, ''))) return none;
    const numeral = parts[2]!;
    const at = numeral.lastIndexOf(mark);
    const whole = at === -1 ? numeral : numeral.slice(0, at);
    // Any other mark must group thousands.
    if (/[.,\u066B]/.test(whole.replace(GROUP, ''))) return none;
    figures.push({ cell, decimals: at === -1 ? 0 : numeral.length - at - 1, after: parts[3]! });
  }
  const most = Math.max(0, ...figures.map((figure) => figure.decimals));
  // After a per cent sign or a currency the hidden zeros would leave a gap inside the figure ("3,5  %").
  if (most === 0 || figures.some((figure) => figure.after !== '')) return none;
  return new Map(figures.filter((figure) => figure.decimals < most).map((figure) => [figure.cell, `${figure.decimals === 0 ? mark : ''}${'0'.repeat(most - figure.decimals)}`]));
}

/** A cell's text as a figure would be read: its note calls (`sup`, or the box of no width they hang in) left out, its spaces made one. */
function figureText(cell: Element): string {
  const call = (node: Element): boolean => node.tagName === 'sup' || (Array.isArray(node.properties.className) && node.properties.className.includes('note-hang'));
  const text = (node: ElementContent): string => (isElement(node) && call(node) ? '' : plainText(node));
  return cell.children.map(text).join('').replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * A table's columns of figures: those whose every body cell holds a figure
 * (counts, amounts, shares, scores), or says "no data" (empty, a dash), one
 * at least a figure. Each is given as all its cells, headers included. A cell
 * that spans columns belongs to none; one that spans rows belongs to its
 * column, and holds its place in the rows it spans (a table with one had no
 * column of figures: a header of two rows, common over years or units, left
 * every figure of the table flush left).
 */
export function figureColumns(table: Element): Element[][] {
  const rows = tableRows(table);
  const cellsOf = (row: Element): Element[] => row.children.filter(isElement).filter((cell) => cell.tagName === 'td' || cell.tagName === 'th');
  const columns = new Map<number, { cells: Element[]; figures: number; text: boolean }>();
  // A cell spanning rows takes its column's place in the rows below it (how many rows it still holds, by position),
  // so that a header of two rows ("Lost" over "2022" and "2023", beside "District" and "Share") still places each cell.
  const held = new Map<number, number>();
  for (const { row, head } of rows) {
    let position = 0;
    const taken = new Set(held.keys());
    for (const cell of cellsOf(row)) {
      while (taken.has(position)) position += 1;
      const span = Math.max(1, Number(cell.properties.colSpan ?? 1) || 1);
      const rowSpan = Math.max(1, Number(cell.properties.rowSpan ?? 1) || 1);
      if (span === 1) {
        const column = columns.get(position) ?? { cells: [], figures: 0, text: false };
        column.cells.push(cell);
        // A header's words (a `th`, in a header row or not) do not tell whether the column holds figures.
        if (!head && cell.tagName === 'td') {
          const text = figureText(cell);
          if (FIGURE.test(text)) column.figures += 1;
          else if (!NO_DATA.test(text)) column.text = true;
        }
        columns.set(position, column);
      }
      if (rowSpan > 1) for (let k = 0; k < span; k++) held.set(position + k, rowSpan);
      position += span;
    }
    for (const [place, left] of held) {
      if (left <= 1) held.delete(place);
      else held.set(place, left - 1);
    }
  }
  return [...columns.values()].filter((column) => column.figures > 0 && !column.text).map((column) => column.cells);
}
