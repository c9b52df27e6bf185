/**
 * GFM footnotes (made by remark-rehype) get their DPUB-ARIA roles, which both
 * editions need: the EPUB writer derives `epub:type` from them, and the PDF's
 * structure tree gets meaningful tags.
 *
 * In a table cell, a note call right after a figure ("3[^n]") would read as
 * the figure's power ("3²"), and a reading app that drops the superscript
 * turns it into another number ("32"): the call is set a narrow no-break
 * space apart from the figure.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * U+00A0 NO-BREAK SPACE: a space that never breaks the line. Not the
 * narrower U+202F, which the shipped text face does not draw (the PDF would
 * print it as a box; see "French spacing" in the README).
 */
export const NOTE_CALL_SPACE = '\u00a0';

function isNoteCall(node: ElementContent): boolean {
  return node.type === 'element' && node.tagName === 'sup' && node.children.some((child) => child.type === 'element' && child.tagName === 'a' && child.properties.dataFootnoteRef !== undefined);
}

/** The last text in `node` (itself, or its last descendant that is text). */
function lastText(node: ElementContent): Text | undefined {
  if (node.type === 'text') return node;
  if (node.type !== 'element') return undefined;
  for (let i = node.children.length - 1; i >= 0; i--) {
    const found = lastText(node.children[i]!);
    if (found) return found;
  }
  return undefined;
}

function spaceCallsAfterFigures(cell: Element): void {
  visit(cell, 'element', (node: Element) => {
    node.children.forEach((child, index) => {
      if (index === 0 || !isNoteCall(child)) return;
      const before = lastText(node.children[index - 1]!);
      if (before && /\p{Nd}$/u.test(before.value)) before.value += NOTE_CALL_SPACE;
    });
  });
}

export default function rehypeGalleyNotes() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'a' && node.properties.dataFootnoteRef !== undefined) {
        node.properties.role = 'doc-noteref';
      } else if (node.tagName === 'a' && node.properties.dataFootnoteBackref !== undefined) {
        node.properties.role = 'doc-backlink';
      } else if (node.tagName === 'section' && node.properties.dataFootnotes !== undefined) {
        node.properties.role = 'doc-endnotes';
      } else if (node.tagName === 'td' || node.tagName === 'th') {
        spaceCallsAfterFigures(node);
      }
    });
  };
}
