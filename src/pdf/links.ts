/**
 * Links on paper. A linked phrase cannot be followed on a printed page, so,
 * as style guides for print ask, its address is printed after it: the
 * address goes in a `<span class="link-url">` at the end of the link, which
 * the print stylesheet sets in parentheses. A link whose text already is the
 * address (`<https://example.com>`, "example.com/series") gets nothing more.
 * Only addresses a reader can use are printed (http, https, ftp, mailto);
 * links inside the document (notes, figures) are not.
 *
 * The address, and a link's text that is an address, breaks as an address
 * in the text does (urlPieces: after `/`, `.`, `?`, `&`, `=`, `_`, `@`,
 * before `-`), never elsewhere, and is not hyphenated.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { breakableUrl } from '../line-breaks.js';

/** What a reader would type: the address as written, without `mailto:`. */
export function printedAddress(href: string): string | undefined {
  const trimmed = href.trim();
  if (/^mailto:/i.test(trimmed)) {
    const address = decodeURIComponent(trimmed.slice('mailto:'.length).split('?')[0] ?? '');
    return address || undefined;
  }
  if (/^(?:https?|ftp):\/\/\S/i.test(trimmed)) return trimmed;
  return undefined;
}

/** An address brought to one form for comparison: no scheme, no `www.`, no trailing slash, lower case. */
function comparable(text: string): string {
  return text
    .trim()
    .replace(/^(?:https?|ftp):\/\//i, '')
    .replace(/^mailto:/i, '')
    .replace(/^www\./i, '')
    .replace(/\/+$/, '')
    .replace(/[\s\u00AD\u200B]/g, '')
    .toLowerCase();
}

/** Whether a link's text already shows its address. */
export function showsAddress(text: string, href: string): boolean {
  return comparable(text) === comparable(href);
}

/** The address as text and break opportunities (`<wbr>`): as an address in the text breaks (urlPieces). */
function breakableAddress(address: string): ElementContent[] {
  return breakableUrl(address);
}

/** Adds the printed address to every link that leads out of the document and does not show it already. */
export function printLinkAddresses(tree: Root): void {
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'a') {
        const href = typeof child.properties.href === 'string' ? child.properties.href : '';
        const address = printedAddress(href);
        if (address && !showsAddress(toString(child), href)) {
          child.children.push({ type: 'element', tagName: 'span', properties: { className: ['link-url'] }, children: breakableAddress(address) });
        } else if (address && child.children.length === 1 && child.children[0]!.type === 'text') {
          // The text is the address: it breaks at the same places, not only at the line's end.
          child.children = breakableAddress(child.children[0]!.value);
        }
        continue;
      }
      visit(child);
    }
  };
  visit(tree);
}
