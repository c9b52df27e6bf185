/**
 * Chromium's PDF → galley's: soft-hyphen marks removed, outline titles as
 * the headings read, the structure tree role-mapped and its ids numbered in
 * reading order, metadata written; and where the figures fell (the print's
 * named destinations). Everything here works with pdf-lib, so the PDF
 * writer loads this module (and pdf-lib, about a tenth of a second) only
 * once the browser lays a page out, not while galley starts.
 */
import { PDFDocument } from 'pdf-lib';
import type { GalleyDocument } from '../document.js';
import { outlineHeadingsOf, removeSoftHyphenMarks, restoreOutlineTitles, type OutlineHeading } from './cleanup.js';
import { metadataFromDocument, saveOptions, setMetadata, type PdfMetadata } from './metadata.js';
import { takePrint } from './print-document.js';
import { normalizeStructureTree } from './structure.js';
import { mendUnmappedWords } from './unmapped-words.js';

export { namedDestinations } from './destinations.js';

/**
 * Finishes `chromiumPdf` with the headings of `html`, its print page. Given
 * the print's bytes, it parses them; given a parse (./print-document.ts's
 * takePrint), it finishes that one, which it changes.
 */
export async function finishPdf(chromiumPdf: Uint8Array | Promise<PDFDocument>, meta: PdfMetadata, headings: Array<string | OutlineHeading>): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = chromiumPdf instanceof Uint8Array ? await PDFDocument.load(chromiumPdf, { updateMetadata: false }) : await chromiumPdf;
  // The words whose glyphs read as nothing are mended first, from Chromium's streams as the page list's read-back
  // mends them (./page-text.ts); the cleanup then leaves those words' spans as the mend wrote them.
  mendUnmappedWords(pdf);
  removeSoftHyphenMarks(pdf);
  restoreOutlineTitles(pdf, headings);
  normalizeStructureTree(pdf);
  setMetadata(pdf, meta);
  return { bytes: await pdf.save(saveOptions), pages: pdf.getPageCount() };
}

/**
 * Finishes the print of `doc` laid out from the print page `html`. With
 * `parsed`, on the parse its readers shared (takePrint): they must be done
 * with it (one parse of the print less, a tenth of finishing it).
 */
export function finishPrint(
  chromiumPdf: Uint8Array,
  doc: GalleyDocument,
  html: string,
  edition: { date: Date; identifier: string },
  { parsed = false }: { parsed?: boolean } = {},
): Promise<{ bytes: Uint8Array; pages: number }> {
  return finishPdf(parsed ? takePrint(chromiumPdf) : chromiumPdf, { ...metadataFromDocument(doc, edition.date), fingerprint: edition.identifier, identifier: edition.identifier }, outlineHeadingsOf(html));
}
