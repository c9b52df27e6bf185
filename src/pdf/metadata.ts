/**
 * Document information for the printed PDF, written after Chromium has laid
 * it out: title, authors, subject, keywords, dates, and a trailer /ID derived
 * from the content, so that the same manuscript makes the same file. The
 * structure tree (/StructTreeRoot, /MarkInfo), /Lang and the outline Chromium
 * wrote are kept as they are.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import type { GalleyDocument } from '../document.js';
import { version } from '../version.js';
import { joinNames } from '../view.js';

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
    authors: doc.metadata.authors,
    keywords: doc.metadata.keywords,
    language: doc.metadata.language,
    date,
    fingerprint: doc.fingerprint,
  };
  if (doc.metadata.subtitle) meta.subject = doc.metadata.subtitle;
  return meta;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function xmpPacket(meta: PdfMetadata, creator: string, producer: string, documentId: string): string {
  const lang = meta.language ?? 'x-default';
  const alt = (text: string): string =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(text)}</rdf:li></rdf:Alt>`;
  const lines = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(meta.title)}</dc:title>`,
  ];
  if (meta.identifier) lines.push(`<dc:identifier>${xmlEscape(meta.identifier)}</dc:identifier>`);
  if (meta.authors.length > 0) {
    lines.push(`<dc:creator><rdf:Seq>${meta.authors.map((a) => `<rdf:li>${xmlEscape(a)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>`);
  }
  if (meta.subject) lines.push(`<dc:description>${alt(meta.subject)}</dc:description>`);
  if (meta.keywords.length > 0) {
    lines.push(`<dc:subject><rdf:Bag>${meta.keywords.map((k) => `<rdf:li>${xmlEscape(k)}</rdf:li>`).join('')}</rdf:Bag></dc:subject>`);
    lines.push(`<pdf:Keywords>${xmlEscape(meta.keywords.join(', '))}</pdf:Keywords>`);
  }
  lines.push(
    `<dc:language><rdf:Bag><rdf:li>${xmlEscape(lang)}</rdf:li></rdf:Bag></dc:language>`,
    `<xmp:CreatorTool>${xmlEscape(creator)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${xmpDate(meta.date)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(meta.date)}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${xmpDate(meta.date)}</xmp:MetadataDate>`,
    `<pdf:Producer>${xmlEscape(producer)}</pdf:Producer>`,
    `<xmpMM:DocumentID>uuid:${documentId}</xmpMM:DocumentID>`,
    `<xmpMM:InstanceID>uuid:${documentId}</xmpMM:InstanceID>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  );
  return lines.join('\n');
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
  const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;

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
