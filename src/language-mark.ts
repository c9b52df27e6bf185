/**
 * The language a hast element marks its text in, and the language in force
 * at a point of a tree: the nearest mark among its elements, else the
 * article's. The reader and the writers read marks alike through these.
 */
import type { Element, Root } from 'hast';

/** The `lang` an element carries, if it carries one (an empty `lang` counts: it says "unknown"). */
export function langMark(node: Element | Root | undefined): string | undefined {
  return node?.type === 'element' && typeof node.properties.lang === 'string' ? node.properties.lang : undefined;
}

/** The language in force below `path` (outermost first): the innermost element's `lang`, else `fallback`. */
export function languageInForce(path: ReadonlyArray<Element | Root>, fallback: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const mark = langMark(path[i]);
    if (mark !== undefined) return mark;
  }
  return fallback;
}
