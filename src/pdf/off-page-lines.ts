/**
 * Glyphs of another page's line, drawn at the edge of this one. Chromium
 * paints a page with everything whose ink reaches into the page's area, and
 * clips it there: a line at the top of page 2 whose letters rise above its
 * line box (a Nastaliq word climbs two ems above its baseline, more than
 * Urdu's leading gives it) is drawn on page 1 too, below page 1's last line,
 * and only the tip of its tallest letter shows there: a speck of ink at the
 * foot of the page, and a stray letter ("ک") in the page's text for search,
 * copying and a screen reader. The same holds for a deep descender of a
 * page's last line, at the top of the next.
 *
 * Such a glyph is told by where its line is: its baseline lies outside the
 * page's area (the first clip a page's stream sets, which Chromium sets to
 * the page box inside the margins), where no line of the page itself is. Its
 * showing operator is removed; the text object, its marks and positioning
 * stay, so nothing else moves. The line itself is printed, whole, on its
 * own page.
 */
import { IDENTITY, multiply, type Matrix } from './matrix.js';

/** Operators that show glyphs. */
const SHOW = new Set(['Tj', 'TJ', "'", '"']);

/** A PDF content stream's tokens: strings, hex strings, dictionaries' brackets, arrays' brackets, names, numbers and operators, and comments. */
const TOKEN = /\((?:\\[\s\S]|[^\\()])*\)|<<|>>|<[0-9a-fA-F\s]*>|[[\]]|\/[^\s/[\]()<>{}%]*|[^\s/[\]()<>{}%]+|%[^\r\n]*/g;

/** The y range a rectangle `x y w h re` covers once `ctm` maps it to the page. */
function rangeOf(numbers: number[], ctm: Matrix): { low: number; high: number } {
  const [x, y, w, h] = numbers as [number, number, number, number];
  const ys = [
    [x, y],
    [x + w, y],
    [x, y + h],
    [x + w, y + h],
  ].map(([px, py]) => px! * ctm[1] + py! * ctm[3] + ctm[5]);
  return { low: Math.min(...ys), high: Math.max(...ys) };
}

/**
 * `content`, a page's content stream, without the glyphs it shows of a line
 * whose baseline is outside the page's area; undefined when it shows none
 * (or holds what this reader does not take apart: an inline image).
 * `height`: the page's; a first clip less than half as tall is not taken for
 * the page's area, and nothing is removed.
 */
export function withoutOffPageLines(content: string, height: number): string | undefined {
  /** The page's area, once its first clip is set: the y range it covers, in default user space. */
  let area: { low: number; high: number } | undefined;
  /** The graphics state: its matrix, and whether what it draws is clipped to the page's area; and those q saved. */
  let state: { ctm: Matrix; inArea: boolean } = { ctm: IDENTITY, inArea: false };
  const saved: Array<typeof state> = [];
  let rectangle: { low: number; high: number } | undefined;
  let clipping = false;
  /** In a text object: its line matrix, and whether it is drawn clipped to the page's area. */
  let text: { line: Matrix; inArea: boolean } | undefined;
  const cuts: Array<[number, number]> = [];
  let operands: Array<{ token: string; start: number }> = [];
  const numbers = (): number[] => operands.map(({ token }) => Number(token));
  const outside = (y: number): boolean => area !== undefined && (y < area.low - 0.5 || y > area.high + 0.5);

  for (const match of content.matchAll(TOKEN)) {
    const token = match[0];
    const start = match.index;
    const first = token.charCodeAt(0);
    if (first === 0x25 /* % */) continue;
    // Operands: numbers, strings, names, arrays and dictionaries (kept as tokens, read when an operator wants them).
    if (/^[-+.\d]/.test(token) || first === 0x28 || first === 0x3c || first === 0x2f || first === 0x5b || first === 0x5d || first === 0x3e || token === 'true' || token === 'false' || token === 'null') {
      operands.push({ token, start });
      continue;
    }
    const end = start + token.length;
    const from = operands.length > 0 ? operands[0]!.start : start;
    switch (token) {
      case 'BI':
        return undefined;
      case 'q':
        saved.push(state);
        break;
      case 'Q':
        state = saved.pop() ?? state;
        break;
      case 'cm': {
        const matrix = numbers();
        if (matrix.length === 6 && matrix.every(Number.isFinite)) state = { ...state, ctm: multiply(matrix as Matrix, state.ctm) };
        break;
      }
      case 're': {
        const rect = numbers();
        rectangle = rect.length === 4 && rect.every(Number.isFinite) ? rangeOf(rect, state.ctm) : undefined;
        break;
      }
      case 'W':
      case 'W*':
        clipping = true;
        break;
      case 'BT':
        text = { line: IDENTITY, inArea: state.inArea };
        break;
      case 'ET':
        text = undefined;
        break;
      case 'Tm':
      case 'Td':
      case 'TD': {
        const values = numbers();
        if (!text) break;
        if (token === 'Tm' && values.length === 6) text.line = values as Matrix;
        else if (values.length === 2) text.line = multiply([1, 0, 0, 1, values[0]!, values[1]!], text.line);
        break;
      }
      default:
        if (clipping && /^(n|[SsfFBb]\*?)$/.test(token)) {
          // The first clip is the page's area (Chromium sets it again for each run of the page's
          // content); a clip inside it narrows what is still on the page. The margin boxes are drawn unclipped.
          if (area === undefined && rectangle && rectangle.high - rectangle.low >= height / 2) area = rectangle;
          if (rectangle && area && Math.abs(rectangle.low - area.low) < 0.01 && Math.abs(rectangle.high - area.high) < 0.01) state = { ...state, inArea: true };
          clipping = false;
        } else if (SHOW.has(token) && text?.inArea && outside(multiply(text.line, state.ctm)[5])) {
          cuts.push([from, end]);
        }
    }
    operands = [];
  }
  if (cuts.length === 0) return undefined;
  let result = '';
  let at = 0;
  for (const [start, end] of cuts) {
    result += content.slice(at, start);
    at = end;
  }
  return result + content.slice(at);
}
