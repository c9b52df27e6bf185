/**
 * A print parsed once (pdf-lib) for what only reads it: its pages' text
 * (./print-text.ts) and its named destinations (./destinations.ts), which
 * the layout passes both ask of every print. Kept as long as the print's
 * bytes are. Finishing the print changes what it parses: it takes the parse
 * once the print has been read (takePrint), and no reader sees it after.
 */
import { PDFDocument } from 'pdf-lib';

const parsed = new WeakMap<Uint8Array, Promise<PDFDocument>>();

/** `bytes` parsed, shared by every reader of the same bytes; none of them may change it. */
export function readOnlyPrint(bytes: Uint8Array): Promise<PDFDocument> {
  let document = parsed.get(bytes);
  if (!document) {
    document = PDFDocument.load(bytes, { updateMetadata: false });
    parsed.set(bytes, document);
    // A print that does not parse is parsed (and refused) again by the next reader.
    document.catch(() => parsed.delete(bytes));
  }
  return document;
}

/**
 * `bytes` parsed for a writer (./finish.ts), which may change it: the parse
 * the readers shared, when there is one, is handed over and forgotten (a
 * reader that comes later parses the bytes again). Called once the readers
 * of these bytes are done: a parse for finishing is the same as theirs.
 */
export function takePrint(bytes: Uint8Array): Promise<PDFDocument> {
  const document = readOnlyPrint(bytes);
  parsed.delete(bytes);
  return document;
}
