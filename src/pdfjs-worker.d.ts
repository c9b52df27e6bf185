/**
 * pdf.js ships no types for its worker module. galley only hands the module
 * to pdf.js (as `globalThis.pdfjsWorker`), which looks for this export.
 */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
