/**
 * A table's caption. GFM has no syntax for one; authors write a short
 * paragraph all in bold right before the table ("**Table 1. Annual rainfall
 * …**"), which both editions set as body text: indented, justified, and
 * free to stay at a page's foot while its table goes to the next. Such a
 * paragraph becomes the table's `<caption>`: set flush and unjustified, kept
 * with the table, and the name of the e-book's scrolling box for screen
 * readers. After the wide tables are split: the caption goes to the first part.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** A caption is short: a paragraph longer than this is text in bold, not a table's name. */
export const TABLE_CAPTION_MAX = 200;

const blank = (node: ElementContent): boolean => node.type === 'text' && node.value.trim() === '';

/** The paragraph's one bold element, when all it holds is that (and spaces). */
function boldOnly(paragraph: Element): Element | undefined {
  const content = paragraph.children.filter((child) => !blank(child));
  const only = content.length === 1 ? content[0] : undefined;
  return only?.type === 'element' && (only.tagName === 'strong' || only.tagName === 'b') ? only : undefined;
}

export default function rehypeGalleyTableCaptions() {
  return (tree: Root): void => {
    const captionTables = (node: Root | Element): void => {
      const children = node.children as ElementContent[];
      for (let index = 0; index < children.length; index++) {
        const table = children[index]!;
        if (table.type !== 'element' || table.tagName !== 'table') continue;
        if (table.children.some((child) => child.type === 'element' && child.tagName === 'caption')) continue;
        let before = index - 1;
        while (before >= 0 && blank(children[before]!)) before--;
        const paragraph = children[before];
        if (paragraph?.type !== 'element' || paragraph.tagName !== 'p') continue;
        const bold = boldOnly(paragraph);
        const text = toString(paragraph).trim();
        if (!bold || text === '' || [...text].length > TABLE_CAPTION_MAX) continue;
        const caption: Element = { type: 'element', tagName: 'caption', properties: { className: ['table-caption'] }, children: [bold], position: paragraph.position };
        table.children.unshift(caption);
        children.splice(before, index - before);
        index = before;
      }
    };
    captionTables(tree);
    visit(tree, 'element', captionTables);
  };
}
