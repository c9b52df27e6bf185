/**
 * One manuscript's build: its document (read once) → the print layout → the
 * PDF → the e-book (with the print edition's page numbers) → the download
 * page's cover and entry, all staged in one transaction: they replace the
 * previous ones together, or, should any fail, none does.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { BuildCache } from '../cache.js';
import type { GalleyDocument } from '../document.js';
import type { PrintEdition } from '../print-edition.js';
import type { LoadResult } from '../manuscript/index.js';
import type { OutputFolder, Transaction } from '../output/transaction.js';
import type { PageSize } from '../pdf/page.js';
import type { DrawnThumbnail } from '../site/index.js';
import type { BuildBrowser } from './browser.js';
import type { BuildEvent, BuildEventListener, Format } from './events.js';
import type { PlannedBuild } from './plan.js';

export interface ManuscriptContext {
  out: OutputFolder;
  pageSize: PageSize;
  /** The build's browser; undefined when nothing needs one or there is none. */
  browser: BuildBrowser | undefined;
  pageList: boolean;
  /** Also draw the download page's cover and record the entry (the build writes the page afterwards). */
  thumbnails: boolean;
  emit: BuildEventListener;
  /** Tells that this manuscript no longer needs the browser (called once, on every path). */
  layoutDone: () => void;
  /** Once aborted, nothing of the manuscript is put in place. */
  signal?: AbortSignal;
}

/** Reads one manuscript (`loading`: its loadManuscript) and writes its editions; returns how many failed. */
export async function buildManuscript(item: PlannedBuild, loading: Promise<LoadResult>, context: ManuscriptContext): Promise<number> {
  const transaction = context.out.transaction();
  try {
    return await buildEditions(item, loading, transaction, context);
  } finally {
    // Whatever was not committed is removed: the folder keeps the previous editions.
    await transaction.abort();
    context.layoutDone();
  }
}

async function buildEditions(item: PlannedBuild, loading: Promise<LoadResult>, transaction: Transaction, context: ManuscriptContext): Promise<number> {
  if (item.formats.length === 0) return 0;
  const document = await readDocument(item, loading, context.emit);
  if (!document) return item.formats.length;
  const staged = new Staged(transaction, context.out.dir, document.slug);

  // The PDF first: its layout (the print record) gives the e-book its page
  // numbers, and the credits of the e-book and of the page their pages. Its
  // first layout goes to the browser before the cover is started: writing
  // the cover's template and finding its faces run on this thread (its
  // layout and drawing in the cover thread), and so are done while the
  // browser prints rather than before it starts.
  const printing = printEdition(item, document, staged, context);
  printing.catch(() => {}); // awaited below; nothing may go unhandled while the cover starts
  await new Promise((resolve) => setImmediate(resolve));

  // The e-book's cover is drawn while the browser lays out the PDF (in the
  // cover's own thread); the download page's thumbnail is the same drawing,
  // smaller: drawn now it reuses the cover's layout.
  let cover: Promise<Buffer> | undefined;
  if (item.formats.includes('epub')) {
    const { renderEpubCover } = await import('../epub/cover.js');
    const { coverCutWarnings } = await import('../cover.js');
    // Text the cover cuts even at its smallest size is told as the manuscript's, naming the field to shorten.
    cover = renderEpubCover(document, undefined, (cuts) => {
      for (const { file, text } of coverCutWarnings(document, cuts)) context.emit({ type: 'print-warning', file, text });
    });
    cover.catch(() => {}); // awaited (and reported) with the EPUB below
  }
  let undrawn: Promise<void> | undefined;
  if (item.formats.includes('epub') || context.thumbnails) {
    // A letter the cover's faces lack is drawn there as a box, while the editions draw it: told, not left to be seen.
    const { coverUndrawnWarnings } = await import('../cover.js');
    undrawn = coverUndrawnWarnings(document).then(
      (warnings) => warnings.forEach(({ file, text }) => context.emit({ type: 'print-warning', file, text })),
      () => {}, // a cover that cannot be laid out fails with its drawing, below
    );
  }
  let thumbnail: Promise<DrawnThumbnail> | undefined;
  if (context.thumbnails) {
    const { drawCoverThumbnail } = await import('../site/index.js');
    thumbnail = drawCoverThumbnail(document, { outDir: context.out.dir });
    thumbnail.catch(() => {}); // awaited (and reported) below
  }

  const { print, failures } = await printing;
  context.layoutDone();
  await undrawn;
  if (!staged.failed && item.formats.includes('epub')) await epubEdition(item, document, { cover, print }, staged, context);
  if (!staged.failed && thumbnail) {
    try {
      const drawn = await thumbnail;
      if (drawn.png) await staged.add(drawn.relative, drawn.png, { file: drawn.file, key: drawn.key });
    } catch (error) {
      staged.fail(context.emit, { type: 'edition-failed', format: undefined, file: item.dir, error });
    }
  }

  if (staged.failed) {
    // Nothing of this manuscript is replaced: the previous editions and their entry on the page stay.
    const kept = (['pdf', 'epub'] as const).filter((format) => item.formats.includes(format) && existsSync(staged.fileOf(format)));
    context.emit({ type: 'not-replaced', dir: item.dir, kept });
    return item.formats.length;
  }
  let current: string[];
  try {
    const { entryRecord, entryRecordFile, pageFontFiles, thumbnailName } = await import('../site/index.js');
    current = [`${document.slug}.epub`, `${document.slug}.pdf`, path.join('covers', thumbnailName(document.slug)), entryRecordFile(document.slug)];
    await staged.add(entryRecordFile(document.slug), JSON.stringify(entryRecord(document, { ...(print ? { print } : {}) })));
    // The page is written from the records afterwards: the entry's font files go beside it now (each file once).
    if (context.thumbnails) {
      for (const font of pageFontFiles(document)) {
        if (!(await sameSize(path.join(context.out.dir, font.relative), font.bytes.length))) await staged.add(font.relative, font.bytes);
      }
    }
    // A stopped build replaces nothing: buildManuscript aborts the transaction, the folder keeps what it had.
    if (context.signal?.aborted) return item.formats.length;
    await staged.commit();
  } catch (error) {
    context.emit({ type: 'edition-failed', format: undefined, file: item.dir, error });
    return item.formats.length;
  }
  await staged.finish(current, context.emit);
  return failures;
}

/** The manuscript's document, with the reader's warnings told; undefined (its errors told) when it cannot be read. */
async function readDocument(item: PlannedBuild, loading: Promise<LoadResult>, emit: BuildEventListener): Promise<GalleyDocument | undefined> {
  const { formatMessage, ManuscriptError } = await import('../manuscript/index.js');
  try {
    const loaded = await loading;
    for (const warning of loaded.warnings) emit({ type: 'diagnostic', severity: 'warning', text: formatMessage(warning) });
    return loaded.document;
  } catch (error) {
    if (error instanceof ManuscriptError) {
      for (const message of error.messages) emit({ type: 'diagnostic', severity: message.fatal ? 'error' : 'warning', text: formatMessage(message) });
      emit({ type: 'not-read', dir: item.dir, errors: error.errors });
    } else {
      emit({ type: 'not-read', dir: item.dir, errors: 1, error });
    }
    return undefined;
  }
}

/** Whether `file` is there with `size` bytes: a font file's name tells its face, cut and characters. */
async function sameSize(file: string, size: number): Promise<boolean> {
  try {
    const info = await stat(file);
    return info.isFile() && info.size === size;
  } catch {
    return false;
  }
}

/**
 * What a manuscript's build has staged so far: the files (in its
 * transaction), the build records to write once they are in place, and the
 * editions to tell then. One failure and nothing is committed.
 */
class Staged {
  private readonly records: Array<{ file: string; key: string }> = [];
  private readonly built: Array<() => void> = [];
  failed = false;

  constructor(
    private readonly transaction: Transaction,
    private readonly outDir: string,
    private readonly slug: string,
  ) {}

  fileOf(format: Format): string {
    return path.join(this.outDir, `${this.slug}.${format}`);
  }

  /** Stages `relative` (its build record with it, if any). */
  async add(relative: string, data: Uint8Array | string, record?: { file: string; key: string }): Promise<void> {
    await this.transaction.stage(relative, data);
    if (record) this.records.push(record);
  }

  /** An edition made: told once everything is in place. */
  told(tell: () => void): void {
    this.built.push(tell);
  }

  fail(emit: BuildEventListener, event: BuildEvent): void {
    this.failed = true;
    emit(event);
  }

  commit(): Promise<void> {
    return this.transaction.commit();
  }

  /**
   * Once committed: writes the build records, removes what an earlier build
   * wrote for this manuscript and galley no longer writes (`current`: every
   * name it writes for it; see src/output/stale.ts), then tells the editions.
   */
  async finish(current: string[], emit: BuildEventListener): Promise<void> {
    const cache = new BuildCache();
    for (const { file, key } of this.records) await cache.record(file, key);
    const { removeStale } = await import('../output/stale.js');
    const written = this.records.map(({ file }) => path.relative(this.outDir, file));
    for (const removed of await removeStale(this.outDir, this.slug, current, written, cache)) emit({ type: 'stale-removed', file: path.join(this.outDir, removed) });
    for (const tell of this.built) tell();
  }
}

/**
 * Lays the document out for print when the PDF or the e-book's page list
 * needs it, and stages the PDF when it is wanted. Returns the print record
 * (undefined without a layout) and the PDFs that could not be built for want
 * of a browser.
 */
async function printEdition(item: PlannedBuild, document: GalleyDocument, staged: Staged, context: ManuscriptContext): Promise<{ print: PrintEdition | undefined; failures: number }> {
  const { emit } = context;
  const wantsPdf = item.formats.includes('pdf');
  const pageList = context.pageList && item.formats.includes('epub');
  const browser = context.browser;
  if (!(wantsPdf || pageList) || !browser) return { print: undefined, failures: 0 };
  const started = await browser.get();
  // Stopped while the browser was starting for this layout: the PDF failed
  // with the build, as a layout under way does.
  if (!started && wantsPdf && context.signal?.aborted) {
    staged.fail(emit, { type: 'edition-failed', format: 'pdf', file: staged.fileOf('pdf'), error: context.signal.reason });
    return { print: undefined, failures: 1 };
  }
  // The browser did not start (told once, by the build browser): as without a
  // browser, the PDF is not built and the e-book is, without its page list.
  if (!started) return { print: undefined, failures: wantsPdf ? 1 : 0 };
  const start = performance.now();
  try {
    await browser.preparing;
    const { renderPdf } = await import('../pdf/index.js');
    const result = await renderPdf(document, {
      pageSize: context.pageSize,
      browser: started.browser,
      sandboxes: started.sandboxes,
      pageStarts: pageList,
      onLaidOut: context.layoutDone,
    });
    const { splitWarning } = await import('../pdf/html.js');
    const files = [document.file, ...(document.parts ?? []).map((part) => part.file)];
    for (const warning of result.warnings) {
      // A warning about a place in the text is told as that place's: a collection's part's file, not collection.yaml.
      const placed = splitWarning(warning, files);
      emit(placed ? { type: 'print-warning', ...placed } : { type: 'print-warning', file: document.file, text: warning });
    }
    if (wantsPdf) {
      await staged.add(`${document.slug}.pdf`, result.pdf, { file: staged.fileOf('pdf'), key: item.keys.pdf! });
      const ms = performance.now() - start;
      const uncovered = document.uncovered?.length ?? 0;
      staged.told(() => emit({ type: 'edition', format: 'pdf', file: staged.fileOf('pdf'), bytes: result.bytes, pages: result.pages, ...(uncovered > 0 ? { uncovered } : {}), ms }));
    }
    return { print: result.print, failures: 0 };
  } catch (error) {
    context.layoutDone();
    if (wantsPdf) staged.fail(emit, { type: 'edition-failed', format: 'pdf', file: staged.fileOf('pdf'), error });
    else emit({ type: 'page-list-failed', file: staged.fileOf('epub'), error });
    return { print: undefined, failures: 0 };
  }
}

/** Makes and stages the e-book: with the print record's page list and credit pages when there is one. */
async function epubEdition(
  item: PlannedBuild,
  document: GalleyDocument,
  inputs: { cover: Promise<Buffer> | undefined; print: PrintEdition | undefined },
  staged: Staged,
  context: ManuscriptContext,
): Promise<void> {
  const { emit } = context;
  const { cover, print } = inputs;
  const start = performance.now();
  try {
    const { buildEpub } = await import('../epub/index.js');
    const result = await buildEpub(document, { ...(cover ? { cover } : {}), ...(print ? { print } : {}) });
    const withPageList = print?.pageStarts !== undefined;
    await staged.add(`${document.slug}.epub`, result.buffer, { file: staged.fileOf('epub'), key: withPageList ? item.keys.epub! : item.epubWithoutPageList });
    const ms = performance.now() - start;
    const printPages = withPageList ? result.pageList.length : undefined;
    const uncovered = document.uncovered?.length ?? 0;
    staged.told(() =>
      emit({ type: 'edition', format: 'epub', file: staged.fileOf('epub'), bytes: result.buffer.length, ...(printPages !== undefined ? { printPages } : {}), ...(uncovered > 0 ? { uncovered } : {}), ms }),
    );
  } catch (error) {
    staged.fail(emit, { type: 'edition-failed', format: 'epub', file: staged.fileOf('epub'), error });
  }
}
