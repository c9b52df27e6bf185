/**
 * The walk the typographic rules of one language share (French spacing,
 * one-letter words): every text of a hast tree with the language in force
 * there (the nearest `lang` mark, else the article's), skipping code and
 * addresses, whose text is set as written.
 */
import type { Element, Root, Text } from 'hast';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import { languageInForce } from '../language-mark.js';

/** Elements whose text is set as written. */
const LEAVE = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style']);

/** Replaces each text of `tree` with `rewrite(text, language in force)`. */
export function rewriteTextByLanguage(tree: Root, language: string, rewrite: (text: string, language: string) => string): void {
  visitParents(tree, (node, ancestors) => {
    if (node.type === 'element' && (LEAVE.has(node.tagName) || classes(node).includes('url'))) return SKIP;
    if (node.type !== 'text') return undefined;
    // The nearest language mark is in force, else the article's language.
    (node as Text).value = rewrite((node as Text).value, languageInForce(ancestors as Array<Element | Root>, language));
    return undefined;
  });
}

function classes(element: Element): string[] {
  const value: unknown = element.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}
