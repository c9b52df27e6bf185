/**
 * The thread that reads laid-out PDFs back (src/pdf/page-text.ts): pdf.js,
 * loaded here, parses each PDF and hands back the text of its pages. Kept
 * off galley's own thread: loading pdf.js and parsing the PDF's fonts take a
 * few hundred milliseconds of CPU, which here overlap the browser's layout
 * and the finishing of the PDF; and pdf.js's legacy build (core-js) swaps
 * some built-ins (Array#push, JSON.parse) for slower ones in the thread that
 * loads it, which is this one alone.
 *
 * Message in: { id, pdf: Uint8Array }. Out: { id, pages: [{ height, items:
 * [{ str, x, y, hasEOL, dir }] }] } or { id, error }.
 */
import { parentPort } from 'node:worker_threads';

const loading = (async () => {
  // Handed over as `pdfjsWorker`, pdf.js runs its own "worker" in this thread rather than importing it at the first document.
  const [library, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
  globalThis.pdfjsWorker = worker;
  return library;
})();
loading.catch(() => {}); // told with the first request

async function pageTexts(pdf) {
  const { getDocument } = await loading;
  const document = await getDocument({ data: pdf, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const items = [];
      for (const item of content.items) {
        if (typeof item.str !== 'string') continue;
        items.push({ str: item.str, x: item.transform[4], y: item.transform[5], hasEOL: item.hasEOL === true, dir: item.dir });
      }
      pages.push({ height: page.view[3], items });
      page.cleanup();
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

// One document at a time: pdf.js was seen to mix up two documents read at once ("Invalid page request").
let queue = Promise.resolve();
parentPort.on('message', ({ id, pdf }) => {
  queue = queue.then(async () => {
    try {
      parentPort.postMessage({ id, pages: await pageTexts(pdf) });
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
