/**
 * Line breaking that both editions share (see src/line-breaks.ts): number
 * ranges held together, numbers to their units, a short prefix to its word
 * (and in Portuguese, Polish… every hyphen inside a word), URLs in the text
 * breakable only at their punctuation; long runs of inline code breakable between their parts; a listing
 * (`pre > code`) a box per line, wrapping at spaces first. Other
 * preformatted text and keyboard input are left as written.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { breakableCode, breakableListing, textWithBreakableUrls } from '../line-breaks.js';
import { languageInForce } from '../language-mark.js';

const LEAVE = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style']);

export default function rehypeGalleyLineBreaks() {
  return (tree: Root, file?: VFile): void => {
    const language = file?.data.frontMatter?.language ?? 'en';
    const edits: Array<{ parent: Element | Root; node: Text; replacement: ElementContent[] }> = [];
    visitParents(tree, (node, ancestors) => {
      // A listing: a box per line, its long words breakable (galley's own markup: only one text inside).
      if (node.type === 'element' && node.tagName === 'pre') {
        const code = node.children.length === 1 && node.children[0]!.type === 'element' && node.children[0]!.tagName === 'code' ? node.children[0] : undefined;
        const only = code?.children.length === 1 ? code.children[0] : undefined;
        if (code && only?.type === 'text') edits.push({ parent: code, node: only, replacement: breakableListing(only.value) });
        return SKIP;
      }
      if (node.type === 'element' && node.tagName === 'code' && !ancestors.some((ancestor) => ancestor.type === 'element' && ancestor.tagName === 'pre')) {
        for (const child of node.children) if (child.type === 'text') edits.push({ parent: node, node: child, replacement: breakableCode(child.value) });
        return SKIP;
      }
      if (node.type === 'element' && LEAVE.has(node.tagName)) return SKIP;
      if (node.type !== 'text') return undefined;
      const parent = ancestors[ancestors.length - 1] as Element | Root | undefined;
      if (!parent) return undefined;
      // An address's text breaks only where its span.url says.
      if (ancestors.some((ancestor) => ancestor.type === 'element' && (hasClass(ancestor, 'url') || hasClass(ancestor, 'nobreak')))) return undefined;
      // The nearest language mark is in force, else the article's language: its hyphens are kept as it keeps them.
      edits.push({ parent, node, replacement: textWithBreakableUrls(node.value, languageInForce(ancestors as Array<Element | Root>, language)) });
      return undefined;
    });
    for (const { parent, node, replacement } of edits) {
      const index = parent.children.indexOf(node);
      if (index >= 0) parent.children.splice(index, 1, ...replacement);
    }
  };
}

function hasClass(node: Element, name: string): boolean {
  return Array.isArray(node.properties.className) && node.properties.className.includes(name);
}
