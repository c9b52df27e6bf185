/**
 * What a page draws outside its structure, marked as an artifact. Chromium
 * tags what the document's elements draw, and nothing of what the page's
 * margin boxes draw (the running head, the folio "page N of M"), nor the
 * rules of a border: that content was neither in a structure element nor
 * marked `/Artifact`, which PDF/UA forbids (Matterhorn 01-005), and a
 * screen reader could read it into the text. Each run of it is wrapped in
 * `/Artifact BMC … EMC`.
 *
 * A content stream is read a token at a time (strings, names and numbers
 * skipped whole) for its operators alone. A run is one graphics object
 * (a text object BT…ET, a path up to the operator that paints it, an
 * XObject or shading drawn, a marked-content sequence without a structure
 * id), or several with nothing between them that saves or restores the
 * graphics state (q, Q) or begins or ends marked content: the marks nest
 * with the graphics state as they do with each other.
 */

/** Operators that build a path. */
const PATH = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
/** Operators that end a path, painting it (all but n) or only clipping with it. */
const PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);
/** Operators that draw by themselves. */
const DRAW = new Set(['Do', 'sh']);

/** A run of content to wrap: where it starts and ends in the stream, and whether it paints anything. */
interface Run {
  start: number;
  end: number;
  paints: boolean;
}

const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c || code === 0x00;
const isDelimiter = (code: number): boolean => '()<>[]{}/%'.includes(String.fromCharCode(code));

/**
 * `content` with every run of unmarked content wrapped as an artifact, or
 * undefined when there is none (or the stream holds what this reader does
 * not take apart: an inline image).
 */
export function markArtifacts(content: string): string | undefined {
  const runs: Run[] = [];
  /** Open marked-content sequences: whether each is tagged content (a structure id) or an artifact. */
  const marks: boolean[] = [];
  let marked = 0;
  /** The object being read outside marked content: where it began, and the marks open when it did. */
  let object: { start: number; kind: 'text' | 'path' | 'marks'; depth: number } | undefined;
  let run: Run | undefined;
  let operands = -1;
  /** Whether the last operand was a dictionary with a structure id (`<</MCID 3>>`) or the name /Artifact. */
  let tagged = false;

  const close = (): void => {
    if (run?.paints) runs.push(run);
    run = undefined;
  };
  const add = (start: number, end: number, paints: boolean): void => {
    if (run) {
      run.end = end;
      run.paints ||= paints;
    } else run = { start, end, paints };
  };

  let i = 0;
  const length = content.length;
  while (i < length) {
    const code = content.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }
    const start = i;
    if (code === 0x25 /* % */) {
      while (i < length && content[i] !== '\n' && content[i] !== '\r') i++;
      continue;
    }
    if (code === 0x28 /* ( */) {
      let depth = 0;
      for (; i < length; i++) {
        const c = content[i];
        if (c === '\\') i++;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
      }
      i++;
    } else if (content.startsWith('<<', i)) {
      // A dictionary operand (a mark's properties): read whole, for its /MCID.
      let depth = 0;
      for (; i < length; i++) {
        if (content.startsWith('<<', i)) {
          depth++;
          i++;
        } else if (content.startsWith('>>', i)) {
          depth--;
          i++;
          if (depth === 0) break;
        } else if (content[i] === '(') {
          for (let parens = 0; i < length; i++) {
            if (content[i] === '\\') i++;
            else if (content[i] === '(') parens++;
            else if (content[i] === ')' && --parens === 0) break;
          }
        }
      }
      i++;
      if (/\/MCID\b/.test(content.slice(start, i))) tagged = true;
    } else if (code === 0x3c /* < */) {
      i = content.indexOf('>', i) + 1 || length;
    } else if (code === 0x2f /* / */) {
      i++;
      while (i < length && !isSpace(content.charCodeAt(i)) && !isDelimiter(content.charCodeAt(i))) i++;
      if (content.slice(start, i) === '/Artifact') tagged = true;
    } else if (code === 0x5b || code === 0x5d /* [ ] */) {
      i++;
    } else {
      while (i < length && !isSpace(content.charCodeAt(i)) && !isDelimiter(content.charCodeAt(i))) i++;
      // Most tokens are numbers: told by their first character, never sliced out.
      if ((code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2b || code === 0x2e) {
        if (operands < 0) operands = start;
        continue;
      }
      const word = content.slice(start, i);
      if (word === 'true' || word === 'false' || word === 'null') {
        if (operands < 0) operands = start;
        continue;
      }
      if (i === start) i++;
      // An operator: `from` is where it and its operands begin.
      const from = operands < 0 ? start : operands;
      operands = -1;
      const wasTagged = tagged;
      tagged = false;
      if (word === 'BI') return undefined;
      if (word === 'BDC' || word === 'BMC') {
        marks.push(wasTagged);
        if (wasTagged) marked++;
        // Tagged content inside an object begun outside it: that object is left unmarked.
        if (wasTagged && object) object = undefined;
        if (object) continue;
        if (marked > 0) close();
        else if (!wasTagged) object = { start: from, kind: 'marks', depth: marks.length - 1 };
        continue;
      }
      if (word === 'EMC') {
        if (marks.pop()) marked--;
        if (object?.kind === 'marks' && marks.length === object.depth) {
          add(object.start, i, true);
          object = undefined;
        } else if (!object && marked === 0) close();
        continue;
      }
      if (marked > 0) continue;
      if (object) {
        if ((object.kind === 'text' && word === 'ET') || (object.kind === 'path' && PAINT.has(word))) {
          add(object.start, i, word !== 'n');
          object = undefined;
        }
        continue;
      }
      if (word === 'BT') object = { start: from, kind: 'text', depth: marks.length };
      else if (PATH.has(word)) object = { start: from, kind: 'path', depth: marks.length };
      else if (DRAW.has(word)) add(from, i, true);
      else if (word === 'q' || word === 'Q') close();
      continue;
    }
    // An operand that is not a number: a string, a name, an array's bracket, a dictionary.
    if (operands < 0) operands = start;
  }
  // An object begun and never ended, or marks left open: the stream is not read right; left as it is.
  if (object || marks.length > 0) return undefined;
  close();
  if (runs.length === 0) return undefined;
  let result = '';
  let at = 0;
  for (const { start, end } of runs) {
    result += `${content.slice(at, start)}/Artifact BMC\n${content.slice(start, end)}\nEMC`;
    at = end;
  }
  return result + content.slice(at);
}
