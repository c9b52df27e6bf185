/**
 * What both editions set in capitals in the body (`p.credit`, a picture's
 * credit line, and `h5`, the `#####` headings: templates/epub/style.css,
 * templates/print/print.css) keeps the prefixes Irish keeps in lower case
 * ("Ó hUIGINN", "AN tSPIDÉAL"): see src/capitals.ts. Runs after the figures
 * are read (rehype-figures.ts), whose copy of the credit for the credits
 * list, which is not in capitals, stays as it was written.
 */
import type { Element, Root } from 'hast';
import { visitParents, SKIP } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { markKeptCase } from '../capitals.js';
import { languageInForce } from '../language-mark.js';

function setInCapitals(element: Element): boolean {
  if (element.tagName === 'h5') return true;
  const value: unknown = element.properties.className;
  return element.tagName === 'p' && Array.isArray(value) && value.includes('credit');
}

export default function rehypeGalleyCapitals() {
  return (tree: Root, file: VFile): void => {
    const language = file.data.frontMatter?.language ?? 'en';
    visitParents(tree, 'element', (node, ancestors) => {
      if (!setInCapitals(node)) return undefined;
      // The language in force: the nearest mark, the element's own included, else the article's.
      node.children = markKeptCase(node.children, languageInForce([...(ancestors as Array<Element | Root>), node], language));
      return SKIP;
    });
  };
}
