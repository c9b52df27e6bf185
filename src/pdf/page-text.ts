/**
 * The text of a laid-out PDF's pages, read by pdf.js in a thread of its own
 * (src/pdf/page-text-worker.mjs). The thread starts when the PDF writer
 * begins (`preparePageText`), so that pdf.js loads while the print page is
 * made and laid out, not while galley itself starts; each read-back then
 * runs beside galley's thread, which meanwhile reads the PDF's named
 * destinations and finishes the PDF. The thread holds the process open only
 * while a read is under way.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../paths.js';
import { requestThread } from '../request-thread.js';

/** A piece of text as pdf.js gives it: where its baseline starts, in PDF units from the page's bottom left. */
export interface TextPiece {
  str: string;
  x: number;
  y: number;
  /** The piece ends a line. */
  hasEOL: boolean;
  /** Which way the piece is written: `ltr`, `rtl` or `ttb`. */
  dir?: string;
}

/** One page's text, pieces in the order they are printed. */
export interface PageText {
  /** The page's height, in points. */
  height: number;
  items: TextPiece[];
}

const reading = requestThread<PageText[]>({
  // No Node options of the process's: the thread needs none (V8's, such as
  // the heap flags of the npm scripts, hold for every thread anyway), and some
  // would stop it (`--input-type`, for the process's own `-e` script; a heap
  // size, which Node refuses to give a thread).
  open: () => new Worker(path.join(packageRoot, 'src', 'pdf', 'page-text-worker.mjs'), { execArgv: [] }),
  answer: ({ pages }) => (Array.isArray(pages) ? (pages as PageText[]) : undefined),
  failed: 'The laid-out PDF could not be read back',
  thread: 'The PDF reading thread',
});

/** Starts the reading thread, which loads pdf.js, ahead of the first read. */
export function preparePageText(): void {
  reading.start();
}

/** The text of every page of `pdf`, read in the reading thread (one PDF at a time, in the order asked). */
export function pageTexts(pdf: Uint8Array): Promise<PageText[]> {
  // A copy goes to the thread: the caller keeps its bytes.
  const copy = pdf.slice();
  return reading.ask({ pdf: copy }, [copy.buffer]);
}
