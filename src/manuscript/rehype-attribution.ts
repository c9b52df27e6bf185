/**
 * A block quote's attribution. Authors write it as the quote's last
 * paragraph, opening with a dash:
 *
 *     > The words quoted.
 *     >
 *     > — Who said them, and where
 *
 * That paragraph gets the class `attribution`, which the editions' style
 * sheets set apart from the quote (flush to the end of the line, not
 * indented as the quote's next paragraph).
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** A dash (em, en, or a horizontal bar), then a space: the attribution's opening. */
const OPENING = /^\s*[\u2013\u2014\u2015]\s/;

export default function rehypeGalleyAttribution() {
  return (tree: Root): void => {
    visit(tree, 'element', (quote: Element) => {
      if (quote.tagName !== 'blockquote') return;
      const paragraphs = quote.children.filter((child): child is Element => child.type === 'element');
      const last = paragraphs[paragraphs.length - 1];
      if (paragraphs.length < 2 || last?.tagName !== 'p' || !OPENING.test(toString(last))) return;
      const names = Array.isArray(last.properties.className) ? last.properties.className.map(String) : [];
      last.properties.className = [...names, 'attribution'];
    });
  };
}
