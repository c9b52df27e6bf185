/**
 * Document information for the printed PDF, written after Chromium has laid
 * it out: title, authors, subject, keywords, dates, and a trailer /ID derived
 * from the content, so that the same manuscript makes the same file. The
 * structure tree (/StructTreeRoot, /MarkInfo), /Lang and the outline Chromium
 * wrote are kept as they are.
 */
import { createHash } from 'node:crypto';
import type { Element, Root } from 'xast';
import { toXml } from 'xast-util-to-xml';
import { x } from 'xastscript';
import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import type { GalleyDocument } from '../document.js';
import { uuidFromHash } from '../identifier.js';
import { version } from '../version.js';
import { isoSeconds, joinNames } from '../view.js';

export interface PdfMetadata {
  title: string;
  authors: string[];
  /** The dek. */
  subject?: string;
  keywords: string[];
  /** BCP 47 tag; written as the catalog /Lang when Chromium did not. */
  language?: string;
  /** CreationDate and ModDate: the article date, or SOURCE_DATE_EPOCH. */
  date: Date;
  /** Any stable string identifying the content; the trailer /ID is derived from it. */
  fingerprint: string;
  /** Who holds the rights, as the manuscript says it: the XMP dc:rights (the e-book's package carries it too). */
  rights?: string;
  /** The edition's identifier (a URN), written as the XMP dc:identifier. */
  identifier?: string;
  /** Default "galley <version>". */
  creator?: string;
  /** Default: the producer Chromium wrote, plus pdf-lib. */
  producer?: string;
}

export function metadataFromDocument(doc: GalleyDocument, date: Date): PdfMetadata {
  const meta: PdfMetadata = {
    title: doc.metadata.title,
    // A collection's makers are its editors (its articles' authors are named in it).
    authors: doc.metadata.authors.length > 0 ? doc.metadata.authors : (doc.metadata.editors ?? []),
    keywords: doc.metadata.keywords,
    language: doc.metadata.language,
    date,
    fingerprint: doc.fingerprint,
  };
  if (doc.metadata.subtitle) meta.subject = doc.metadata.subtitle;
  if (doc.metadata.rights) meta.rights = doc.metadata.rights;
  return meta;
}

const NAMESPACES = {
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:xmp': 'http://ns.adobe.com/xap/1.0/',
  'xmlns:pdf': 'http://ns.adobe.com/pdf/1.3/',
  'xmlns:xmpMM': 'http://ns.adobe.com/xap/1.0/mm/',
};

/** The XMP packet (ISO 16684-1) for `meta`, built as an XML tree and serialized by xast-util-to-xml. */
export function xmpPacket(meta: PdfMetadata, creator: string, producer: string, documentId: string): string {
  // An element child goes after an attributes object ({} when none): alone, xastscript would read it as attributes.
  const alt = (text: string): Element => x('rdf:Alt', {}, x('rdf:li', { 'xml:lang': 'x-default' }, text));
  const list = (kind: 'rdf:Seq' | 'rdf:Bag', items: string[]): Element => x(kind, {}, items.map((item) => x('rdf:li', item)));
  // XMP dates are ISO 8601, as the e-book's dcterms:modified: one formatter for both.
  const date = isoSeconds(meta.date);
  const description = x('rdf:Description', { 'rdf:about': '', ...NAMESPACES }, [
    x('dc:format', 'application/pdf'),
    x('dc:title', {}, alt(meta.title)),
    meta.identifier ? x('dc:identifier', meta.identifier) : null,
    meta.authors.length > 0 ? x('dc:creator', {}, list('rdf:Seq', meta.authors)) : null,
    meta.subject ? x('dc:description', {}, alt(meta.subject)) : null,
    meta.keywords.length > 0 ? x('dc:subject', {}, list('rdf:Bag', meta.keywords)) : null,
    meta.rights ? x('dc:rights', {}, alt(meta.rights)) : null,
    meta.keywords.length > 0 ? x('pdf:Keywords', meta.keywords.join(', ')) : null,
    x('dc:language', {}, list('rdf:Bag', [meta.language ?? 'x-default'])),
    x('xmp:CreatorTool', creator),
    x('xmp:CreateDate', date),
    x('xmp:ModifyDate', date),
    x('xmp:MetadataDate', date),
    x('pdf:Producer', producer),
    x('xmpMM:DocumentID', `uuid:${documentId}`),
    x('xmpMM:InstanceID', `uuid:${documentId}`),
  ]);
  const packet: Root = {
    type: 'root',
    children: [
      { type: 'instruction', name: 'xpacket', value: 'begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"' },
      x('x:xmpmeta', { 'xmlns:x': 'adobe:ns:meta/' }, x('rdf:RDF', { 'xmlns:rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#' }, description)),
      { type: 'instruction', name: 'xpacket', value: 'end="w"' },
    ],
  };
  return toXml(packet);
}

function textOf(value: unknown): string | undefined {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return undefined;
}

/** How galley saves a PDF: classic cross-reference table, nothing added. */
export const saveOptions = { useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false } as const;

/**
 * Writes `meta` into the PDF `bytes` and returns the new file. Everything
 * else in the file (structure tree, outline, fonts, /Lang) is kept.
 */
export async function applyMetadata(bytes: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  setMetadata(pdf, meta);
  return pdf.save(saveOptions);
}

/** Writes `meta` into a loaded PDF (load it with `updateMetadata: false`). */
export function setMetadata(pdf: PDFDocument, meta: PdfMetadata): void {
  const { context, catalog } = pdf;

  const oldInfo = context.lookup(context.trailerInfo.Info);
  const chromeProducer = oldInfo instanceof PDFDict ? textOf(oldInfo.get(PDFName.of('Producer'))) : undefined;
  const creator = meta.creator ?? `galley ${version}`;
  const producer = meta.producer ?? [chromeProducer, 'pdf-lib'].filter(Boolean).join('; ');

  pdf.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.authors.length > 0) pdf.setAuthor(joinNames(meta.authors, meta.language ?? 'en'));
  if (meta.subject) pdf.setSubject(meta.subject);
  pdf.setCreator(creator);
  pdf.setProducer(producer);
  pdf.setCreationDate(meta.date);
  pdf.setModificationDate(meta.date);
  const info = context.lookup(context.trailerInfo.Info, PDFDict);
  // pdf-lib's setKeywords joins with spaces, which splits "climate change" in two.
  if (meta.keywords.length > 0) info.set(PDFName.of('Keywords'), PDFHexString.fromText(meta.keywords.join(', ')));
  else info.delete(PDFName.of('Keywords'));

  if (meta.language && !catalog.has(PDFName.of('Lang'))) catalog.set(PDFName.of('Lang'), PDFString.of(meta.language));
  // setTitle() has added /ViewerPreferences /DisplayDocTitle true; keep it explicit.
  const prefs = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict) ?? context.obj({});
  prefs.set(PDFName.of('DisplayDocTitle'), PDFBool.True);
  catalog.set(PDFName.of('ViewerPreferences'), prefs);

  const digest = createHash('sha256').update(`galley-pdf\0${meta.fingerprint}`).digest();
  const id = digest.subarray(0, 16).toString('hex');
  const uuid = uuidFromHash(id);

  const xmp = context.stream(new Uint8Array(Buffer.from(xmpPacket(meta, creator, producer, uuid), 'utf8')), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  catalog.set(PDFName.of('Metadata'), context.register(xmp));

  const idString = PDFHexString.of(id.toUpperCase());
  context.trailerInfo.ID = PDFArray.withContext(context);
  (context.trailerInfo.ID as PDFArray).push(idString);
  (context.trailerInfo.ID as PDFArray).push(idString);
}
