/**
 * Task lists (`- [x] done`, `- [ ] to do`). remark-gfm makes each item's
 * box a disabled `<input type="checkbox">`, the only way HTML says "ticked"
 * or "not ticked" to a screen reader. A box must have a label, or DAISY Ace
 * reports it: this plugin, run on the sanitized tree, wraps the box and the
 * item's words (up to its first block, such as a nested list) in a
 * `<label>`, so that the box is named by the words it ticks. The editions'
 * style sheets draw the box in place of the list's bullet.
 */
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** Whether `node` is the box remark-gfm put at the start of a task item (it has no place in the manuscript: no raw HTML made it). */
export function isTaskBox(node: ElementContent): boolean {
  return node.type === 'element' && node.tagName === 'input' && node.properties.type === 'checkbox' && node.position === undefined;
}

const BLOCKS = new Set(['p', 'ul', 'ol', 'blockquote', 'pre', 'table', 'div', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr']);

export default function rehypeGalleyTaskLists() {
  return (tree: Root): void => {
    // A raw <input> (which the sanitizer's schema lets through when it is a
    // checkbox) is removed, as rehype-unsafe-html told the author.
    visit(tree, 'element', (node: Element) => {
      node.children = node.children.filter((child) => !(child.type === 'element' && child.tagName === 'input' && !isTaskBox(child)));
    });
    visit(tree, 'element', (item: Element) => {
      if (item.tagName !== 'li') return;
      const classes = item.properties.className;
      if (!Array.isArray(classes) || !classes.includes('task-list-item')) return;
      // A loose item holds its words in a paragraph; a tight one holds them itself.
      const first = item.children.find((child) => child.type === 'element');
      const holder = first?.type === 'element' && first.tagName === 'p' && first.children.some(isTaskBox) ? first : item;
      const at = holder.children.findIndex(isTaskBox);
      if (at < 0) return;
      let end = at + 1;
      while (end < holder.children.length) {
        const next = holder.children[end]!;
        if (next.type === 'element' && BLOCKS.has(next.tagName)) break;
        end++;
      }
      const words = holder.children.slice(at, end);
      // The line break before a nested list stays outside the label.
      const last = words[words.length - 1];
      const trailing = last?.type === 'text' ? /\s*$/.exec(last.value)![0] : '';
      if (last?.type === 'text' && trailing) words[words.length - 1] = { ...last, value: last.value.slice(0, -trailing.length) };
      const label: Element = { type: 'element', tagName: 'label', properties: {}, children: words };
      holder.children.splice(at, end - at, label, ...(trailing ? [{ type: 'text' as const, value: trailing }] : []));
    });
  };
}
