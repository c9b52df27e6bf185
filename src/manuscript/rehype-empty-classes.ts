/**
 * rehype-sanitize filters the class names of raw HTML down to the few the
 * editions style (`figure`, `credit`), but keeps the list when it filters
 * out every name, and an empty list is written as `class=""`. This plugin
 * runs right after it and drops such lists.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export default function rehypeGalleyEmptyClasses() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element) => {
      const names = node.properties.className;
      if (Array.isArray(names) && names.length === 0) delete node.properties.className;
    });
  };
}
