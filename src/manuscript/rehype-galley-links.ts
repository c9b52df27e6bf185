/**
 * Links and ids, checked on the finished content so that every id galley
 * made (headings, figures, notes) counts: an id used twice, a link to an id
 * that does not exist, and a link to another file (which is not part of the
 * edition) would each give an invalid e-book. Links to the web are kept.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail } from './diagnostics.js';
import { ARTICLE_FILE, COLLECTION_FILE } from './layout.js';

/** What a relative link leads to: this article's own file, another article, a collection, or some other file. */
type LinkTarget = { kind: 'own'; fragment: string } | { kind: 'article' | 'collection'; folder: string } | { kind: 'file' };

function isFolder(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
}

/**
 * Where a relative link (`../other-story/article.md#x`, `../other-story/`)
 * leads from the article `file`: an article's or a collection's folder,
 * named by the folder or by its article.md or collection.yaml.
 */
function linkTarget(href: string, file: VFile): LinkTarget {
  const hash = href.indexOf('#');
  const fragment = hash < 0 ? '' : href.slice(hash + 1);
  let relative = href.slice(0, hash < 0 ? undefined : hash).replace(/\?.*$/, '');
  try {
    relative = decodeURIComponent(relative);
  } catch {
    // Left as written.
  }
  if (!file.path || relative === '') return { kind: 'file' };
  const here = path.dirname(file.path);
  const target = path.resolve(here, relative);
  const named = path.basename(target);
  const folder = named === ARTICLE_FILE || named === COLLECTION_FILE ? path.dirname(target) : target;
  if (!isFolder(folder)) return { kind: 'file' };
  if (named !== COLLECTION_FILE && existsSync(path.join(folder, ARTICLE_FILE))) return folder === here ? { kind: 'own', fragment } : { kind: 'article', folder };
  if (named !== ARTICLE_FILE && existsSync(path.join(folder, COLLECTION_FILE))) return { kind: 'collection', folder };
  return { kind: 'file' };
}

/** What is wrong with a link to `href`, a file beside the article, and what to write instead. */
function fileLinkProblem(href: string, file: VFile): { reason: string; rule: string } {
  const target = linkTarget(href, file);
  const shown = (folder: string): string => path.relative(file.cwd, folder) || '.';
  switch (target.kind) {
    case 'own':
      return {
        reason: `link to \`${href}\` leads to this article's own file: ${target.fragment ? `write \`#${target.fragment}\`` : 'link to a #heading of it'} instead`,
        rule: 'link-file',
      };
    case 'article':
      return {
        reason: `link to \`${href}\` leads to another article (${shown(target.folder)}): galley makes no links between articles, not even within a collection, since each article is also built on its own, without the other; link to the other article's address on the web (https://…), or name it in the text`,
        rule: 'link-article',
      };
    case 'collection':
      return {
        reason: `link to \`${href}\` leads to a collection (${shown(target.folder)}), which is not part of this article's edition; link to its address on the web (https://…), or name it in the text`,
        rule: 'link-article',
      };
    case 'file':
      return { reason: `link to \`${href}\` points at another file, which is not part of the edition: link to a full address (https://…) or to a #heading of this article`, rule: 'link-file' };
  }
}

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
      const { reason, rule } = fileLinkProblem(href, file);
      fail(file, reason, node, rule);
    });
  };
}
