/**
 * Raw HTML is allowed in a manuscript only in a safe subset. rehype-sanitize
 * removes the rest silently; this plugin runs just before it and tells the
 * author what is being removed and where.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from './diagnostics.js';
import { isTaskBox } from './rehype-task-lists.js';

declare module 'vfile' {
  interface DataMap {
    /**
     * Picture sources rehype-sanitize is about to remove (`file:`, `data:`…),
     * by the picture's `line:column`, so that the error about the picture
     * names what the author wrote rather than an empty src.
     */
    unsafeSources: Record<string, string>;
  }
}

/** The key of a node in `file.data.unsafeSources`. */
export function sourceKey(node: Element): string {
  return `${node.position?.start.line ?? 0}:${node.position?.start.column ?? 0}`;
}

const FORBIDDEN = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select',
  'video', 'audio', 'source', 'track', 'canvas', 'svg', 'math', 'template', 'portal',
]);

export default function rehypeGalleyUnsafeHtml() {
  return (tree: Root, file: VFile): void => {
    const unsafeSources: Record<string, string> = {};
    file.data.unsafeSources = unsafeSources;
    visit(tree, 'element', (node: Element) => {
      // A task list's box is galley's own (remark-gfm's), kept by the sanitizer: no raw HTML wrote it.
      if (FORBIDDEN.has(node.tagName) && !isTaskBox(node)) {
        warn(file, `raw HTML <${node.tagName}> is not allowed in a manuscript and was removed (editions load nothing from outside and run no scripts)`, node, 'html-unsafe-element');
        return;
      }
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^on/i.test(name)) {
          warn(file, `raw HTML event attribute \`${name.toLowerCase()}\` on <${node.tagName}> is not allowed and was removed`, node, 'html-unsafe-attribute');
        } else if (name === 'style') {
          warn(file, `raw HTML \`style\` attribute on <${node.tagName}> was removed: styles belong in the templates`, node, 'html-unsafe-attribute');
        } else if (node.tagName === 'img' && name === 'src' && typeof value === 'string' && /^\s*(javascript|vbscript|data|file):/i.test(value)) {
          // Not a warning: a picture must be a file in the folder, and rehype-figures says so.
          unsafeSources[sourceKey(node)] = value;
        } else if ((name === 'href' || name === 'src') && typeof value === 'string' && /^\s*(javascript|vbscript|data|file):/i.test(value)) {
          warn(file, `link to \`${value.slice(0, 40)}\` on <${node.tagName}> is not allowed and was removed`, node, 'html-unsafe-url');
        }
      }
    });
  };
}
