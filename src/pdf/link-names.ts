/**
 * What each link of the PDF is called. Chromium writes a link annotation
 * with no text alternative (`/Contents`), which PDF/UA asks of every link
 * (ISO 14289-1 7.18.5), and a link element (`/Link`) whose name is only the
 * text it holds: a note's way back, hung over the note's number with no text
 * of its own (html.ts, nameNotes), was a link called nothing, though the
 * print page names it ("Note 1, back to the text").
 *
 * The names come from the print page: its links in document order, which is
 * the order Chromium tags them in (a link that breaks across lines is one
 * `/Link` holding an annotation per line). Each `/Link` element is matched
 * with its `<a>` by where it leads (the named destination, or the address);
 * when any does not match, no link is named.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { parseEntities } from 'parse-entities';
import { structureElements } from './structure.js';

export interface LinkName {
  href: string;
  /** Its label (`aria-label`), else its text. */
  name: string;
  /** Whether it shows no text of its own. */
  textless: boolean;
  /** Whether its label says more than its text (a note's call, "Note 1", printed "1"). */
  labelled: boolean;
}

const plain = (html: string): string =>
  parseEntities(html.replace(/<[^>]*>/g, ''))
    .replace(/[\u00AD\u200B]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const attribute = (attributes: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(attributes);
  return match ? parseEntities(match[1] ?? match[2] ?? '') : undefined;
};

/**
 * A link's words and the address the print adds after them (`span.link-url`,
 * links.ts; the parentheses around it are the style sheet's), apart.
 */
function wordsAndAddress(inner: string): { words: string; address: string } {
  const open = /<span\b[^>]*\bclass="link-url"[^>]*>/i.exec(inner);
  if (!open) return { words: plain(inner), address: '' };
  const tags = /<(\/?)span\b[^>]*>/gi;
  tags.lastIndex = open.index + open[0].length;
  let depth = 1;
  let end = inner.length;
  for (let tag = tags.exec(inner); tag; tag = tags.exec(inner)) {
    depth += tag[1] === '/' ? -1 : 1;
    if (depth === 0) {
      end = tag.index;
      break;
    }
  }
  const close = inner.indexOf('>', end) + 1 || inner.length;
  return { words: plain(inner.slice(0, open.index) + inner.slice(close)), address: plain(inner.slice(open.index + open[0].length, end)) };
}

/** Every link (`<a href>`) of an HTML page, in document order, with its name: its words, and the address printed after them in parentheses. */
export function linkNamesOf(html: string): LinkName[] {
  const links: LinkName[] = [];
  for (const match of html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi)) {
    const href = attribute(match[1]!, 'href');
    if (href === undefined) continue;
    const { words, address } = wordsAndAddress(match[2]!);
    const text = address === '' ? words : words === '' ? address : `${words} (${address})`;
    const label = attribute(match[1]!, 'aria-label')?.replace(/\s+/g, ' ').trim();
    links.push({ href, name: label || text, textless: text === '', labelled: !!label && label !== text });
  }
  return links;
}

function textOf(value: PDFObject | undefined): string | undefined {
  if (value instanceof PDFName) return value.decodeText();
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return undefined;
}

/** Where an annotation leads: `#name` for a named destination, else its address. */
function target(pdf: PDFDocument, annotation: PDFDict): string | undefined {
  const dest = textOf(annotation.lookup(PDFName.of('Dest')));
  if (dest !== undefined) return `#${dest}`;
  const action = annotation.lookup(PDFName.of('A'));
  if (!(action instanceof PDFDict)) return undefined;
  const named = textOf(action.lookup(PDFName.of('D')));
  if (named !== undefined) return `#${named}`;
  return textOf(action.lookup(PDFName.of('URI')));
}

/** Whether an annotation leading to `to` is the link `href` (a PDF name holds an id's UTF-8 bytes one by one). */
function leadsTo(href: string, to: string): boolean {
  if (href.startsWith('#')) {
    if (!to.startsWith('#')) return false;
    const id = to.slice(1);
    return id === href.slice(1) || Buffer.from(id, 'latin1').toString('utf8') === href.slice(1);
  }
  try {
    return new URL(href).href === new URL(to).href;
  } catch {
    return href === to;
  }
}

/**
 * Gives every link annotation its link's name (`/Contents`), and a link with
 * no text of its own, or a label that says more than its text (a note's
 * call, "Note 1" over its printed "1"), that name as its `/Alt`: a screen
 * reader reads an element's /Alt in place of what it holds. Returns the links named: 0
 * when the print page's links and the PDF's do not match one to one.
 */
export function nameLinks(pdf: PDFDocument, links: readonly LinkName[]): number {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return 0;
  const elements = structureElements(pdf, root).filter((element) => element.get(PDFName.of('S')) === PDFName.of('Link'));
  if (elements.length !== links.length) return 0;
  const annotationsOf = (element: PDFDict): PDFDict[] => {
    const k = element.get(PDFName.of('K'));
    const kids = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
    return kids.flatMap((kid) => {
      const reference = kid instanceof PDFRef ? pdf.context.lookup(kid) : kid;
      if (!(reference instanceof PDFDict) || reference.get(PDFName.of('Type')) !== PDFName.of('OBJR')) return [];
      const annotation = reference.lookup(PDFName.of('Obj'));
      return annotation instanceof PDFDict ? [annotation] : [];
    });
  };
  const matched = elements.map((element, index) => ({ element, link: links[index]!, annotations: annotationsOf(element) }));
  const matches = matched.every(({ link, annotations }) => annotations.length > 0 && annotations.every((annotation) => leadsTo(link.href, target(pdf, annotation) ?? '')));
  if (!matches) return 0;
  for (const { element, link, annotations } of matched) {
    if (link.name === '') continue;
    for (const annotation of annotations) annotation.set(PDFName.of('Contents'), PDFHexString.fromText(link.name));
    if (link.textless || link.labelled) element.set(PDFName.of('Alt'), PDFHexString.fromText(link.name));
  }
  return matched.length;
}
