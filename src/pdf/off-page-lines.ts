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
import { forEachToken } from './content-tokens.js';
import { IDENTITY, multiply, type Matrix } from './matrix.js';

/** Operators that show glyphs. */
const SHOW = new Set(['Tj', 'TJ', "'", '"']);

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
  let inlineImage = false;
  const cuts: Array<[number, number]> = [];
  /** Where the operands before the next operator begin, and where each number among them is (read only for the operators that need them: most tokens are numbers). */
  let operandsStart = -1;
  const numberAt: Array<[number, number]> = [];
  let numberCount = 0;
  const numbers = (): number[] => numberAt.slice(0, numberCount).map(([from, to]) => Number(content.slice(from, to)));
  const outside = (y: number): boolean => area !== undefined && (y < area.low - 0.5 || y > area.high + 0.5);

  // A token at a time (./content-tokens.ts), as ./artifacts.ts reads a stream.
  forEachToken(content, (kind, start, end) => {
    if (kind === 'number') {
      if (operandsStart < 0) operandsStart = start;
      if (numberCount < numberAt.length) {
        numberAt[numberCount]![0] = start;
        numberAt[numberCount]![1] = end;
      } else numberAt.push([start, end]);
      numberCount++;
      return;
    }
    if (kind !== 'word') {
      if (operandsStart < 0) operandsStart = start;
      return;
    }
    const from = operandsStart < 0 ? start : operandsStart;
    // The text operators, most of a page's (a Td and a Tj for each glyph), told by their letters without slicing them out.
    if (content.charCodeAt(start) === 0x54 /* T */ && end - start === 2) {
      const second = content.charCodeAt(start + 1);
      if (second === 0x6a /* j */ || second === 0x4a /* J */) show(from, end);
      else if (second === 0x6d /* m */ && text && numberCount === 6) text.line = numbers() as Matrix;
    } else {
      const word = content.slice(start, end);
      if (word === 'true' || word === 'false' || word === 'null') {
        if (operandsStart < 0) operandsStart = start;
        return;
      }
      if (word === 'BI') {
        inlineImage = true;
        return false;
      }
      operate(word, from, end);
    }
    operandsStart = -1;
    numberCount = 0;
  });

  /** What the operator `word` (with its operands from `from`, ending at `end`) does to the state, or whether it shows glyphs off the page. */
  function operate(word: string, from: number, end: number): void {
    switch (word) {
      case 'q':
        saved.push(state);
        return;
      case 'Q':
        state = saved.pop() ?? state;
        return;
      case 'cm': {
        const matrix = numbers();
        if (matrix.length === 6 && matrix.every(Number.isFinite)) state = { ...state, ctm: multiply(matrix as Matrix, state.ctm) };
        return;
      }
      case 're': {
        const rect = numbers();
        rectangle = rect.length === 4 && rect.every(Number.isFinite) ? rangeOf(rect, state.ctm) : undefined;
        return;
      }
      case 'W':
      case 'W*':
        clipping = true;
        return;
      case 'BT':
        text = { line: IDENTITY, inArea: state.inArea };
        return;
      case 'ET':
        text = undefined;
        return;
      default:
        if (clipping && /^(n|[SsfFBb]\*?)$/.test(word)) {
          // The first clip is the page's area (Chromium sets it again for each run of the page's
          // content); a clip inside it narrows what is still on the page. The margin boxes are drawn unclipped.
          if (area === undefined && rectangle && rectangle.high - rectangle.low >= height / 2) area = rectangle;
          if (rectangle && area && Math.abs(rectangle.low - area.low) < 0.01 && Math.abs(rectangle.high - area.high) < 0.01) state = { ...state, inArea: true };
          clipping = false;
        } else if (SHOW.has(word)) show(from, end);
    }
  }

  /**
   * A showing operator (from `from` to `end`), cut when its line is off the
   * page: the line's baseline is where its text object's Tm puts it (Chromium
   * writes one for each run of a line, and places each glyph from it with a
   * Td that moves it along the line, or up or down by a mark's offset).
   */
  function show(from: number, end: number): void {
    if (!text?.inArea) return;
    const { line } = text;
    const { ctm } = state;
    if (outside(line[4] * ctm[1] + line[5] * ctm[3] + ctm[5])) cuts.push([from, end]);
  }

  // An inline image's data is not read as tokens: the stream is left as it is.
  if (inlineImage) return undefined;
  if (cuts.length === 0) return undefined;
  let result = '';
  let at = 0;
  for (const [start, end] of cuts) {
    result += content.slice(at, start);
    at = end;
  }
  return result + content.slice(at);
}
