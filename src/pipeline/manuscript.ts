/**
 * One manuscript's build: its document (read once) → the print layout → the
 * PDF → the e-book (with the print edition's page numbers) → the download
 * page's cover and entry, all staged in one transaction: they replace the
 * previous ones together, or, should any fail, none does.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BuildCache } from '../cache.js';
import type { GalleyDocument } from '../document.js';
import type { PrintEdition } from '../print-edition.js';
import type { LoadResult } from '../manuscript/index.js';
import type { OutputFolder, Transaction } from '../output/transaction.js';
import type { PageSize } from '../pdf/page.js';
import type { DrawnThumbnail } from '../site/index.js';
import type { BuildBrowser } from './browser.js';
import type { BuildEventListener, Format } from './events.js';
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
  const { emit } = context;
  const outDir = context.out.dir;
  if (item.formats.length === 0) return 0;
  const { formatMessage, ManuscriptError } = await import('../manuscript/index.js');
  let document: GalleyDocument;
  try {
    const loaded = await loading;
    for (const warning of loaded.warnings) emit({ type: 'diagnostic', severity: 'warning', text: formatMessage(warning) });
    document = loaded.document;
  } catch (error) {
    if (error instanceof ManuscriptError) {
      for (const message of error.messages) emit({ type: 'diagnostic', severity: 'error', text: formatMessage(message) });
      emit({ type: 'not-read', dir: item.dir, errors: error.messages.length });
    } else {
      emit({ type: 'not-read', dir: item.dir, errors: 1, error });
    }
    return item.formats.length;
  }

  const fileOf = (format: Format): string => path.join(outDir, `${document.slug}.${format}`);
  /** Editions told once they are in place. */
  const built: Array<() => void> = [];
  /** Build records written once the editions are in place. */
  const records: Array<{ file: string; key: string }> = [];
  let failed = false;

  // The e-book's cover is drawn here while the browser lays out the PDF.
  let cover: Promise<Buffer> | undefined;
  if (item.formats.includes('epub')) {
    const { renderEpubCover } = await import('../epub/cover.js');
    cover = renderEpubCover(document);
    cover.catch(() => {}); // awaited (and reported) with the EPUB below
  }
  // The download page's thumbnail is the same drawing, smaller: drawn now it reuses the cover's layout.
  let thumbnail: Promise<DrawnThumbnail> | undefined;
  if (context.thumbnails) {
    const { drawCoverThumbnail } = await import('../site/index.js');
    thumbnail = drawCoverThumbnail(document, { outDir });
    thumbnail.catch(() => {}); // awaited (and reported) below
  }

  // The PDF first: its layout (the print record) gives the e-book its page
  // numbers, and the credits of the e-book and of the page their pages.
  let print: PrintEdition | undefined;
  const wantsPdf = item.formats.includes('pdf');
  let pageList = context.pageList && item.formats.includes('epub');
  let failures = 0;
  const session = context.browser?.session;
  const started = (wantsPdf || pageList) && session ? await session.get() : undefined;
  if ((wantsPdf || pageList) && session && !started) {
    // The browser did not start (told once, by the session): as without a
    // browser, the PDF is not built and the e-book is, without its page list.
    if (wantsPdf) failures++;
    pageList = false;
  }
  if (started) {
    const start = performance.now();
    try {
      await context.browser!.preparing;
      const { renderPdf } = await import('../pdf/index.js');
      const result = await renderPdf(document, {
        pageSize: context.pageSize,
        browser: started.browser,
        sandboxes: started.sandboxes,
        pageStarts: pageList,
        onLaidOut: context.layoutDone,
      });
      for (const warning of result.warnings) emit({ type: 'print-warning', file: document.file, text: warning });
      print = result.print;
      if (wantsPdf) {
        await transaction.stage(`${document.slug}.pdf`, result.pdf);
        records.push({ file: fileOf('pdf'), key: item.keys.pdf! });
        const ms = performance.now() - start;
        built.push(() => emit({ type: 'edition', format: 'pdf', file: fileOf('pdf'), bytes: result.bytes, pages: result.pages, ms }));
      }
    } catch (error) {
      context.layoutDone();
      if (wantsPdf) {
        failed = true;
        emit({ type: 'edition-failed', format: 'pdf', file: fileOf('pdf'), error });
      } else emit({ type: 'page-list-failed', file: fileOf('epub'), error });
    }
  }
  context.layoutDone();

  if (item.formats.includes('epub') && !failed) {
    const start = performance.now();
    try {
      const { buildEpub } = await import('../epub/index.js');
      const result = await buildEpub(document, { ...(cover ? { cover } : {}), ...(print ? { print } : {}) });
      await transaction.stage(`${document.slug}.epub`, result.buffer);
      const withPageList = print?.pageStarts !== undefined;
      records.push({ file: fileOf('epub'), key: withPageList ? item.keys.epub! : item.epubWithoutPageList });
      const ms = performance.now() - start;
      const printPages = withPageList ? result.pageList.length : undefined;
      built.push(() => emit({ type: 'edition', format: 'epub', file: fileOf('epub'), bytes: result.buffer.length, ...(printPages !== undefined ? { printPages } : {}), ms }));
    } catch (error) {
      failed = true;
      emit({ type: 'edition-failed', format: 'epub', file: fileOf('epub'), error });
    }
  }

  if (!failed && context.thumbnails) {
    try {
      const drawn = await thumbnail!;
      if (drawn.png) {
        await transaction.stage(drawn.relative, drawn.png);
        records.push({ file: drawn.file, key: drawn.key });
      }
    } catch (error) {
      failed = true;
      emit({ type: 'edition-failed', format: undefined, file: item.dir, error });
    }
  }

  if (failed) {
    // Nothing of this manuscript is replaced: the previous editions and their entry on the page stay.
    const kept = (['pdf', 'epub'] as const).filter((format) => item.formats.includes(format) && existsSync(fileOf(format)));
    emit({ type: 'not-replaced', dir: item.dir, kept });
    return item.formats.length;
  }
  try {
    const { entryRecord, entryRecordFile } = await import('../site/index.js');
    await transaction.stage(entryRecordFile(document.slug), JSON.stringify(entryRecord(document, { ...(print ? { print } : {}) })));
    await transaction.commit();
  } catch (error) {
    emit({ type: 'edition-failed', format: undefined, file: item.dir, error });
    return item.formats.length;
  }
  const cache = new BuildCache();
  for (const { file, key } of records) await cache.record(file, key);
  for (const tell of built) tell();
  return failures;
}
