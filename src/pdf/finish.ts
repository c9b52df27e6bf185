/**
 * Chromium's PDF → galley's: content streams cleaned (soft-hyphen marks removed,
 * clusters' boxes closed, letters with no advance joined, artifacts marked), outline titles as
 * the headings read, the structure tree role-mapped and its ids numbered in
 * reading order, metadata written; and where the figures fell (the print's
 * named destinations). Everything here works with pdf-lib, so the PDF
 * writer loads this module (and pdf-lib, about a tenth of a second) only
 * once the browser lays a page out, not while galley starts.
 */
import { PDFContext, PDFDocument } from 'pdf-lib';
import type { GalleyDocument } from '../document.js';
import { cleanContentStreams, outlineHeadingsOf, restoreOutlineTitles, type OutlineHeading } from './cleanup.js';
import { linkNamesOf, nameLinks, type LinkName } from './link-names.js';
import { metadataFromDocument, saveOptions, setMetadata, type PdfMetadata } from './metadata.js';
import { takePrint } from './print-document.js';
import { restorePictures } from './stand-in-prints.js';
import { normalizeStructureTree } from './structure.js';
import { mendUnmappedWords } from './unmapped-words.js';

export { namedDestinations } from './destinations.js';
export { checkPrintedPictures } from './stand-in-prints.js';

/** A page's worth of text drawn as Chromium draws it (fonts set, glyphs placed and shown), for warmDeflate. */
function sampleContent(): Uint8Array {
  let text = '';
  for (let i = 0; text.length < 16_000; i++) {
    const glyphs = `00${((i * 7) % 200).toString(16).padStart(2, '0')}00${((i * 11) % 200).toString(16).padStart(2, '0')}`;
    text += `BT\n/F${i % 5} ${9 + (i % 4)} Tf\n1 0 0 -1 ${(i * 37) % 500} ${(i * 53) % 700} Tm\n<${glyphs}> Tj\nET\n`;
  }
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** Pieces warmDeflate deflates: about 110 kB, what it takes V8 to optimise pako's deflate (seven of 16 kB). */
const WARM_PIECES = 7;

let warming: { stopped: boolean } | undefined;

/**
 * Deflates a few pages of sample text, a piece at a time between the
 * browser's messages, once a process: finishing a print deflates every page
 * it changed (pdf-lib's pako, in JavaScript), and the first deflate of a
 * process runs before V8 has optimised it. A seed print's three pages took
 * 62–70 ms of CPU cold and 16–19 ms after this warm-up (which costs about
 * 55 ms, while the browser prints and the main thread waits for it), so
 * the finish that follows the print is that much shorter. Stops at
 * stopWarming (the print is back): it must not delay the read-back.
 */
export function warmDeflate(): void {
  if (warming) return;
  const state = (warming = { stopped: false });
  const context = PDFContext.create();
  const sample = sampleContent();
  let left = WARM_PIECES;
  const next = (): void => {
    if (state.stopped || left-- <= 0) return;
    context.flateStream(sample);
    setImmediate(next);
  };
  setImmediate(next);
}

/** Ends warmDeflate's pieces (what was deflated stays warm). */
export function stopWarming(): void {
  if (warming) warming.stopped = true;
}

/**
 * Finishes `chromiumPdf` with the headings and links of `html`, its print page. Given
 * the print's bytes, it parses them; given a parse (./print-document.ts's
 * takePrint), it finishes that one, which it changes.
 */
export async function finishPdf(
  chromiumPdf: Uint8Array | Promise<PDFDocument>,
  meta: PdfMetadata,
  headings: Array<string | OutlineHeading>,
  links: readonly LinkName[] = [],
): Promise<{ bytes: Uint8Array; pages: number }> {
  const pdf = chromiumPdf instanceof Uint8Array ? await PDFDocument.load(chromiumPdf, { updateMetadata: false }) : await chromiumPdf;
  // The pictures laid out as stand-ins, as Chromium printed them (./stand-ins.ts).
  restorePictures(pdf);
  // The words whose glyphs read as nothing are mended first, from Chromium's streams as the page list's read-back
  // mends them (./page-text.ts); the cleanup then leaves those words' spans as the mend wrote them.
  mendUnmappedWords(pdf);
  cleanContentStreams(pdf);
  restoreOutlineTitles(pdf, headings);
  normalizeStructureTree(pdf);
  nameLinks(pdf, links);
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
  return finishPdf(parsed ? takePrint(chromiumPdf) : chromiumPdf, { ...metadataFromDocument(doc, edition.date), fingerprint: edition.identifier, identifier: edition.identifier }, outlineHeadingsOf(html), linkNamesOf(html));
}
