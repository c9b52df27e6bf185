/**
 * The document's hast as XHTML for the e-book: serialised as XML (not HTML),
 * with pictures pointing into the package and DPUB-ARIA roles doubled as
 * `epub:type` for reading systems that only know the latter.
 */
import type { Element as HastElement, Root as HastRoot } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { visit } from 'unist-util-visit';
import type { Element as XastElement } from 'xast';
import { toXml } from 'xast-util-to-xml';

const EPUB_TYPES: Record<string, string> = {
  'doc-noteref': 'noteref',
  'doc-endnotes': 'endnotes',
  'doc-backlink': 'backlink',
};

export function contentToXhtml(content: HastRoot, imageHref: (assetId: string) => string): string {
  const tree = structuredClone(content);
  visit(tree, 'element', (node: HastElement) => {
    if (node.tagName === 'img' && typeof node.properties.src === 'string') {
      node.properties.src = imageHref(node.properties.src);
    }
  });
  const xast = toXast(tree);
  visit(xast, 'element', (node: XastElement) => {
    // The page template declares the XHTML namespace once, on <html>.
    if (node.attributes.xmlns === 'http://www.w3.org/1999/xhtml') delete node.attributes.xmlns;
    // A language mark counts in XHTML as xml:lang; reading systems look at either.
    if (typeof node.attributes.lang === 'string') node.attributes['xml:lang'] = node.attributes.lang;
    const role = node.attributes.role;
    const type = role ? EPUB_TYPES[role] : undefined;
    if (type && type !== 'backlink') node.attributes['epub:type'] = type;
    if (node.name === 'li' && typeof node.attributes.id === 'string' && /fn-/.test(node.attributes.id)) {
      node.attributes['epub:type'] = 'endnote';
    }
  });
  return toXml(xast);
}
