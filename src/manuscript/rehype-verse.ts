/**
 * A poem or a song's lyrics is written as stanzas of lines broken by hand
 * (a backslash or two spaces at the end of each line), one stanza a
 * paragraph. Set as prose, each stanza after the first opened with an indent
 * and touched the one before it, so the stanzas ran together. A paragraph
 * whose lines are broken by hand gets the class `verse`: both editions set
 * it flush, unjustified and unhyphenated, with a line's space between
 * stanzas (templates/print/print.css, templates/epub/style.css).
 *
 * A poem quoted inside prose ("I have never found it anywhere else:" and
 * four lines) ran into the paragraphs around it, and the paragraph after it
 * was indented as if it went on. So a stanza right after a prose paragraph
 * is also `verse-start`, and a prose paragraph right after a stanza
 * `after-verse`: both editions set a line's space there, and no indent on
 * the paragraph after (classes rather than sibling selectors, which older
 * reading systems lack).
 */
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

function classes(node: Element): string[] {
  return Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
}

function addClass(node: Element, name: string): void {
  const names = classes(node);
  if (!names.includes(name)) node.properties.className = [...names, name];
}

const isParagraph = (node: ElementContent | undefined): node is Element => node?.type === 'element' && node.tagName === 'p';

export default function rehypeGalleyVerse() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p' || !node.children.some((child) => child.type === 'element' && child.tagName === 'br')) return;
      addClass(node, 'verse');
    });
    // Each paragraph beside the one before it (white space between them is no sibling).
    visit(tree, (parent) => {
      if (!('children' in parent)) return;
      const elements = (parent.children as ElementContent[]).filter((child): child is Element => child.type === 'element');
      elements.forEach((node, index) => {
        const before = elements[index - 1];
        if (!isParagraph(node) || !isParagraph(before)) return;
        const verse = classes(node).includes('verse');
        const verseBefore = classes(before).includes('verse');
        if (verse && !verseBefore) addClass(node, 'verse-start');
        if (!verse && verseBefore) addClass(node, 'after-verse');
      });
    });
  };
}
