/**
 * What a page draws outside its structure, marked as an artifact. Chromium
 * tags what the document's elements draw, and nothing of what the page's
 * margin boxes draw (the running head, the folio "page N of M"), nor the
 * rules of a border: that content was neither in a structure element nor
 * marked `/Artifact`, which PDF/UA forbids (Matterhorn 01-005), and a
 * screen reader could read it into the text. Each run of it is wrapped in
 * `/Artifact <<…>> BDC … EMC`, with the kind of artifact it is (ISO
 * 32000-1, 14.8.2.2.2): the margin boxes' text a pagination artifact, the
 * running head's a header (`/Subtype /Header`, drawn in the page's upper
 * half) and the folio's a footer, so that a reader that leaves out, or
 * reads apart, a page's running head and foot knows them for what they are
 * (PDF/UA asks running heads and feet be pagination artifacts, Matterhorn
 * 18); what else is drawn there (a rule, a border, a tint) a layout artifact.
 *
 * A content stream is read a token at a time (strings, names and numbers
 * skipped whole) for its operators alone. A run is one graphics object
 * (a text object BT…ET, a path up to the operator that paints it, an
 * XObject or shading drawn, a marked-content sequence without a structure
 * id), or several with nothing between them that saves or restores the
 * graphics state (q, Q) or begins or ends marked content: the marks nest
 * with the graphics state as they do with each other.
 */
import { forEachToken } from './content-tokens.js';
import { IDENTITY, multiply, type Matrix } from './matrix.js';

/** Operators that build a path. */
const PATH = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
/** Operators that end a path, painting it (all but n) or only clipping with it. */
const PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);
/** Operators that draw by themselves. */
const DRAW = new Set(['Do', 'sh']);

/** The kinds of artifact a run is marked as: the running head, the running foot, other page furniture, what is cosmetic. */
export type ArtifactKind = 'header' | 'footer' | 'pagination' | 'layout';

/** Each kind's property list (ISO 32000-1, table 330). */
const PROPERTIES: Readonly<Record<ArtifactKind, string>> = {
  header: '<</Type /Pagination /Subtype /Header>>',
  footer: '<</Type /Pagination /Subtype /Footer>>',
  pagination: '<</Type /Pagination>>',
  layout: '<</Type /Layout>>',
};

/** A run of content to wrap: where it starts and ends in the stream, whether it paints anything, and what it is (unknown for a clip alone). */
interface Run {
  start: number;
  end: number;
  paints: boolean;
  kind: ArtifactKind | undefined;
}

/** The six numbers before an operator (`cm`, `Tm`), or undefined when they are not six numbers. */
function matrixOf(operands: string): Matrix | undefined {
  const numbers = operands.trim().split(/\s+/).map(Number);
  return numbers.length === 6 && numbers.every(Number.isFinite) ? (numbers as Matrix) : undefined;
}


/**
 * `content` with every run of unmarked content wrapped as an artifact, or
 * undefined when there is none (or the stream holds what this reader does
 * not take apart: an inline image). `height`: the page's, in default user
 * space, to tell a running head (drawn in the upper half) from a foot; without
 * it, the margin boxes' text is marked a pagination artifact alone.
 */
export function markArtifacts(content: string, height?: number): string | undefined {
  const runs: Run[] = [];
  /** Open marked-content sequences: whether each is tagged content (a structure id) or an artifact. */
  const marks: boolean[] = [];
  let marked = 0;
  /** The object being read outside marked content: where it began, the marks open when it did, and where its text is drawn (`y`, in default user space). */
  let object: { start: number; kind: 'text' | 'path' | 'marks'; depth: number; clipped: boolean; text?: boolean; y?: number } | undefined;
  let run: Run | undefined;
  let operands = -1;
  /** Whether the last operand was a dictionary with a structure id (`<</MCID 3>>`) or the name /Artifact. */
  let tagged = false;
  /** The graphics state's transformation matrix and whether a clip is set, and those saved by q. */
  let state: { ctm: Matrix; clipped: boolean } = { ctm: IDENTITY, clipped: false };
  const saved: Array<typeof state> = [];

  const close = (): void => {
    if (run?.paints) runs.push(run);
    run = undefined;
  };
  const add = (start: number, end: number, paints: boolean, kind: ArtifactKind | undefined): void => {
    // Content of another kind right after: a run of its own (a page's running head and folio are drawn one after the other).
    if (run && kind && run.kind && run.kind !== kind) close();
    if (run) {
      run.end = end;
      run.paints ||= paints;
      run.kind ??= kind;
    } else run = { start, end, paints, kind };
  };
  /**
   * What an object is. Chromium clips what the page area draws to it, and
   * draws the margin boxes unclipped: text drawn without a clip is the
   * running head (above the page's middle) or the folio (below it); text
   * drawn inside the page area and left untagged is an ornament (the dot
   * before each part of the byline, an inline block Chromium does not tag).
   */
  const kindOf = (done: NonNullable<typeof object>): ArtifactKind => {
    if ((done.kind !== 'text' && !done.text) || done.clipped) return 'layout';
    return done.y === undefined || height === undefined ? 'pagination' : done.y > height / 2 ? 'header' : 'footer';
  };

  let inlineImage = false;
  forEachToken(content, (kind, start, i) => {
    // A mark's properties, read whole for its /MCID; the name /Artifact.
    if (kind === 'dictionary' && /\/MCID\b/.test(content.slice(start, i))) tagged = true;
    else if (kind === 'name' && content.slice(start, i) === '/Artifact') tagged = true;
    // An operand (most tokens are numbers: never sliced out).
    if (kind !== 'word') {
      if (operands < 0) operands = start;
      return;
    }
    const code = content.charCodeAt(start);
    const word = content.slice(start, i);
    if (word === 'true' || word === 'false' || word === 'null') {
      if (operands < 0) operands = start;
      return;
    }
    // An operator: `from` is where it and its operands begin.
    const from = operands < 0 ? start : operands;
    operands = -1;
    const wasTagged = tagged;
    tagged = false;
    if (word === 'BI') {
      inlineImage = true;
      return false;
    }
    // The graphics state's matrix, in tagged content too: where the margin boxes' text is drawn.
    // (Most operators are a text object's Tj and Td, told apart by their first letter.)
    if (code !== 0x54 /* T */ || object) {
      if (word === 'q') saved.push(state);
      else if (word === 'Q') state = saved.pop() ?? state;
      else if (word === 'cm') {
        const matrix = matrixOf(content.slice(from, start));
        if (matrix) state = { ...state, ctm: multiply(matrix, state.ctm) };
      } else if (word === 'W' || word === 'W*') state = { ...state, clipped: true };
      else if (word === 'Tm' && object && object.y === undefined) {
        const matrix = matrixOf(content.slice(from, start));
        if (matrix) object.y = multiply(matrix, state.ctm)[5];
      } else if (word === 'BT' && object?.kind === 'marks') object.text = true;
    }
    if (word === 'BDC' || word === 'BMC') {
      marks.push(wasTagged);
      if (wasTagged) marked++;
      // Tagged content inside an object begun outside it: that object is left unmarked.
      if (wasTagged && object) object = undefined;
      if (object) return;
      if (marked > 0) close();
      else if (!wasTagged) object = { start: from, kind: 'marks', depth: marks.length - 1, clipped: state.clipped };
      return;
    }
    if (word === 'EMC') {
      if (marks.pop()) marked--;
      if (object?.kind === 'marks' && marks.length === object.depth) {
        add(object.start, i, true, kindOf(object));
        object = undefined;
      } else if (!object && marked === 0) close();
      return;
    }
    if (marked > 0) return;
    if (object) {
      if ((object.kind === 'text' && word === 'ET') || (object.kind === 'path' && PAINT.has(word))) {
        // A clip alone (n) paints nothing: it goes with what it clips, of whatever kind.
        add(object.start, i, word !== 'n', word === 'n' ? undefined : kindOf(object));
        object = undefined;
      }
      return;
    }
    if (word === 'BT') object = { start: from, kind: 'text', depth: marks.length, clipped: state.clipped };
    else if (PATH.has(word)) object = { start: from, kind: 'path', depth: marks.length, clipped: state.clipped };
    else if (DRAW.has(word)) add(from, i, true, 'layout');
    else if (word === 'q' || word === 'Q') close();
  });
  // An inline image's data is not read as tokens: the stream is left as it is.
  if (inlineImage) return undefined;
  // An object begun and never ended, or marks left open: the stream is not read right; left as it is.
  if (object || marks.length > 0) return undefined;
  close();
  if (runs.length === 0) return undefined;
  let result = '';
  let at = 0;
  for (const { start, end, kind } of runs) {
    result += `${content.slice(at, start)}/Artifact ${PROPERTIES[kind ?? 'layout']} BDC\n${content.slice(start, end)}\nEMC`;
    at = end;
  }
  return result + content.slice(at);
}
