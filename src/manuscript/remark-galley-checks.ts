/**
 * Checks on the Markdown that would otherwise give silently wrong editions:
 * an article with no body, a code fence never closed (CommonMark lets it run
 * to the end of its container, so the rest of the article, headings and all,
 * would be set as code), a footnote call whose note is not defined (it
 * prints as a literal `[^name]`), a note nothing calls or one whose label
 * another note has already (it vanishes), and a
 * first-level heading in the body (set as large as the headline, a second title).
 */
import type { Code, FootnoteDefinition, FootnoteReference, Heading, Html, Root, RootContent, Text } from 'mdast';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail, warn } from './diagnostics.js';

/** An unescaped `[^label]` left in the text, which the parser did not take for a footnote call. */
const FOOTNOTE_CALL = /(?<!\\)\[\^([^\]\s]+)\](?!:)/g;

/**
 * Where a fenced code block opened and, when no fence of its own ends it, the
 * fence it needed. An indented block has no fence; a fence is closed by a line
 * of the same character, at least as long, with nothing after it but spaces.
 */
function missingFence(node: Code, source: string): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const text = source.slice(start, end);
  const opening = /^(`{3,}|~{3,})/.exec(text)?.[1];
  if (!opening) return undefined;
  const lines = text.trimEnd().split('\n');
  if (lines.length > 1) {
    const last = lines[lines.length - 1]!.replace(/^[ \t>]*(?:[-*+]|\d+[.)])?[ \t]*/, '');
    const fence = new RegExp(`^\\${opening[0]}{${opening.length},}[ \t]*$`);
    if (fence.test(last)) return undefined;
  }
  return opening;
}

function isBody(node: RootContent): boolean {
  if (node.type === 'yaml' || node.type === 'definition' || node.type === 'footnoteDefinition') return false;
  if (node.type === 'html') return !/^\s*(<!--[\s\S]*?-->\s*)*$/.test(node.value);
  return true;
}

export default function remarkGalleyChecks() {
  return (tree: Root, file: VFile): void => {
    if (!tree.children.some(isBody)) {
      const yaml = tree.children.find((node) => node.type === 'yaml');
      const line = (yaml?.position?.end.line ?? 0) + 1;
      fail(file, 'the article has no body: write its text below the front matter', { line, column: 1 }, 'body-empty');
    }

    const source = String(file.value);
    visit(tree, 'code', (node: Code) => {
      const fence = missingFence(node, source);
      if (fence === undefined) return;
      const first = (node.position?.start.line ?? 1) + 1;
      // The block's end may be the line after the file's last newline.
      const start = node.position?.start.offset ?? 0;
      const last = first - 1 + (source.slice(start, node.position?.end.offset ?? start).trimEnd().match(/\n/g)?.length ?? 0);
      const taken = last < first ? '' : `; without it, ${last > first ? `lines ${first}–${last}` : `line ${first}`} would be set as code`;
      fail(file, `code block not closed: end it with a line holding only "${fence}"${taken}`, node, 'code-unclosed');
    });
    const called = new Set<string>();
    const defined = new Set<string>();
    visit(tree, 'footnoteReference', (node: FootnoteReference) => {
      called.add(node.identifier); // identifiers are normalised labels
    });
    // A label defined twice: every call shows the first note, and the second is lost.
    const firstDefinition = new Map<string, FootnoteDefinition>();
    visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
      defined.add(node.identifier);
      const first = firstDefinition.get(node.identifier);
      if (!first) {
        firstDefinition.set(node.identifier, node);
        return;
      }
      const label = node.label ?? node.identifier;
      const at = first.position ? ` (first at ${first.position.start.line}:${first.position.start.column})` : '';
      fail(file, `footnote \`[^${label}]\` is defined twice${at}: every call would show the first note and this one would be lost; give it a label of its own and call it, or delete one`, node, 'footnote-duplicate');
    });
    // In text, `[^label]` is left as it is only when no note has that label; in
    // raw HTML (a line that starts with a tag is HTML up to the next blank
    // line) it is never read as a call, whether or not the note exists.
    visit(tree, (node) => node.type === 'text' || node.type === 'html', (node) => {
      const { value, position } = node as Text | Html;
      const inHtml = node.type === 'html';
      const start = position?.start;
      const end = position?.end;
      if (start?.offset === undefined || end?.offset === undefined || !value.includes('[^')) return;
      const raw = source.slice(start.offset, end.offset);
      for (const match of raw.matchAll(FOOTNOTE_CALL)) {
        const before = source.slice(start.offset, start.offset + match.index);
        const newlines = before.split('\n');
        const line = start.line + newlines.length - 1;
        const column = newlines.length === 1 ? start.column + match.index : newlines[newlines.length - 1]!.length + 1;
        const label = match[1]!;
        const reason = inHtml && defined.has(normalizeIdentifier(label).toLowerCase())
          ? `footnote call \`[^${label}]\` is inside raw HTML, where Markdown is not read, so it would print as it is: move it out of the HTML (a line that starts with a tag is HTML up to the next blank line)`
          : `footnote \`[^${label}]\` is not defined: add its note on a line of its own, \`[^${label}]: The note.\`, or write \\[^${label}] for the brackets themselves`;
        fail(file, reason, { line, column, offset: start.offset + match.index }, 'footnote-undefined');
      }
    });
    visit(tree, 'heading', (node: Heading) => {
      if (node.depth !== 1) return;
      warn(
        file,
        'a first-level heading (`#`) in the body is set as large as the headline, like a second title: the headline is the front matter\'s `title`; start a section with `##` (and a subsection with `###`)',
        node,
        'heading-first-level',
      );
    });
    visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
      if (!called.has(node.identifier)) {
        warn(file, `footnote \`[^${node.label ?? node.identifier}]\` is never called, so no edition shows it: call it with [^${node.label ?? node.identifier}] in the text, or delete it`, node, 'footnote-unused');
      }
    });
  };
}
