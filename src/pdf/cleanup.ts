/**
 * Touch-ups of the PDF Chromium writes, so that its text reads back as it
 * was written:
 *
 * - Every soft hyphen galley put in for justification comes out of Chromium as
 *   an invisible space glyph marked `/Span <</ActualText (U+00AD)>>`; copying
 *   or searching "defense" would then find "de­fense". The marks and the
 *   invisible glyph are removed (the text position operators stay, so nothing
 *   moves). Where a line did break, the visible hyphen Chromium drew stays.
 * - A cluster of glyphs that stands for its characters together (a Bangla
 *   or Khmer syllable, a letter and its marks) is marked `/ActualText`, and
 *   a reader that honours that (poppler's pdftotext, and with it search and
 *   copy in the viewers built on it) gives the text the span's box: from the
 *   first glyph drawn to the end of the last. Shaping draws a syllable's
 *   marks after its letter, at their anchors, with no advance: a vowel sign
 *   or a reph set left of the pen (জু: ু 0.09 em left of the end of জ; র্ক:
 *   the reph 0.18 em; ঝুঁ: ঁ 0.26 em; Khmer សួ: ួ 0.11 em) ends the box
 *   there, and pdftotext takes a gap of a tenth of an em for a word space:
 *   "জু ন", "সতর্ক তা", "সួ ស្តី". The last glyph of such a span is given the
 *   advance that ends it where the syllable's widest glyph does, by
 *   character spacing (`Tc`) around its `Tj` alone: Chromium places every
 *   glyph by its own `Td` from the start of its line, so nothing moves.
 * - Outline entries are made from the headings' laid-out lines: a headline
 *   set on three lines loses the spaces at its line ends, and a heading in
 *   `text-transform: uppercase` appears in capitals. They get the headings'
 *   own text back.
 */
import { inflateSync } from 'node:zlib';
import { parseEntities } from 'parse-entities';
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  decodePDFRawStream,
  type PDFDocument,
} from 'pdf-lib';
import { widthsOf } from './print-text.js';

const softHyphenSpan =
  /\/Span\s*<<\s*\/ActualText\s*<feff00ad>\s*>>\s*BDC\s*((?:[-\d.]+\s+[-\d.]+\s+Td\s*)?)<[0-9a-fA-F]+>\s*Tj\s*EMC\s*/gi;

/** Removes the soft-hyphen marks from one content stream's text; undefined when there are none. */
export function stripSoftHyphenMarks(content: string): string | undefined {
  if (!/ActualText\s*<feff(?:[0-9a-f]{4})*?00ad/i.test(content)) return undefined;
  const cleaned = content
    .replace(softHyphenSpan, (_match, td: string) => (td ? `${td.trim()}\n` : ''))
    // A ligature across a break point (of-fi-cials): its ActualText is "f\u00ADfi".
    .replace(/(\/ActualText\s*<feff)((?:[0-9a-f]{4})*)>/gi, (_match, head: string, units: string) => {
      const kept = (units.match(/[0-9a-f]{4}/gi) ?? []).filter((unit) => unit.toLowerCase() !== '00ad');
      return `${head}${kept.join('')}>`;
    });
  return cleaned === content ? undefined : cleaned;
}

/** A number as a content stream writes it. */
const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)`;
/** A font set: its resource name and size. */
const FONT_SET = new RegExp(String.raw`\/([^\s\/<>\[\]()%{}]+)\s+(${NUMBER})\s+Tf\b`, 'g');
/** A span of marked content with its ActualText, and what it holds (no marked content inside). */
const ACTUAL_TEXT_SPAN = new RegExp(String.raw`\/Span\s*<<\s*\/ActualText\s*<([0-9a-fA-F]*)>\s*>>\s*BDC((?:(?!BDC|EMC)[\s\S])*?)EMC`, 'g');
/** What a span holds, one operation at a time: a font set, a text matrix, a glyph (placed by a `Td` from the start of its line, or where the matrix puts it). */
const SPAN_OPERATION = new RegExp(String.raw`\s*(?:\/([^\s\/<>\[\]()%{}]+)\s+(${NUMBER})\s+Tf|(?:${NUMBER}\s+){6}Tm|(?:(${NUMBER})\s+(${NUMBER})\s+Td\s*)?<([0-9a-fA-F]{4})>\s*Tj)`, 'y');
/** What may follow a span whose last glyph's advance changes: something that places the next glyph anew, never a glyph set where the advance left the pen. */
const PLACED_NEXT = new RegExp(
  String.raw`^\s*(?:EMC\s*|\/[A-Za-z]+\s*<<(?:[^<>]|<[0-9a-fA-F]*>)*>>\s*BDC\s*)*(?:\/[^\s\/<>\[\]()%{}]+\s+${NUMBER}\s+Tf\s*)?(?:${NUMBER}\s+${NUMBER}\s+Td|(?:${NUMBER}\s+){6}Tm|ET\b)`,
);
/** Text written right to left, whose clusters are left as they are. */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * Gives the last glyph of each cluster span the character spacing that ends
 * its box where the cluster's widest glyph ends (see above). `widthOf`: a
 * font's (by its resource name) advance of a glyph, per unit of font size.
 * Undefined when nothing changes: no such span, or a stream that sets
 * character spacing or horizontal scaling itself.
 */
export function closeClusterBoxes(content: string, widthOf: (font: string, code: number) => number | undefined): string | undefined {
  if (!content.includes('/ActualText') || /\b(?:Tc|Tz)\b/.test(content)) return undefined;
  let changed = false;
  // The fonts set, in the stream's order: a span draws in the last set before it, unless it sets its own.
  const fonts = [...content.matchAll(FONT_SET)].map((set) => ({ at: set.index, name: set[1]!, size: Number(set[2]) }));
  let next = 0;
  const result = content.replace(ACTUAL_TEXT_SPAN, (match: string, hex: string, body: string, offset: number) => {
    const text = String.fromCharCode(...(hex.slice(4).match(/[0-9a-fA-F]{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
    if (RIGHT_TO_LEFT.test(text) || !PLACED_NEXT.test(content.slice(offset + match.length, offset + match.length + 200))) return match;
    // Spans come in the stream's order: the fonts before each are read on from the last one's.
    while (next < fonts.length && fonts[next]!.at < offset) next++;
    const font = fonts[next - 1];
    const closed = closeSpan(body, font && { name: font.name, size: font.size }, widthOf);
    if (closed === undefined) return match;
    changed = true;
    return `${match.slice(0, match.length - body.length - 3)}${closed}EMC`;
  });
  return changed ? result : undefined;
}

/**
 * One span's body with its last glyph's box closed, or undefined to leave
 * it: a span that places its glyphs on one line, each from the line's
 * start. `start`: the font in force where it begins.
 */
function closeSpan(body: string, start: { name: string; size: number } | undefined, widthOf: (font: string, code: number) => number | undefined): string | undefined {
  let font = start;
  // Each glyph's place along its line, in text space, from the line's start (Td), and where it ends.
  let x: number | undefined;
  let placed = false;
  const ends: number[] = [];
  let last: { at: number; x: number; width: number } | undefined;
  SPAN_OPERATION.lastIndex = 0;
  while (SPAN_OPERATION.lastIndex < body.length) {
    const at = SPAN_OPERATION.lastIndex;
    const operation = SPAN_OPERATION.exec(body);
    if (!operation) {
      if (/^\s*$/.test(body.slice(at))) break;
      return undefined;
    }
    const [whole, name, size, tx, , code] = operation;
    if (name !== undefined) font = { name, size: Number(size) };
    else if (code === undefined) {
      // A text matrix after a glyph of the span: its places no longer share a line.
      if (ends.length > 0) return undefined;
      x = 0;
      placed = true;
    } else {
      if (tx !== undefined) x = (placed ? (x ?? 0) : 0) + Number(tx);
      // A glyph set where the pen is, not from its line's start: its place is not known.
      else if (!placed || ends.length > 0) return undefined;
      placed = true;
      const advance = font ? widthOf(font.name, parseInt(code, 16)) : undefined;
      if (advance === undefined || x === undefined || !font) return undefined;
      const width = advance * font.size;
      ends.push(x + width);
      last = { at: at + whole.lastIndexOf('<'), x, width };
    }
  }
  if (!last || !font || ends.length < 2) return undefined;
  const gap = Math.max(...ends) - (last.x + last.width);
  if (gap <= font.size * 0.001) return undefined;
  return `${body.slice(0, last.at)}${Math.round(gap * 1000) / 1000} Tc ${body.slice(last.at).replace(/Tj/, 'Tj 0 Tc')}`;
}

/** The content streams of every page, and of the forms it draws, each with its fonts. */
function contentStreams(pdf: PDFDocument): Array<{ ref: PDFRef; fonts: PDFDict | undefined }> {
  const refs: Array<{ ref: PDFRef; fonts: PDFDict | undefined }> = [];
  const seen = new Set<string>();
  let fonts: PDFDict | undefined;
  const add = (ref: PDFRef): void => {
    if (!seen.has(ref.toString())) {
      seen.add(ref.toString());
      refs.push({ ref, fonts });
    }
  };
  for (const page of pdf.getPages()) {
    const pageFonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    fonts = pageFonts;
    const contents = page.node.get(PDFName.of('Contents'));
    if (contents instanceof PDFRef) {
      const resolved = pdf.context.lookup(contents);
      if (resolved instanceof PDFArray) {
        for (let i = 0; i < resolved.size(); i++) {
          const item = resolved.get(i);
          if (item instanceof PDFRef) add(item);
        }
      } else add(contents);
    } else if (contents instanceof PDFArray) {
      for (let i = 0; i < contents.size(); i++) {
        const item = contents.get(i);
        if (item instanceof PDFRef) add(item);
      }
    }
    // Form XObjects drawn by the page carry text too.
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const [, value] of xobjects?.entries() ?? []) {
      if (!(value instanceof PDFRef)) continue;
      const stream = pdf.context.lookup(value);
      if (!(stream instanceof PDFStream) || stream.dict.get(PDFName.of('Subtype'))?.toString() !== '/Form') continue;
      fonts = stream.dict.lookupMaybe(PDFName.of('Resources'), PDFDict)?.lookupMaybe(PDFName.of('Font'), PDFDict) ?? pageFonts;
      add(value);
    }
  }
  return refs;
}

/** A font resource's glyph advances, per unit of font size, read once per font. */
function fontWidths(fonts: PDFDict | undefined): (font: string, code: number) => number | undefined {
  const read = new Map<string, ((code: number) => number) | undefined>();
  return (name, code) => {
    if (!read.has(name)) {
      const font = fonts?.lookupMaybe(PDFName.of(name), PDFDict);
      read.set(name, font ? widthsOf(font, font.lookupMaybe(PDFName.of('Subtype'), PDFName)?.toString() === '/Type0') : undefined);
    }
    return read.get(name)?.(code);
  };
}

/** Removes soft-hyphen marks from every page, and closes its clusters' boxes (closeClusterBoxes). Returns how many streams changed. */
export function removeSoftHyphenMarks(pdf: PDFDocument): number {
  let changed = 0;
  for (const { ref, fonts } of contentStreams(pdf)) {
    const stream = pdf.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const filter = stream.dict.get(PDFName.of('Filter'));
    if (filter && filter.toString() !== '/FlateDecode') continue;
    // Node's zlib inflates these streams several times faster than pdf-lib's
    // own JavaScript; pdf-lib decodes what has decode parameters. What is
    // written is deflated by pdf-lib (pako) as before: Node's zlib deflates
    // differently on different processors, and the PDF's bytes must not.
    const plain = filter && !stream.dict.has(PDFName.of('DecodeParms'));
    let bytes: Uint8Array;
    try {
      bytes = plain ? inflateSync(stream.getContents()) : filter ? decodePDFRawStream(stream).decode() : stream.getContents();
    } catch {
      continue;
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const stripped = stripSoftHyphenMarks(text);
    const cleaned = closeClusterBoxes(stripped ?? text, fontWidths(fonts)) ?? stripped;
    if (cleaned === undefined) continue;
    const dict = new Map(stream.dict.entries());
    dict.delete(PDFName.of('Filter'));
    dict.delete(PDFName.of('Length'));
    dict.delete(PDFName.of('DecodeParms'));
    const replacement = pdf.context.flateStream(new Uint8Array(Buffer.from(cleaned, 'latin1')));
    for (const [key, value] of dict) replacement.dict.set(key, value);
    pdf.context.assign(ref, replacement);
    changed++;
  }
  return changed;
}

/**
 * `html` without each `tag` element that `keep` refuses, its contents
 * included; a kept one is searched inside too.
 */
function withoutElements(html: string, tag: string, keep: (element: string) => boolean): string {
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  let result = '';
  let from = 0;
  let start = -1;
  let depth = 0;
  for (const match of html.matchAll(tags)) {
    const closing = match[1] === '/';
    if (start < 0) {
      if (closing) continue;
      start = match.index;
      depth = 1;
      continue;
    }
    depth += closing ? -1 : 1;
    if (depth > 0) continue;
    const end = match.index + match[0].length;
    const element = html.slice(start, end);
    result += html.slice(from, start);
    if (keep(element)) {
      const open = element.indexOf('>') + 1;
      const close = element.lastIndexOf('<');
      result += element.slice(0, open) + withoutElements(element.slice(open, close), tag, keep) + element.slice(close);
    }
    from = end;
    start = -1;
  }
  return result + html.slice(from);
}

/**
 * A heading's words as the outline lists them: without what the print adds to
 * its text or marks in it, the address printed after a link's words
 * (`span.link-url`, links.ts) and a note's call (a `sup` holding its link):
 * "A heading with a link in it", not "…a linkhttps://example.com in it";
 * "Budget 2024", not "Budget1 2024".
 */
function outlineWords(inner: string): string {
  const withoutAddresses = withoutElements(inner, 'span', (element) => !/^<span\b[^>]*\bclass="link-url"/i.test(element));
  return withoutElements(withoutAddresses, 'sup', (element) => !/\bdata-footnote-ref\b/i.test(element));
}

/** A heading's markup as plain text. */
function headingText(inner: string): string {
  return parseEntities(inner.replace(/<[^>]*>/g, ''))
    .replace(/\u00AD/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A heading as the outline lists it (`text`), and as Chromium titled its entry from all of its printed text (`printed`). */
export interface OutlineHeading {
  text: string;
  printed: string;
}

/** Every h1–h6 of an HTML page, in document order, as the outline lists it and as Chromium's outline titles it. */
export function outlineHeadingsOf(html: string): OutlineHeading[] {
  const headings: OutlineHeading[] = [];
  for (const match of html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi)) {
    const printed = headingText(match[2]!);
    if (printed) headings.push({ text: headingText(outlineWords(match[2]!)) || printed, printed });
  }
  return headings;
}

/** The text of every h1–h6 of an HTML page, in document order, as the outline lists it. */
export function headingsOf(html: string): string[] {
  return outlineHeadingsOf(html).map((heading) => heading.text);
}

const outlineKey = (text: string): string => text.replace(/[\s\u00AD]+/g, '').toLocaleLowerCase('en');

/**
 * Gives each outline entry the text of the heading it was made from.
 * Returns how many titles changed.
 */
export function restoreOutlineTitles(pdf: PDFDocument, headings: Array<string | OutlineHeading>): number {
  const outlines = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return 0;
  // Chromium titled each entry with all of its heading's printed text.
  const pending = headings.map((heading) => typeof heading === 'string' ? { text: heading, key: outlineKey(heading), used: false } : { text: heading.text, key: outlineKey(heading.printed), used: false });
  let changed = 0;
  const visit = (first: PDFDict | undefined, depth: number): void => {
    let item = first;
    let guard = 0;
    while (item && guard++ < 10_000 && depth < 32) {
      const title = item.lookup(PDFName.of('Title'));
      if (title instanceof PDFString || title instanceof PDFHexString) {
        const key = outlineKey(title.decodeText());
        const heading = pending.find((h) => !h.used && h.key === key);
        if (heading) {
          heading.used = true;
          if (heading.text !== title.decodeText()) {
            item.set(PDFName.of('Title'), PDFHexString.fromText(heading.text));
            changed++;
          }
        }
      }
      visit(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  visit(outlines.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return changed;
}
