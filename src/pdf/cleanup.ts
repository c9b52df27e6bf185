/**
 * Touch-ups of the PDF Chromium writes, so that its text reads back as it
 * was written:
 *
 * - Every soft hyphen galley put in for justification comes out of Chromium as
 *   an invisible space glyph marked `/Span <</ActualText (U+00AD)>>`; copying
 *   or searching "defense" would then find "de­fense". The marks and the
 *   invisible glyph are removed (the text position operators stay, so nothing
 *   moves). Where a line did break, the visible hyphen Chromium drew stays.
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

function contentStreamRefs(pdf: PDFDocument): PDFRef[] {
  const refs: PDFRef[] = [];
  const seen = new Set<string>();
  const add = (ref: PDFRef): void => {
    if (!seen.has(ref.toString())) {
      seen.add(ref.toString());
      refs.push(ref);
    }
  };
  for (const page of pdf.getPages()) {
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
      if (stream instanceof PDFStream && stream.dict.get(PDFName.of('Subtype'))?.toString() === '/Form') add(value);
    }
  }
  return refs;
}

/** Removes soft-hyphen marks from every page. Returns how many streams changed. */
export function removeSoftHyphenMarks(pdf: PDFDocument): number {
  let changed = 0;
  for (const ref of contentStreamRefs(pdf)) {
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
    const cleaned = stripSoftHyphenMarks(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
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

/** The text of every h1–h6 of an HTML page, in document order. */
export function headingsOf(html: string): string[] {
  const headings: string[] = [];
  for (const match of html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi)) {
    const text = parseEntities(match[2]!.replace(/<[^>]*>/g, ''))
      .replace(/\u00AD/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (text) headings.push(text);
  }
  return headings;
}

const outlineKey = (text: string): string => text.replace(/[\s\u00AD]+/g, '').toLocaleLowerCase('en');

/**
 * Gives each outline entry the text of the heading it was made from.
 * Returns how many titles changed.
 */
export function restoreOutlineTitles(pdf: PDFDocument, headings: string[]): number {
  const outlines = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return 0;
  const pending = headings.map((text) => ({ text, key: outlineKey(text), used: false }));
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
