/**
 * A poem or a song's lyrics is written as stanzas of lines broken by hand
 * (a backslash or two spaces at the end of each line), one stanza a
 * paragraph. Set as prose, each stanza after the first opened with an indent
 * and touched the one before it, so the stanzas ran together. A paragraph
 * whose lines are broken by hand gets the class `verse`: both editions set
 * it flush, unjustified and unhyphenated, with a line's space between
 * stanzas (templates/print/print.css, templates/epub/style.css).
 *
 * Each of its lines is a box of its own (`verse-line`, the `<br>` kept after
 * it for a reader without the style sheet), as poetry is set: a line too long
 * for the measure goes on with a hanging indent, so that the turnover is not
 * taken for one of the poet's own lines (set flush, it was). The poet's own
 * indent is kept: CommonMark drops the spaces that open a line after a hard
 * break, so they are read from the manuscript (columns past the stanza's
 * first line, a tab to the next multiple of four), as are no-break spaces
 * typed to indent; two columns make one em (`verse-indent-1` …
 * `verse-indent-8`, a monospace editor's space being about half an em of
 * text), and a turnover hangs two and a half ems past its own line's indent,
 * never where an indented line starts.
 *
 * A poem quoted inside prose ("I have never found it anywhere else:" and
 * four lines) ran into the paragraphs around it, and the paragraph after it
 * was indented as if it went on. So a stanza right after a prose paragraph
 * is also `verse-start`, and a prose paragraph right after a stanza
 * `after-verse`: both editions set a line's space there, and no indent on
 * the paragraph after (classes rather than sibling selectors, which older
 * reading systems lack).
 */
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** The deepest indent kept, in ems (two columns each): deeper lines are set at this depth. */
export const VERSE_INDENT_MAX = 8;

/** Spaces a poet types to indent a line that CommonMark keeps as text: no-break, figure, ideographic and the like. */
const TYPED_INDENT = /^[\u00A0\u2000-\u200A\u202F\u3000]+/u;

function classes(node: Element): string[] {
  return Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
}

function addClass(node: Element, name: string): void {
  const names = classes(node);
  if (!names.includes(name)) node.properties.className = [...names, name];
}

const isParagraph = (node: ElementContent | undefined): node is Element => node?.type === 'element' && node.tagName === 'p';
const isBreak = (node: ElementContent): boolean => node.type === 'element' && node.tagName === 'br';

/** The visual width of `text` from a line's start, a tab reaching the next multiple of four. */
function width(text: string): number {
  let column = 0;
  for (const char of text) column = char === '\t' ? column + 4 - (column % 4) : column + 1;
  return column;
}

/**
 * Where a stanza's lines start in the manuscript: the column of its first line's text, and the quote marks
 * (">") before it, which every line of the stanza repeats.
 */
interface Margin {
  column: number;
  quotes: number;
}

function marginOf(stanza: Element, lines: string[]): Margin | undefined {
  const start = stanza.position?.start;
  const line = start ? lines[start.line - 1] : undefined;
  if (!start || line === undefined) return undefined;
  const prefix = line.slice(0, start.column - 1);
  return { column: width(prefix), quotes: (prefix.match(/>/g) ?? []).length };
}

/** How far past the stanza's margin the manuscript's line `number` (1-based) starts its text, in columns. */
function indentOfLine(lines: string[], number: number, margin: Margin): number {
  let line = lines[number - 1];
  if (line === undefined) return 0;
  let prefix = '';
  for (let quote = 0; quote < margin.quotes; quote++) {
    const match = /^[ \t]*>/.exec(line);
    if (!match) break;
    prefix += match[0];
    line = line.slice(match[0].length);
  }
  const spaces = /^[ \t]*/.exec(line)![0];
  return Math.max(0, width(prefix + spaces) - margin.column);
}

/** Columns of no-break (and other kept) spaces opening the line, taken off its text. */
function takeTypedIndent(line: ElementContent[]): number {
  const first = line.find((node) => !(node.type === 'text' && node.value.trim() === '' && !TYPED_INDENT.test(node.value)));
  if (first?.type !== 'text') return 0;
  const match = TYPED_INDENT.exec(first.value.replace(/^[\n\r\t ]+/, ''));
  if (!match) return 0;
  first.value = first.value.replace(/^[\n\r\t ]+/, '').slice(match[0].length);
  // An ideographic space is as wide as two.
  return [...match[0]].reduce((sum, char) => sum + (char === '\u3000' ? 2 : 1), 0);
}

const hasBreak = (node: ElementContent): boolean => node.type === 'element' && (isBreak(node) || node.children.some(hasBreak));

/**
 * `nodes` with every break inside an inline element (a line break inside `*…*`, a link or a span) brought up
 * among them: the element is cut there into one copy before the break and one after, each holding its part
 * (an id stays on the first). A break inside emphasis was left inside its line's box, so the poet's next line
 * was set as that line's turnover, hung 2.5 em in (or the paragraph, broken only there, not set as verse).
 * The newline remark-rehype writes after a break goes before the copy, where a line's own lead is looked for.
 */
function liftBreaks(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((node): ElementContent[] => {
    if (node.type !== 'element' || isBreak(node) || !node.children.some(hasBreak)) return [node];
    const pieces: ElementContent[][] = [[]];
    const breaks: ElementContent[] = [];
    for (const child of liftBreaks(node.children)) {
      if (isBreak(child)) {
        breaks.push(child);
        pieces.push([]);
      } else pieces[pieces.length - 1]!.push(child);
    }
    const out: ElementContent[] = [];
    pieces.forEach((piece, index) => {
      if (index > 0) {
        out.push(breaks[index - 1]!);
        const first = piece[0];
        const lead = first?.type === 'text' ? /^[\n\r]+/.exec(first.value)?.[0] : undefined;
        if (lead && first?.type === 'text') {
          out.push({ type: 'text', value: lead });
          first.value = first.value.slice(lead.length);
        }
      }
      if (piece.every((child) => child.type === 'text' && child.value === '')) return;
      const properties = index === 0 ? node.properties : Object.fromEntries(Object.entries(node.properties).filter(([name]) => name !== 'id'));
      out.push({ ...node, properties: { ...properties }, children: piece });
    });
    return out;
  });
}

/** The stanza's children as lines, each a span of its own (with its indent), the breaks kept between them. */
function shapeLines(stanza: Element, source: string[]): void {
  const lines: ElementContent[][] = [[]];
  // The manuscript's line each of the stanza's lines starts on: the one after its break.
  const numbers: Array<number | undefined> = [stanza.position?.start.line];
  for (const child of stanza.children) {
    if (!isBreak(child)) lines[lines.length - 1]!.push(child);
    else {
      lines.push([]);
      numbers.push(child.position ? child.position.start.line + 1 : undefined);
    }
  }
  const margin = marginOf(stanza, source);
  const children: ElementContent[] = [];
  lines.forEach((line, index) => {
    // remark-rehype writes a line break as <br> and a newline: the newline stays between the lines' boxes.
    const lead = line[0]?.type === 'text' && /^[\n\r]+/.test(line[0].value) ? line[0].value.match(/^[\n\r]+/)![0] : '';
    if (lead && line[0]?.type === 'text') line[0].value = line[0].value.slice(lead.length);
    let columns = takeTypedIndent(line);
    const number = numbers[index];
    if (index > 0 && margin && number !== undefined) columns += indentOfLine(source, number, margin);
    if (line.length === 0 || line.every((node) => node.type === 'text' && node.value === '')) {
      // A break at the stanza's end: nothing to set.
      if (index > 0) children.push({ type: 'element', tagName: 'br', properties: {}, children: [] });
      return;
    }
    const names = ['verse-line'];
    const ems = Math.min(VERSE_INDENT_MAX, Math.ceil(columns / 2));
    if (ems > 0) names.push(`verse-indent-${ems}`);
    if (index > 0) children.push({ type: 'element', tagName: 'br', properties: {}, children: [] });
    if (lead) children.push({ type: 'text', value: lead });
    children.push({ type: 'element', tagName: 'span', properties: { className: names }, children: line });
  });
  stanza.children = children;
}

export default function rehypeGalleyVerse() {
  return (tree: Root, file?: VFile): void => {
    const source = file ? String(file.value).split(/\r\n|\r|\n/) : [];
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p' || !node.children.some(hasBreak)) return;
      node.children = liftBreaks(node.children);
      addClass(node, 'verse');
      shapeLines(node, source);
    });
    // Each paragraph beside the one before it (white space between them is no sibling).
    visit(tree, (parent) => {
      if (!('children' in parent)) return;
      const elements = (parent.children as ElementContent[]).filter((child): child is Element => child.type === 'element');
      elements.forEach((node, index) => {
        const before = elements[index - 1];
        if (!isParagraph(node) || !isParagraph(before)) return;
        const verse = classes(node).includes('verse');
        const verseBefore = classes(before).includes('verse');
        if (verse && !verseBefore) addClass(node, 'verse-start');
        if (!verse && verseBefore) addClass(node, 'after-verse');
      });
    });
  };
}
