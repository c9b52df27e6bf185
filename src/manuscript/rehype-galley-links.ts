/**
 * Links and ids, checked on the finished content so that every id galley
 * made (headings, figures, notes) counts: an id used twice, a link to an id
 * that does not exist, and a link to another file (which is not part of the
 * edition) would each give an invalid e-book. Links to the web are kept.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail } from './diagnostics.js';

function where(node: Element): string {
  const start = node.position?.start;
  return start ? `line ${start.line}, column ${start.column}` : 'earlier';
}

export default function rehypeGalleyLinks() {
  return (tree: Root, file: VFile): void => {
    const ids = new Map<string, Element>();
    visit(tree, 'element', (node: Element) => {
      const id = node.properties.id;
      if (typeof id !== 'string' || id === '') return;
      const first = ids.get(id);
      if (first) {
        fail(file, `id \`${id}\` is used twice (first at ${where(first)}): ids must be unique; rename this one${node.position ? '' : ' (galley made it from a heading or figure: rename the raw id)'}`, node.position ? node : first, 'id-duplicate');
        return;
      }
      ids.set(id, node);
    });

    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      const href = node.properties.href.trim();
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return; // the web, mail: kept as they are
      if (href.startsWith('#')) {
        let target: string;
        try {
          target = decodeURIComponent(href.slice(1));
        } catch {
          target = href.slice(1);
        }
        if (!ids.has(target)) {
          fail(file, `link to \`${href}\` leads nowhere: nothing in the article has the id \`${target}\`; headings take theirs from their text (\`## Our sources\` is #our-sources)`, node, 'link-target');
        }
        return;
      }
      fail(file, `link to \`${href}\` points at another file, which is not part of the edition: link to a full address (https://…) or to a #heading of this article`, node, 'link-file');
    });
  };
}
