/**
 * In the body, Hebrew's gershayim and geresh typed as ASCII quotes become
 * U+05F4 and U+05F3 (hebrew-marks.ts) before remark-smartypants could make
 * them English quotes. Code is left as written.
 */
import type { Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import { hebrewMarks } from './hebrew-marks.js';

export default function remarkGalleyHebrewMarks() {
  return (tree: Root): void => {
    visit(tree, 'text', (node: Text) => {
      node.value = hebrewMarks(node.value);
    });
  };
}
