/**
 * Limits on what a manuscript may ask of galley, checked before the parser
 * recurses into it. Markdown's parser and the syntax-tree tools are
 * recursive and, on deep nesting, slow (a list nested 10,000 deep ran for
 * minutes and then overflowed the stack). These checks are linear scans of
 * the text (and, after parsing, an iterative walk of the tree), so a hostile
 * manuscript is answered in milliseconds with the place that breaks a limit.
 */
import type { Root as MdastRoot } from 'mdast';
import type { Node, Point } from 'unist';
import type { VFile } from 'vfile';
import { fail } from './diagnostics.js';

export const LIMITS = {
  /** article.md, in bytes. A long feature is 50 KB; a book 500 KB. */
  manuscriptBytes: 1_000_000,
  /**
   * Blocks (paragraphs, list items, headings, quotes, table rows), lines
   * that are not blank, and characters that open or close Markdown
   * (emphasis, code, links, table cells, HTML, entities…). The parser's
   * memory grows with these, not with the words: a 1 MB article of prose
   * (about 4,500 blocks and lines and 12,000 such characters) builds
   * within galley's heap (384 MB), but 1 MB of one-word paragraphs, list
   * items or emphasis does not: 50,000 one-word paragraphs alone exhaust it
   * while parsing.
   */
  blocks: 10_000,
  lines: 40_000,
  markup: 50_000,
  /** Lists and block quotes inside each other. */
  blockNesting: 50,
  /** Emphasis, links, brackets and braces inside each other, within a paragraph. */
  inlineNesting: 50,
  /** Raw HTML elements inside each other. */
  htmlNesting: 50,
  /** Depth of the whole syntax tree, the backstop for any other way of nesting. */
  treeDepth: 200,
  /** Pixels of one picture, decoded (width × height): 50 megapixels, e.g. 8660 × 5774. */
  imagePixels: 50_000_000,
  /** The width, in pixels, of a picture as the editions carry it: a wider JPEG or PNG is scaled down (scale-image.ts). */
  imageWidth: 2000,
  /** The pixels (width × height) of a picture as the editions carry it, 2000 × 2000: a larger JPEG or PNG is scaled down (scale-image.ts). */
  imageArea: 4_000_000,
  /** Values the front matter's YAML aliases (`*name`) may stand for, all together. */
  yamlAliases: 100,
  /** Problems of one kind reported per manuscript; the rest are counted. */
  reportsPerKind: 10,
} as const;

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The size limit, checked on the raw bytes before they are decoded. */
export function checkSize(file: VFile, bytes: number): boolean {
  if (bytes <= LIMITS.manuscriptBytes) return true;
  // Just over the limit, "1.0 MB" against "1.0 MB" would tell nothing: then the bytes are given.
  const close = megabytes(bytes) === megabytes(LIMITS.manuscriptBytes);
  const size = close ? `${bytes.toLocaleString('en')} bytes` : megabytes(bytes);
  const limit = close ? `${megabytes(LIMITS.manuscriptBytes)} (${LIMITS.manuscriptBytes.toLocaleString('en')} bytes, about 150,000 words)` : `${megabytes(LIMITS.manuscriptBytes)} (about 150,000 words)`;
  fail(
    file,
    `article.md is ${size}; galley publishes articles of up to ${limit}: split it into several manuscripts`,
    { line: 1, column: 1 },
    'limit-size',
  );
  return false;
}

/** Characters that open or close a piece of Markdown or HTML. */
const MARKUP_CHARACTERS = new Set(['*', '_', '`', '[', ']', '<', '>', '!', '&', '\\', '|', '~', ':', '#']);

/** Whether a line starting at `i` (its first character that is not white space) opens a list item, a quote, a heading or a table row. */
function opensBlock(text: string, i: number): boolean {
  const c = text[i]!;
  if (c === '-' || c === '+' || c === '*' || c === '>' || c === '#' || c === '|') return true;
  let k = i;
  while (k < text.length && k - i < 9 && text[k]! >= '0' && text[k]! <= '9') k++;
  return k > i && (text[k] === '.' || text[k] === ')');
}

/**
 * The amount of markup, counted before parsing (see LIMITS.blocks, .lines
 * and .markup): an article with too much is refused at the place where it
 * passes a limit.
 */
export function checkMarkup(file: VFile, text: string): boolean {
  let blocks = 0;
  let lines = 0;
  let markup = 0;
  let line = 1;
  let lineStart = 0;
  let blank = true;
  let previousBlank = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      previousBlank = blank;
      blank = true;
      continue;
    }
    // A line counts once, at its first character that is not white space.
    if (blank && c !== ' ' && c !== '\t' && c !== '\r') {
      blank = false;
      lines++;
      if (previousBlank || opensBlock(text, i)) blocks++;
    }
    if (MARKUP_CHARACTERS.has(c)) markup++;
    if (blocks > LIMITS.blocks || lines > LIMITS.lines || markup > LIMITS.markup) {
      const what =
        blocks > LIMITS.blocks
          ? `more than ${LIMITS.blocks.toLocaleString('en')} paragraphs, list items, headings and table rows`
          : lines > LIMITS.lines
            ? `more than ${LIMITS.lines.toLocaleString('en')} lines of text (blank lines aside)`
            : `more than ${LIMITS.markup.toLocaleString('en')} marks of Markdown or HTML (* _ \` [ ] < > | and the like)`;
      fail(file, `article.md has ${what} by here, more than galley can read within its memory: split it into several manuscripts`, { line, column: i - lineStart + 1, offset: i }, 'limit-markup');
      return false;
    }
  }
  return true;
}

const CONTROL_NAMES: Record<number, string> = { 0: 'NUL byte (U+0000)', 0x0b: 'vertical tab (U+000B)', 0x0c: 'form feed (U+000C)' };

/**
 * Characters no edition can show: C0 controls other than tab, line feed and
 * carriage return (XML forbids them, so the e-book would be invalid, and the
 * PDF prints them as �), and the non-characters U+FFFE and U+FFFF.
 */
export function checkCharacters(file: VFile, text: string): boolean {
  // eslint-disable-next-line no-control-regex
  const pattern = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;
  let reported = 0;
  let total = 0;
  let first: Point | undefined;
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const match of text.matchAll(pattern)) {
    const offset = match.index;
    for (let i = text.indexOf('\n', scanned); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = offset;
    total++;
    const point = { line, column: offset - lineStart + 1, offset };
    first ??= point;
    if (reported >= LIMITS.reportsPerKind) continue;
    reported++;
    const code = match[0].charCodeAt(0);
    const name = CONTROL_NAMES[code] ?? `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    fail(file, `${name} in the text: no edition can show it; delete it (it often comes from copying out of a binary file or a terminal)`, point, 'control-character');
  }
  if (total > reported && first) {
    fail(file, `${total - reported} more control characters after these: delete them all`, first, 'control-character');
  }
  return total === 0;
}

interface Line {
  number: number;
  start: number;
  end: number;
}

function* lines(text: string): Generator<Line> {
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    yield { number, start, end };
    number++;
    start = end + 1;
  }
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Width of leading white space, tabs to the next multiple of four. */
function indentOf(text: string, start: number, end: number): { width: number; next: number } {
  let width = 0;
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) width++;
    else if (c === 0x09) width += 4 - (width % 4);
    else break;
  }
  return { width, next: i };
}

/** Length of a list marker (`-`, `+`, `*`, `1.`, `1)`) followed by white space at `i`, or 0. */
function listMarkerAt(text: string, i: number, end: number): number {
  const c = text[i];
  if ((c === '-' || c === '+' || c === '*') && (i + 1 === end || text[i + 1] === ' ' || text[i + 1] === '\t')) return 1;
  let j = i;
  while (j < end && j - i < 9 && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
  if (j > i && (text[j] === '.' || text[j] === ')') && (j + 1 === end || text[j + 1] === ' ' || text[j + 1] === '\t')) return j - i + 1;
  return 0;
}

function isSpace(c: string | undefined): boolean {
  return c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

const PUNCTUATION = /[\p{P}\p{S}]/u;

/**
 * Nesting in the text, estimated as CommonMark would build it but in one
 * pass: block quotes and list markers at the start of lines (with list
 * indentation), and within each paragraph the openers and closers of
 * emphasis, links, brackets and braces. The estimate never exceeds the real
 * depth by much; the tree check after parsing catches what it misses.
 */
export function checkNesting(file: VFile, text: string): boolean {
  let inFence: string | undefined;
  const listIndents: number[] = [];
  let inline = 0;

  for (const line of lines(text)) {
    const fence = FENCE.exec(text.slice(line.start, Math.min(line.end, line.start + 16)));
    if (inFence) {
      if (fence && fence[1]!.startsWith(inFence)) inFence = undefined;
      continue;
    }
    const { width, next } = indentOf(text, line.start, line.end);
    if (next === line.end) {
      inline = 0; // a blank line ends the paragraph
      continue;
    }
    if (fence) {
      inFence = fence[1]!;
      continue;
    }

    // Block containers: `>` and list markers at the start of the line.
    let depth = 0;
    let i = next;
    let first = true;
    while (i < line.end) {
      while (i < line.end && (text[i] === ' ' || text[i] === '\t')) i++;
      if (text[i] === '>') {
        depth++;
        i++;
      } else {
        const marker = listMarkerAt(text, i, line.end);
        if (marker === 0) break;
        if (first) {
          // A list item's indentation places it inside the items above it.
          while (listIndents.length > 0 && listIndents[listIndents.length - 1]! >= width) listIndents.pop();
          listIndents.push(width);
          depth += listIndents.length;
        } else {
          depth++;
        }
        i += marker;
      }
      first = false;
      if (depth > LIMITS.blockNesting) {
        fail(file, `lists and block quotes nested more than ${LIMITS.blockNesting} deep: no reader can follow that; flatten the structure`, { line: line.number, column: i - line.start, offset: i - 1 }, 'limit-nesting');
        return false;
      }
    }
    if (first && width === 0 && i === next) listIndents.length = 0;

    // Inline: openers and closers of emphasis, links, brackets and braces.
    for (let k = i; k < line.end; k++) {
      const c = text[k]!;
      const at = k;
      if (c === '\\') {
        k++;
        continue;
      }
      if (c === '[' || c === '{' || c === '(') inline++;
      else if (c === ']' || c === '}' || c === ')') inline = Math.max(0, inline - 1);
      else if (c === '*' || c === '_' || c === '~') {
        let end = k;
        while (end < line.end && text[end] === c) end++;
        const before = text[k - 1];
        const after = end < line.end ? text[end] : undefined;
        const opens = !isSpace(after) && (isSpace(before) || PUNCTUATION.test(before!) || !PUNCTUATION.test(after!));
        const closes = !isSpace(before) && (isSpace(after) || PUNCTUATION.test(after!) || !PUNCTUATION.test(before!));
        if (opens && !closes) inline += end - k;
        else if (closes && !opens) inline = Math.max(0, inline - (end - k));
        k = end - 1;
      } else continue;
      if (inline > LIMITS.inlineNesting) {
        fail(file, `emphasis, links or brackets nested more than ${LIMITS.inlineNesting} deep in one paragraph: close what is open, or escape a literal character with \\`, { line: line.number, column: at - line.start + 1, offset: at }, 'limit-nesting');
        return false;
      }
    }
  }
  return true;
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/**
 * After parsing, before any recursive tool walks the tree: its depth, and the
 * nesting of raw HTML (which becomes elements only later, in rehype-raw).
 * Iterative, in document order.
 */
export function checkTree(file: VFile, tree: MdastRoot): boolean {
  const stack: Array<{ node: Node; depth: number }> = [{ node: tree, depth: 0 }];
  let html = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > LIMITS.treeDepth) {
      fail(file, `the text is nested more than ${LIMITS.treeDepth} levels deep here: flatten the lists, quotes and emphasis around it`, node, 'limit-nesting');
      return false;
    }
    if (node.type === 'html') {
      const value = (node as Node & { value: string }).value;
      for (const match of value.matchAll(TAG)) {
        const name = match[2]!.toLowerCase();
        if (VOID_ELEMENTS.has(name) || match[3] === '/') continue;
        html = match[1] === '/' ? Math.max(0, html - 1) : html + 1;
        if (html > LIMITS.htmlNesting) {
          fail(file, `raw HTML elements nested more than ${LIMITS.htmlNesting} deep: close them, or write the text in Markdown`, node, 'limit-nesting');
          return false;
        }
      }
    }
    const children = (node as Node & { children?: Node[] }).children;
    if (children) for (let k = children.length - 1; k >= 0; k--) stack.push({ node: children[k]!, depth: depth + 1 });
  }
  return true;
}
