/**
 * A heading that skips a level (`######` right under `####`) is read one
 * level below the heading before it: a screen reader's list of headings and
 * the PDF's structure tree (Chromium tags a heading by the level it reads)
 * had a gap there, which DAISY Ace reports (axe's heading-order), and a
 * reader jumping from heading to heading of the next level found none. The
 * heading keeps its element, and with it the look its level is set in;
 * `aria-level` gives the level it is read at. The headline is the first
 * level; the author is warned at the heading (remark-galley-checks).
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

const HEADING = /^h([1-6])$/;

export default function rehypeGalleyHeadingLevels() {
  return (tree: Root): void => {
    // The headline, set by the page templates before the body, is the first level.
    let previous = 1;
    visit(tree, 'element', (node: Element) => {
      const level = Number(HEADING.exec(node.tagName)?.[1] ?? 0);
      if (level === 0) return;
      const read = Math.min(level, previous + 1);
      if (read !== level) node.properties.ariaLevel = read;
      previous = read;
    });
  };
}
