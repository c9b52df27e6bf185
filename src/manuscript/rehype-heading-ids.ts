/**
 * Each heading's id, made by rehype-slug (GitHub's slugs, the ids an author's
 * preview gives and links to) from the heading's words without its notes'
 * calls: `## Budget[^b] 2024` is `budget-2024`, where rehype-slug alone, from
 * all of the heading's text, made `budget1-2024`, and an author's link to
 * `#budget-2024` led nowhere. A link's address is not in the heading's text
 * here (the print adds it later, src/pdf/links.ts), so its words alone make
 * the id. The headings are slugged in their order, together, so that two
 * alike get `-1`, `-2` as before; a heading that has an id keeps it.
 */
import type { Element, Root } from 'hast';
import rehypeSlug from 'rehype-slug';
import { visit } from 'unist-util-visit';
import { headingWords } from '../heading-words.js';

const HEADING = /^h[1-6]$/;

export default function rehypeGalleyHeadingIds() {
  const slug = rehypeSlug();
  return (tree: Root): void => {
    const headings: Element[] = [];
    visit(tree, 'element', (node: Element) => {
      if (HEADING.test(node.tagName) && !node.properties.id) headings.push(node);
    });
    // The headings' words alone, in a tree of their own, for rehype-slug to slug as it slugs a page.
    const words: Element[] = headings.map((heading) => ({ type: 'element', tagName: heading.tagName, properties: {}, children: [{ type: 'text', value: headingWords(heading) }] }));
    slug({ type: 'root', children: words });
    headings.forEach((heading, index) => {
      heading.properties.id = words[index]!.properties.id;
    });
  };
}
