/**
 * The named destinations Chromium writes into a PDF, one for every link
 * target (`id`): the layout passes read them back to learn where each figure
 * and each article of a collection fell.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import { readOnlyPrint } from './print-document.js';

export interface Destination {
  /** The page, 1-based. */
  page: number;
  /** How far down the page, in points; undefined when the destination gives no top (a /Fit view). */
  fromTop: number | undefined;
}

/** Where each of `ids` is; an id with no destination, or one on no page of the document, is left out. */
export async function namedDestinations(pdfBytes: Uint8Array, ids: string[]): Promise<Map<string, Destination>> {
  // Parsed once for this and the read-back of the print's text.
  const pdf = await readOnlyPrint(pdfBytes);
  const pages = new Map<string, { number: number; height: number }>();
  pdf.getPages().forEach((page, index) => pages.set(page.ref.toString(), { number: index + 1, height: page.getHeight() }));
  const found = new Map<string, Destination>();
  const dests = pdf.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) return found;
  for (const id of ids) {
    const dest = dests.lookup(PDFName.of(id));
    // [page /XYZ left top zoom], or a dictionary holding it under /D.
    const array = dest instanceof PDFDict ? dest.lookupMaybe(PDFName.of('D'), PDFArray) : dest instanceof PDFArray ? dest : undefined;
    const ref = array?.get(0);
    const page = ref instanceof PDFRef ? pages.get(ref.toString()) : undefined;
    if (!page) continue;
    const top = array?.get(3);
    found.set(id, { page: page.number, fromTop: top instanceof PDFNumber ? page.height - top.asNumber() : undefined });
  }
  return found;
}

/** The page (1-based) of each of `ids` that has a destination. */
export async function destinationPages(pdfBytes: Uint8Array, ids: string[]): Promise<Map<string, number>> {
  return new Map([...(await namedDestinations(pdfBytes, ids))].map(([id, { page }]) => [id, page]));
}
