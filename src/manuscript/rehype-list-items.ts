/**
 * A list item of more than one paragraph ("Back up the shared drive." and
 * then, indented under it, why and when). Both editions set a paragraph
 * break inside a list the way a list shows one: the item's next paragraph
 * a half-line below, flush with the item's text, neither indented nor a
 * paragraph that runs on (print set it flush and touching, so it read as
 * the same paragraph; the e-book indented and justified it).
 *
 * Such a list gets the class `long-items`: its items then stand the same
 * half-line apart, so that a paragraph inside an item is never set further
 * from its item than the next item is (templates/print/print.css,
 * templates/epub/style.css). A class rather than `:has()`, which the
 * reading systems lack.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

const isElement = (node: unknown): node is Element => (node as Element | undefined)?.type === 'element';

/** An item holding a paragraph after some other block of its own (a paragraph, a nested list, a figure). */
function hasFollowingParagraph(item: Element): boolean {
  const blocks = item.children.filter(isElement);
  return blocks.some((block, index) => index > 0 && block.tagName === 'p');
}

export default function rehypeGalleyListItems() {
  return (tree: Root): void => {
    visit(tree, 'element', (list: Element) => {
      if (list.tagName !== 'ul' && list.tagName !== 'ol') return;
      const items = list.children.filter((child): child is Element => isElement(child) && child.tagName === 'li');
      if (!items.some(hasFollowingParagraph)) return;
      const names = Array.isArray(list.properties.className) ? list.properties.className.map(String) : [];
      if (!names.includes('long-items')) list.properties.className = [...names, 'long-items'];
    });
  };
}
