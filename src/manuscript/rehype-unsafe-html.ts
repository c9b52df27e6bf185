/**
 * Raw HTML is allowed in a manuscript only in a safe subset. rehype-sanitize
 * removes the rest silently; this plugin runs just before it and tells the
 * author what is being removed and where.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from './diagnostics.js';

const FORBIDDEN = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'link', 'meta', 'base', 'form', 'input', 'button', 'textarea', 'select',
  'video', 'audio', 'source', 'track', 'canvas', 'svg', 'math', 'template', 'portal',
]);

export default function rehypeGalleyUnsafeHtml() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'element', (node: Element) => {
      if (FORBIDDEN.has(node.tagName)) {
        warn(file, `raw HTML <${node.tagName}> is not allowed in a manuscript and was removed (editions load nothing from outside and run no scripts)`, node, 'html-unsafe-element');
        return;
      }
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^on/i.test(name)) {
          warn(file, `raw HTML event attribute \`${name.toLowerCase()}\` on <${node.tagName}> is not allowed and was removed`, node, 'html-unsafe-attribute');
        } else if (name === 'style') {
          warn(file, `raw HTML \`style\` attribute on <${node.tagName}> was removed: styles belong in the templates`, node, 'html-unsafe-attribute');
        } else if ((name === 'href' || name === 'src') && typeof value === 'string' && /^\s*(javascript|vbscript|data|file):/i.test(value)) {
          warn(file, `link to \`${value.slice(0, 40)}\` on <${node.tagName}> is not allowed and was removed`, node, 'html-unsafe-url');
        }
      }
    });
  };
}
