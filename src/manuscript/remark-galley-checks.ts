/**
 * Checks on the Markdown that would otherwise give silently wrong editions:
 * an article with no body, a footnote call whose note is not defined (it
 * prints as a literal `[^name]`), and a note nothing calls (it vanishes).
 */
import type { FootnoteDefinition, FootnoteReference, Root, RootContent, Text } from 'mdast';
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
    visit(tree, 'footnoteReference', (node: FootnoteReference) => {
      called.add(node.identifier); // identifiers are normalised labels
    });
    visit(tree, 'text', (node: Text) => {
      const start = node.position?.start;
      const end = node.position?.end;
      if (start?.offset === undefined || end?.offset === undefined || !node.value.includes('[^')) return;
      const raw = source.slice(start.offset, end.offset);
      for (const match of raw.matchAll(FOOTNOTE_CALL)) {
        const before = source.slice(start.offset, start.offset + match.index);
        const newlines = before.split('\n');
        const line = start.line + newlines.length - 1;
        const column = newlines.length === 1 ? start.column + match.index : newlines[newlines.length - 1]!.length + 1;
        fail(file, `footnote \`[^${match[1]}]\` is not defined: add its note on a line of its own, \`[^${match[1]}]: The note.\`, or write \\[^${match[1]}] for the brackets themselves`, { line, column, offset: start.offset + match.index }, 'footnote-undefined');
      }
    });
    visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
      if (!called.has(node.identifier)) {
        warn(file, `footnote \`[^${node.label ?? node.identifier}]\` is never called, so no edition shows it: call it with [^${node.label ?? node.identifier}] in the text, or delete it`, node, 'footnote-unused');
      }
    });
  };
}
