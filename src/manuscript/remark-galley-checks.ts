/**
 * Checks on the Markdown that would otherwise give silently wrong editions:
 * an article with no body, a footnote call whose note is not defined (it
 * prints as a literal `[^name]`), a note nothing calls (it vanishes), and a
 * first-level heading in the body (set as large as the headline, a second title).
 */
import type { FootnoteDefinition, FootnoteReference, Heading, Html, Root, RootContent, Text } from 'mdast';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail, warn } from './diagnostics.js';

/** An unescaped `[^label]` left in the text, which the parser did not take for a footnote call. */
const FOOTNOTE_CALL = /(?<!\\)\[\^([^\]\s]+)\](?!:)/g;

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
    const called = new Set<string>();
    const defined = new Set<string>();
    visit(tree, 'footnoteReference', (node: FootnoteReference) => {
      called.add(node.identifier); // identifiers are normalised labels
    });
    visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
      defined.add(node.identifier);
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
