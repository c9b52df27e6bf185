/**
 * A raw `<details>` (a disclosure, as a web page folds a long statement or a
 * transcript away) is opened in both editions: a printed page cannot fold,
 * and Chromium printed only its `<summary>`, so the text inside was lost from
 * the PDF; the e-book showed it closed, its text hidden from a reader whose
 * reading app cannot open it.
 *
 * The element gives way to what it holds, its summary first, set as a bold
 * paragraph (a lead, as an interview's question), and the author is told at
 * its place. Runs on the sanitized tree, which keeps `details` and `summary`
 * (GitHub's safe subset).
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toString } from 'hast-util-to-string';
import { whitespace } from 'hast-util-whitespace';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from './diagnostics.js';
import { INLINE } from './rehype-paragraphs.js';

const isElement = (node: RootContent | ElementContent, tagName: string): node is Element => node.type === 'element' && node.tagName === tagName;

/** The summary as a block: a bold paragraph of its words, or its own blocks when it holds any (a heading). */
function lead(summary: Element): ElementContent[] {
  const inline = summary.children.every((child) => child.type === 'text' || (child.type === 'element' && INLINE.has(child.tagName)));
  if (!inline) return summary.children;
  if (summary.children.every((child) => whitespace(child))) return [];
  return [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'element', tagName: 'strong', properties: {}, children: summary.children }] }];
}

export default function rehypeGalleyDetails() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'details' || !parent || index === undefined) return undefined;
      const summary = node.children.find((child): child is Element => isElement(child, 'summary'));
      const words = summary ? toString(summary).replace(/\s+/g, ' ').trim() : '';
      warn(
        file,
        `raw HTML <details> is printed open in both editions${words ? `, its summary "${words}" set as a bold paragraph before its text` : ''}: a printed page cannot fold text away, and not every reading app opens <details>`,
        node,
        'html-details-open',
      );
      const inside = node.children.flatMap((child) => (summary && child === summary ? lead(summary) : [child]));
      parent.children.splice(index, 1, ...(inside as typeof parent.children));
      // Visit what it held from its first node: a <details> inside it is opened too.
      return [SKIP, index];
    });
  };
}
