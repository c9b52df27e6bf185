/**
 * A paragraph all in bold: an interview's question ("**Why does a newspaper
 * need a corrections column?**", its answer the next paragraph), or a
 * heading written in bold ("**What you need**"). Set as body text it was
 * indented and justified like the answers, and nothing parted one exchange
 * from the next, so an interview read as running prose. Such a paragraph
 * gets the class `bold-lead`: both editions set it flush and unjustified,
 * with space above it, kept with the paragraph after it, and that
 * paragraph opens flush, as after a heading (templates/print/print.css,
 * templates/epub/style.css).
 *
 * Runs before the table captions: a short bold paragraph right before a
 * table becomes the table's caption instead (rehype-table-captions.ts).
 * Only in the text's own flow (the body, a quote, a section): a list item
 * or a cell all in bold is an item or a cell.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';

const blank = (node: ElementContent): boolean => node.type === 'text' && node.value.trim() === '';

/** A note's call after the question ("**Why?**[^1]") is still the question. */
const isNoteCall = (node: ElementContent): boolean =>
  node.type === 'element' &&
  node.tagName === 'sup' &&
  node.children.some((child) => child.type === 'element' && child.tagName === 'a' && child.properties.dataFootnoteRef !== undefined);

function isBoldOnly(paragraph: Element): boolean {
  const content = paragraph.children.filter((child) => !blank(child) && !isNoteCall(child));
  const only = content.length === 1 ? content[0] : undefined;
  return only?.type === 'element' && (only.tagName === 'strong' || only.tagName === 'b') && toString(only).trim() !== '';
}

const FLOW = new Set(['blockquote', 'div', 'section', 'article', 'aside']);

export default function rehypeGalleyBoldLeads() {
  return (tree: Root): void => {
    const mark = (parent: Root | Element): void => {
      for (const child of parent.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'p' && isBoldOnly(child)) {
          const names = Array.isArray(child.properties.className) ? child.properties.className.map(String) : [];
          if (!names.includes('bold-lead')) child.properties.className = [...names, 'bold-lead'];
        } else if (FLOW.has(child.tagName)) mark(child);
      }
    };
    mark(tree);
  };
}
