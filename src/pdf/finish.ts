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
import { headingsOf, removeSoftHyphenMarks, restoreOutlineTitles } from './cleanup.js';
import { metadataFromDocument, saveOptions, setMetadata, type PdfMetadata } from './metadata.js';
import { normalizeStructureTree } from './structure.js';

export { namedDestinations } from './destinations.js';

/** Finishes `chromiumPdf` with the headings of `html`, its print page. */
export async function finishPdf(chromiumPdf: Uint8Array, meta: PdfMetadata, headings: string[]): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = await PDFDocument.load(chromiumPdf, { updateMetadata: false });
  removeSoftHyphenMarks(pdf);
  restoreOutlineTitles(pdf, headings);
  normalizeStructureTree(pdf);
  setMetadata(pdf, meta);
  return { bytes: await pdf.save(saveOptions), pages: pdf.getPageCount() };
}

/** Finishes the print of `doc` laid out from the print page `html`. */
export function finishPrint(chromiumPdf: Uint8Array, doc: GalleyDocument, html: string, edition: { date: Date; identifier: string }): Promise<{ bytes: Uint8Array; pages: number }> {
  return finishPdf(chromiumPdf, { ...metadataFromDocument(doc, edition.date), fingerprint: edition.identifier, identifier: edition.identifier }, headingsOf(html));
}
