/**
 * remark-directive reads `:name` anywhere in text, so prose such as
 * "Note:this" would silently turn into a directive. Text directives galley
 * does not know go back to the text they were; block directives galley does not
 * know are an error, since their content would otherwise vanish.
 *
 * A container directive with no closing fence is an error too: micromark, like
 * CommonMark for an unclosed code fence, closes it where its parent ends, so a
 * `:::figure` missing its `:::` would silently take the rest of the article
 * (headings and all) for its caption.
 *
 * A line that opens like a directive (`:::figure{…}`) but does not parse as
 * one is an error too: micromark then reads it, its caption and its closing
 * `:::` as a plain paragraph, so the picture and its credit would vanish and
 * the markup print as text. The message says what is wrong with the line
 * where that can be told (a quote or `{` never closed, a space before `{`).
 */
import type { Paragraph, Root, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail } from './diagnostics.js';

const BLOCK_DIRECTIVES = new Set(['figure']);
/** Text directives galley knows: `:span[…]{lang=…}` (remark-language.ts). */
const TEXT_DIRECTIVES = new Set(['span']);

type Directive = ContainerDirective | LeafDirective | TextDirective;

/**
 * Whether a container directive ends with a fence of its own: its last line holds
 * only colons (after a quote's `>` or a list item's indent), at least as many as
 * it opened with, and belongs to no child (the fence of a nested container that
 * closed when the outer one did not).
 */
function isClosed(node: ContainerDirective, source: string): boolean {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return true;
  const text = source.slice(start, end).trimEnd();
  const lastLine = text.lastIndexOf('\n') + 1;
  if (lastLine === 0) return false;
  const fence = /^[ \t>]*(:{3,})[ \t]*$/.exec(text.slice(lastLine));
  const opening = /^:+/.exec(text)?.[0].length ?? 3;
  if (!fence || fence[1]!.length < opening) return false;
  const lastChildEnd = node.children.at(-1)?.position?.end.offset;
  return lastChildEnd === undefined || lastChildEnd <= start + lastLine;
}

function unclosedReason(node: ContainerDirective, source: string): string {
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? start;
  const fence = /^:+/.exec(source.slice(start))?.[0] ?? ':::';
  const name = node.name === 'figure' ? 'figure' : `directive \`${fence}${node.name}\``;
  const first = (node.position?.start.line ?? 1) + 1;
  const last = (node.position?.start.line ?? 1) + (source.slice(start, end).trimEnd().match(/\n/g)?.length ?? 0);
  const taken = last < first ? '' : `; without it, ${last > first ? `lines ${first}–${last}` : `line ${first}`} would be taken into it${node.name === 'figure' ? ' as its caption' : ''}`;
  return `${name} not closed: end it with a line holding only "${fence}"${taken}`;
}

/** A line that starts the way a block directive does: colons and a name, maybe a space between. */
const DIRECTIVE_LIKE = /^(:{2,})([ \t]*)([A-Za-z][\w-]*)/;

/**
 * Whether a line that starts with colons and a word is surely a directive
 * gone wrong rather than prose: a figure, however spaced; any other name
 * right after three colons or more; after two, a name followed by "{" or "[".
 */
function meantAsDirective(head: RegExpExecArray, line: string): boolean {
  const [whole, colons, space, name] = head;
  if (name === 'figure') return true;
  if (space) return false;
  return colons!.length >= 3 || /^[{[]/.test(line.slice(whole.length));
}

/**
 * What keeps a line from being read as a directive. `line` starts at the
 * directive's colons; `at(i)` names the place of its character `i` ("8:53").
 */
function whyNotDirective(line: string, at: (i: number) => string): string {
  const head = DIRECTIVE_LIKE.exec(line)!;
  const [, colons, space, name] = head;
  const written = `${colons}${name}`;
  if (space) return `a space stands between "${colons}" and the name at ${at(colons!.length)}: write \`${written}\``;
  let i = head[0].length;
  if (line[i] === '[') {
    const close = line.indexOf(']', i);
    if (close < 0) return `the "[" opened at ${at(i)} is never closed with "]"`;
    i = close + 1;
  }
  if (/^[ \t]+\{/.test(line.slice(i))) return `a space stands between \`${written}\` and its "{" at ${at(i)}: write \`${written}{…}\``;
  if (line[i] === '{') {
    const open = i;
    i++;
    while (i < line.length && line[i] !== '}') {
      const char = line[i]!;
      if (char === '"' || char === "'") {
        const end = line.indexOf(char, i + 1);
        if (end < 0) return `the quote opened at ${at(i)} is never closed: end the value with ${char} before the "}"`;
        i = end + 1;
      } else i++;
    }
    if (i >= line.length) return `the "{" opened at ${at(open)} is never closed with "}" on its line (a figure's attributes are all written on the line that opens it)`;
    i++;
  }
  const rest = line.slice(i);
  if (rest.trim() !== '') return `"${rest.trim().slice(0, 20)}" at ${at(i + rest.length - rest.trimStart().length)}: nothing may follow ${line[i - 1] === '}' ? 'the attribute list\'s "}"' : 'the name'} on the line`;
  return 'check its attribute list, e.g. `:::figure{src="images/photo.jpg" alt="…" credit="…"}`';
}

/**
 * Lines of a paragraph that start like a block directive but are not one
 * (see whyNotDirective): each is an error at its line's start.
 */
function checkDirectiveLikeLines(node: Paragraph, source: string, file: VFile): void {
  const start = node.position?.start;
  const end = node.position?.end;
  if (start?.offset === undefined || end?.offset === undefined) return;
  let offset = start.offset;
  let line = start.line;
  for (const text of source.slice(start.offset, end.offset).split('\n')) {
    // The first line starts where the paragraph does; a continuation keeps its quote marks and indent.
    const indent = line === start.line ? 0 : /^[ \t>]*/.exec(text)![0].length;
    const column = line === start.line ? start.column : indent + 1;
    const rest = text.slice(indent);
    const head = DIRECTIVE_LIKE.exec(rest);
    if (head && meantAsDirective(head, rest)) {
      const name = head[3]!;
      const what = name === 'figure' ? 'figure' : `directive \`${head[1]}${name}\``;
      const lost = name === 'figure' ? 'its picture and credit would be lost and its markup printed as text' : 'its markup would be printed as text';
      const reason = whyNotDirective(rest, (i) => `${line}:${column + i}`);
      fail(file, `${what} not read, so ${lost}: ${reason}`, { line, column, offset: offset + indent }, 'directive-malformed');
    }
    offset += text.length + 1;
    line += 1;
  }
}

/** What an unknown directive's error says after its name: the directives galley knows, and the way out. */
const UNKNOWN_ADVICE = 'galley knows `:::figure{…}` and `:span[…]{lang=…}`; to write the text literally, escape the colon as \\:';

/**
 * An inline directive written with two colons inside a line (`::note[hi]`,
 * as other Markdown tools write one), which the parser leaves as text: a
 * space before it, a name, then `[` or `{` (one opening a line is told by
 * checkDirectiveLikeLines). `std::vector[3]` and `a::b` have a letter
 * before the colons.
 */
const DOUBLE_COLON_INLINE = /([\s(])::([A-Za-z][\w-]*)[[{]/g;

/**
 * Whether an unknown text directive was meant as one: it stands at the start
 * of a line or after a space or an opening bracket, and has a label or
 * attributes (`:abbr[NATO]{title="x"}`). Text with colons, which the parser
 * also reads as directives (`10:30`, `ratio 3:2`, `key:value[^1]`,
 * `foo:bar`, `e.g.:x`), is left as text: a letter, figure or stop comes before
 * its colon, or nothing follows its name.
 */
function textMeantAsDirective(directive: TextDirective, source: string): boolean {
  const start = directive.position?.start.offset;
  const end = directive.position?.end.offset;
  if (start === undefined || end === undefined) return false;
  if (start > 0 && !/[\s(]/.test(source[start - 1]!)) return false;
  return /^:[A-Za-z][\w-]*[[{]/.test(source.slice(start, end));
}

export default function remarkGalleyDirectives() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'paragraph', (node: Paragraph) => {
      checkDirectiveLikeLines(node, String(file.value), file);
    });
    // Before the unknown text directives below go back to text, so that each is told once.
    visit(tree, 'text', (node: Text) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) return;
      const source = String(file.value).slice(start, end);
      for (const match of source.matchAll(DOUBLE_COLON_INLINE)) {
        const offset = start + match.index + match[1]!.length;
        const before = String(file.value).slice(0, offset);
        const line = before.split('\n').length;
        const column = offset - before.lastIndexOf('\n');
        fail(file, `unknown directive \`::${match[2]}\`: ${UNKNOWN_ADVICE}`, { line, column, offset }, 'directive-unknown');
      }
    });
    visit(tree, (node, index, parent) => {
      if (node.type !== 'textDirective' && node.type !== 'leafDirective' && node.type !== 'containerDirective') return;
      const directive = node as Directive;
      if (directive.type === 'textDirective') {
        if (TEXT_DIRECTIVES.has(directive.name)) return undefined;
        if (!parent || index === undefined) return;
        const source = file.value.toString();
        // Printed as its markup, quotes curled: refused as the block form is.
        if (textMeantAsDirective(directive, source)) fail(file, `unknown directive \`:${directive.name}\`: ${UNKNOWN_ADVICE}`, directive, 'directive-unknown');
        const start = directive.position?.start.offset;
        const end = directive.position?.end.offset;
        const value = start !== undefined && end !== undefined ? source.slice(start, end) : `:${directive.name}${toString(directive)}`;
        // One text node with its neighbours, as it was before the parser tried it: the checks
        // after this one read runs of text (an address such as doi:10.1000/x is one).
        let at = index;
        let text: Text = { type: 'text', value, ...(directive.position ? { position: { ...directive.position } } : {}) };
        parent.children.splice(index, 1, text);
        const before = parent.children[index - 1];
        if (before?.type === 'text') {
          before.value += text.value;
          if (before.position && text.position) before.position = { start: before.position.start, end: text.position.end };
          parent.children.splice(index, 1);
          text = before;
          at = index - 1;
        }
        const after = parent.children[at + 1];
        if (after?.type === 'text') {
          text.value += after.value;
          if (text.position && after.position) text.position = { start: text.position.start, end: after.position.end };
          parent.children.splice(at + 1, 1);
        }
        return [SKIP, at + 1];
      }
      if (directive.type === 'containerDirective' && !isClosed(directive, String(file.value))) {
        fail(file, unclosedReason(directive, String(file.value)), directive, 'directive-unclosed');
      }
      if (directive.type === 'leafDirective' && BLOCK_DIRECTIVES.has(directive.name)) {
        // Read as a line of its own with no caption: the figure would be published as nothing.
        fail(file, `figure opened with two colons, so its picture and credit would be lost: write \`:::${directive.name}{…}\`, then its caption, then a line holding only ":::"`, directive, 'directive-malformed');
      }
      if (!BLOCK_DIRECTIVES.has(directive.name)) {
        const marker = directive.type === 'containerDirective' ? ':::' : '::';
        fail(file, `unknown directive \`${marker}${directive.name}\`: ${UNKNOWN_ADVICE}`, directive, 'directive-unknown');
      }
      return undefined;
    });
  };
}
