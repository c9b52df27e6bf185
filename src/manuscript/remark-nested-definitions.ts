/**
 * A definition list inside a list item: remark-definition-list reads one at
 * the top level and in a quote, but inside a list item leaves "Gate\n: A door
 * in a fence." as one paragraph, printed "Gate : A door in a fence.". A
 * paragraph of a list item whose first line is a term and every other line
 * starts with `: ` becomes the same defList node the extension makes, so both
 * editions set it as a `<dl>`, as at the top level.
 */
import type { Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';

const DEFINITION = /^[ \t]*:[ \t]+(?=\S)/;

/** The paragraph's inline content in lines, split at the line breaks of its text. */
function linesOf(paragraph: Paragraph): PhrasingContent[][] {
  const lines: PhrasingContent[][] = [[]];
  for (const child of paragraph.children) {
    if (child.type !== 'text' || !child.value.includes('\n')) {
      lines.at(-1)!.push(child);
      continue;
    }
    child.value.split('\n').forEach((part, index) => {
      if (index > 0) lines.push([]);
      if (part !== '') lines.at(-1)!.push({ type: 'text', value: part });
    });
  }
  return lines;
}

export default function remarkGalleyNestedDefinitions() {
  return (tree: Root): void => {
    visit(tree, 'listItem', (item) => {
      item.children = item.children.map((child): RootContent => {
        if (child.type !== 'paragraph') return child;
        const [term, ...definitions] = linesOf(child);
        if (!term || term.length === 0 || definitions.length === 0) return child;
        if (!definitions.every((line) => line[0]?.type === 'text' && DEFINITION.test(line[0].value))) return child;
        for (const line of definitions) {
          const first = line[0] as { value: string };
          first.value = first.value.replace(DEFINITION, '');
        }
        // remark-definition-list's own node types, which its hast handlers turn into <dl>, <dt> and <dd>.
        return {
          type: 'defList',
          position: child.position,
          children: [
            { type: 'defListTerm', children: term },
            ...definitions.map((line) => ({ type: 'defListDescription', spread: false, children: [{ type: 'paragraph', children: line }] })),
          ],
        } as unknown as RootContent;
      }) as typeof item.children;
    });
  };
}
