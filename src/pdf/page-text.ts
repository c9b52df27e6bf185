/**
 * The text of a laid-out PDF's pages. Chromium's prints are read on galley's
 * own thread from their content streams (./print-text.ts, with pdf-lib, which
 * finishing the print loads anyway): a few tens of milliseconds, where pdf.js
 * took a hundred or more to load and as many again for its first read. Text
 * that reader leaves alone (written right to left, which pdf.js puts back in
 * reading order; vertical or rotated lines) is read by pdf.js, in a thread of
 * its own (src/pdf/page-text-worker.mjs): started ahead
 * (`preparePageText`) for a document that has such text, so that pdf.js
 * loads while the print page is laid out. The thread holds the process open
 * only while a read is under way.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import { requestThread } from '../request-thread.js';
import type { PageText } from './print-text.js';

export type { PageText, TextPiece } from './print-text.js';

const reading = requestThread<PageText[]>({
  // No Node options of the process's: the thread needs none (V8's, such as
  // the heap flags of the npm scripts, hold for every thread anyway), and some
  // would stop it (`--input-type`, for the process's own `-e` script; a heap
  // size, which Node refuses to give a thread).
  // Node's worker_threads only when the thread starts (text written right to left): about 2.5 ms of a run's CPU to load.
  open: () => {
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    return new Worker(path.join(packageRoot, 'src', 'pdf', 'page-text-worker.mjs'), { execArgv: [] });
  },
  answer: ({ pages }) => (Array.isArray(pages) ? (pages as PageText[]) : undefined),
  failed: 'The laid-out PDF could not be read back',
  thread: 'The PDF reading thread',
});

/** Starts pdf.js's reading thread ahead of the first read that needs it. */
export function preparePageText(): void {
  reading.start();
}

/** The text of every page of `pdf`: from its content streams, or by pdf.js in its thread when they hold text that reader leaves to it. */
export async function pageTexts(pdf: Uint8Array): Promise<PageText[]> {
  const { readPrintText, NotPlainText } = await import('./print-text.js');
  try {
    return await readPrintText(pdf);
  } catch (error) {
    if (!(error instanceof NotPlainText)) throw new Error(`The laid-out PDF could not be read back: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A copy goes to the thread: the caller keeps its bytes. A print whose words read as nothing to pdf.js (Nastaliq) is
  // read as finishing will mend it (./unmapped-words.ts).
  const { readOnlyPrint } = await import('./print-document.js');
  const { hasUnmappedWords, mendUnmappedWords } = await import('./unmapped-words.js');
  let copy = pdf.slice();
  if (hasUnmappedWords(await readOnlyPrint(pdf))) {
    const { PDFDocument } = await import('pdf-lib');
    const mended = await PDFDocument.load(copy, { updateMetadata: false });
    mendUnmappedWords(mended, { compress: false });
    copy = (await mended.save({ useObjectStreams: false })).slice();
  }
  return reading.ask({ pdf: copy }, [copy.buffer]);
}
