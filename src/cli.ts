/**
 * galley's command line: wires commands, progress and exit codes. All the
 * work happens in the reader (src/manuscript/) and the writers.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import type { Browser } from 'puppeteer';
import { isPageSize, pageSizes, type PageSize } from './pdf/page.js';
import type { FoundBrowser } from './pdf/browser.js';
import type { BrowserSession } from './pdf/session.js';
import { BuildCache, editionKey, hashTree, hashTreeOnce } from './cache.js';
import type { GalleyDocument, PrintPagination } from './document.js';
import type { LoadResult } from './manuscript/index.js';
import type { DrawnThumbnail } from './site/index.js';
import { ARTICLE_FILE } from './manuscript/layout.js';
import { defaultTemplatesDir } from './templates.js';
import { version } from './version.js';
import { formatSize } from './view.js';
import { parseShard, shardManuscripts, type Shard } from './shard.js';
import { OutputLockedError } from './output/lock.js';
import { OutputFolder, removeStagedSync, type Transaction } from './output/transaction.js';
import { describeError } from './system-error.js';
import { escapeControls } from './terminal.js';

const HELP = `galley ${version} — Markdown article → EPUB 3 e-book and print PDF

Usage:
  galley build   [manuscript…] [options]   build the EPUB, the PDF and the download page
  galley epub    [manuscript…] [options]   build the EPUB only
  galley pdf     [manuscript…] [options]   build the PDF only
  galley site    [manuscript…] [options]   write the download page for the editions in --out
  galley preview [--port N] [--out dir]    serve the editions and the page on http://127.0.0.1:4173/
  galley dev     [manuscript…] [options]   build, serve, and rebuild on every save (galley dev --help)

A manuscript is a folder holding ${ARTICLE_FILE} and its images. A folder
without ${ARTICLE_FILE} stands for every manuscript inside it. Default: manuscript/

Options:
  -o, --out <dir>          where editions are written (default: dist/)
      --page-size <size>   PDF page size: letter, a4 or 6x9 (default: letter);
                           the e-book's page list follows it
      --no-page-list       e-book without the print edition's page numbers
                           (no browser needed)
  -f, --force              rebuild editions even when nothing changed
  -j, --jobs <n>           manuscripts built at once (default: number of cores)
      --shard <k/n>        build only part k of n of the manuscripts (a CI
                           matrix); galley site then writes the page for all
  -q, --quiet              print errors only
  -h, --help               show this help
  -v, --version            show galley's version

npm scripts: npm run build, build:epub, build:pdf, site, preview, dev
(pass arguments after --, e.g. npm run build:epub -- path/to/manuscript --out out/)

Exit status: 0 when every edition was built, 1 when any failed (or another galley
is writing to the output folder), 2 on bad usage.`;

type Format = 'epub' | 'pdf';
const COMMANDS: Record<string, Format[]> = { build: ['epub', 'pdf'], epub: ['epub'], pdf: ['pdf'], site: [] };

class UsageError extends Error {}

/** Manuscript folders named by the arguments (a folder of manuscripts expands to its members). */
export function findManuscripts(inputs: string[]): string[] {
  const found: string[] = [];
  for (const input of inputs) {
    const dir = path.resolve(input);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${input}: no such folder`);
    if (existsSync(path.join(dir, ARTICLE_FILE))) {
      found.push(dir);
      continue;
    }
    const members = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, ARTICLE_FILE)))
      .map((entry) => path.join(dir, entry.name))
      .sort();
    if (members.length === 0) throw new UsageError(`${input}: no ${ARTICLE_FILE} in it or in any folder inside it`);
    found.push(...members);
  }
  return [...new Set(found)];
}

function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(2)} s`;
}

interface Reporter {
  info(line: string): void;
  error(line: string): void;
}

/** What `galley dev` keeps between builds: its warm browser; and the page stays as it was when a build fails. */
export interface WarmBuild {
  browser?: Browser;
  keepSiteOnFailure?: boolean;
}

export async function main(
  argv: string[],
  output: Reporter = { info: (l) => console.log(l), error: (l) => console.error(l) },
  warm: WarmBuild = {},
): Promise<number> {
  // Text from manuscripts reaches the terminal only with its control characters escaped.
  const reporter: Reporter = { info: (line) => output.info(escapeControls(line)), error: (line) => output.error(escapeControls(line)) };
  if (argv[0] === 'preview') {
    // The preview server has options of its own.
    const { runPreview } = await import('./preview.js');
    return runPreview(argv.slice(1), reporter);
  }
  if (argv[0] === 'dev') {
    const { runDev } = await import('./dev.js');
    return runDev(argv.slice(1), reporter, main);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o', default: 'dist' },
        'page-size': { type: 'string', default: 'letter' },
        quiet: { type: 'boolean', short: 'q', default: false },
        force: { type: 'boolean', short: 'f', default: false },
        jobs: { type: 'string', short: 'j' },
        shard: { type: 'string' },
        'no-page-list': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    reporter.error(`galley: ${(error as Error).message}\nRun galley --help for usage.`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    reporter.info(HELP);
    return 0;
  }
  if (values.version) {
    reporter.info(version);
    return 0;
  }
  const [command, ...inputs] = positionals;
  const formats = command ? COMMANDS[command] : undefined;
  if (!formats) {
    reporter.error(command ? `galley: unknown command \`${command}\`\n\n${HELP}` : HELP);
    return 2;
  }
  const pageSize = values['page-size'];
  if (!isPageSize(pageSize)) {
    reporter.error(`galley: --page-size must be one of ${pageSizes.join(', ')} (got \`${pageSize}\`)`);
    return 2;
  }
  const info = values.quiet ? () => {} : reporter.info;

  let manuscripts: string[];
  try {
    manuscripts = findManuscripts(inputs.length > 0 ? inputs : ['manuscript']);
  } catch (error) {
    if (error instanceof UsageError) {
      reporter.error(`galley: ${error.message}`);
      return 2;
    }
    throw error;
  }
  let shard: Shard | undefined;
  if (values.shard !== undefined) {
    shard = parseShard(values.shard);
    if (!shard || command === 'site') {
      reporter.error(shard ? 'galley: --shard splits a build; galley site writes the page for every manuscript' : `galley: --shard must be k/n with 1 ≤ k ≤ n, e.g. 2/4 (got \`${values.shard}\`)`);
      return 2;
    }
    manuscripts = shardManuscripts(manuscripts, shard, (dir) => path.basename(dir));
  }
  const outDir = path.resolve(values.out);
  const jobs = Number(values.jobs ?? os.availableParallelism());
  if (!Number.isInteger(jobs) || jobs < 1) {
    reporter.error(`galley: --jobs must be a whole number of at least 1 (got \`${values.jobs}\`)`);
    return 2;
  }
  const started = performance.now();
  // Ctrl-C and the like: nothing half-made stays; the staged files go, the
  // lock is released (on exit), and so is the browser.
  let out: OutputFolder | undefined;
  const stopOnSignal = onSignals((signal) => {
    removeStagedSync();
    out?.close();
    process.exit(128 + signalNumber(signal));
  });
  // One build at a time per output folder; what killed builds left is tidied first.
  try {
    out = await OutputFolder.open(outDir, command!);
  } catch (error) {
    stopOnSignal();
    reporter.error(`galley: ${error instanceof OutputLockedError ? error.message : `cannot write to ${path.relative(process.cwd(), outDir) || '.'}/: ${describeError(error, outDir)}`}`);
    return 1;
  }
  if (out.cleaned.length > 0) info(`removed ${out.cleaned.length} temporary file${out.cleaned.length === 1 ? '' : 's'} left by a build that was stopped`);
  try {
    if (command === 'site') return (await writeSite(manuscripts, outDir, info, reporter)) === 0 ? 0 : 1;
    return await build(command!, formats, manuscripts, out!, { values, pageSize, jobs, started, info, reporter, shard, warm });
  } catch (error) {
    reporter.error(`galley: ${describeError(error)}`);
    return 1;
  } finally {
    stopOnSignal();
    out!.close();
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function signalNumber(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1;
}

/** Calls `handler` on SIGINT, SIGTERM or SIGHUP; returns the function that stops listening. */
function onSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  for (const signal of SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of SIGNALS) process.removeListener(signal, handler);
  };
}

interface BuildSettings {
  values: { 'no-page-list'?: boolean; force?: boolean; quiet?: boolean };
  pageSize: PageSize;
  jobs: number;
  started: number;
  info: (line: string) => void;
  reporter: Reporter;
  shard: Shard | undefined;
  warm: WarmBuild;
}

async function build(command: string, formats: Format[], manuscripts: string[], out: OutputFolder, settings: BuildSettings): Promise<number> {
  const { values, pageSize, jobs, started, info, reporter, shard, warm } = settings;
  const outDir = out.dir;
  info(`galley ${version}: ${manuscripts.length} manuscript${manuscripts.length === 1 ? '' : 's'}${shard ? ` (shard ${shard.index}/${shard.count})` : ''} → ${path.relative(process.cwd(), outDir) || '.'}/ (${formats.join(' + ')})`);

  // The e-book takes its page numbers from a layout of the PDF edition,
  // which needs a browser. Looking for one loads puppeteer (a tenth of a
  // second), so the plan first assumes there is one: when everything is up
  // to date, that is all the work there is.
  const wantsPageList = formats.includes('epub') && values['no-page-list'] !== true;
  const planOptions = { outDir, pageSize, force: values.force === true };
  let plan = await planBuilds(manuscripts, formats, { ...planOptions, pageList: wantsPageList });
  let executable: FoundBrowser | undefined;
  let noBrowser: string | undefined;
  if (!warm.browser && plan.some((item) => item.formats.includes('pdf') || (wantsPageList && item.formats.includes('epub')))) {
    const { findBrowser, BrowserNotFoundError } = await import('./pdf/browser.js');
    try {
      executable = findBrowser();
    } catch (error) {
      if (!(error instanceof BrowserNotFoundError)) throw error;
      noBrowser = error.message;
    }
    // Without a browser the e-books are planned (and their records kept) without a page list.
    if (!executable && wantsPageList) plan = await planBuilds(manuscripts, formats, { ...planOptions, pageList: false });
  }
  const hasBrowser = warm.browser !== undefined || executable !== undefined;
  const pageList = wantsPageList && hasBrowser;
  const pending = plan.filter((item) => item.formats.length > 0);
  const skipped = plan.reduce((count, item) => count + (formats.length - item.formats.length), 0);
  if (skipped > 0) info(`${skipped} edition${skipped === 1 ? '' : 's'} unchanged, not rebuilt (--force rebuilds)`);

  let failures = 0;
  if (noBrowser !== undefined && pending.some((item) => item.formats.includes('pdf'))) {
    reporter.error(`✗ PDF editions not built: ${noBrowser}`);
    for (const item of pending) {
      if (item.formats.includes('pdf')) failures++;
      item.formats = item.formats.filter((format) => format !== 'pdf');
    }
  }
  if (noBrowser !== undefined && formats.includes('epub') && values['no-page-list'] !== true && pending.length > 0) {
    info('e-books built without the print page list: no browser to lay out the PDF edition (see galley pdf)');
  }

  const progress = new Progress(pending.length, reporter, values.quiet === true);
  const usesBrowser = (item: PlannedBuild): boolean => item.formats.includes('pdf') || (pageList && item.formats.includes('epub'));
  const needsBrowser = hasBrowser && pending.some(usesBrowser);

  // The reader is large: not loaded when there is nothing to build.
  const { loadManuscript } = pending.length > 0 ? await import('./manuscript/index.js') : { loadManuscript: undefined };
  if (loadManuscript && (command === 'build' || pending.some((item) => item.formats.includes('epub')))) void import('./cover.js').then((cover) => cover.prepareCovers());

  // The browser starts when the first manuscript that needs it has been read
  // without errors; meanwhile the PDF writer gets ready (pdf.js, hyphenation).
  let session: BrowserSession | undefined;
  if (needsBrowser) {
    const { BrowserSession } = await import('./pdf/session.js');
    session = new BrowserSession(warm.browser ? { browser: warm.browser } : { executable: executable! }, (error) => {
      reporter.error(`✗ PDF editions not built: ${describeError(error)}`);
      if (formats.includes('epub') && values['no-page-list'] !== true) info('e-books built without the print page list: the browser did not start');
    });
  }
  const preparing = needsBrowser ? import('./pdf/index.js').then((pdf) => pdf.preparePdfWriter()) : Promise.resolve();
  preparing.catch(() => {}); // a failure shows again when the PDF writer is used

  // The browser closes as soon as the last layout is done, while the last
  // PDFs and e-books are still being finished and written.
  let layoutsLeft = session ? pending.filter(usesBrowser).length : 0;
  const layoutDone = (): void => {
    if (--layoutsLeft === 0) void session?.close();
  };
  const limit = pLimit(jobs);
  try {
    await Promise.all(
      pending.map((item) =>
        limit(async () => {
          // Read `failures` only after the await: workers run concurrently.
          const failed = await buildManuscript(item, loadManuscript!(item.dir), {
            out,
            pageSize,
            session,
            preparing,
            pageList,
            thumbnails: command === 'build',
            progress,
            reporter,
            layoutDone: usesBrowser(item) ? once(layoutDone) : () => {},
          });
          failures += failed;
          progress.done();
        }),
      ),
    );
  } finally {
    await session?.close();
  }
  progress.finish();

  if (shard && command === 'build') {
    info(`download page not written for one shard: run galley site once the editions of all ${shard.count} shards are in one folder`);
  } else if (command === 'build' && !(warm.keepSiteOnFailure && failures > 0)) {
    failures += await updatePage(plan, out, info, reporter);
  }
  info(`${failures === 0 ? 'done' : `${failures} failed`} in ${seconds(started)}`);
  return failures === 0 ? 0 : 1;
}

/**
 * Rewrites the download page when what it lists changed: an edition or an
 * entry in the output folder, whichever build made it. Manuscripts whose
 * editions were built before galley kept page entries are read to make one.
 */
async function updatePage(plan: PlannedBuild[], out: OutputFolder, info: (line: string) => void, reporter: Reporter): Promise<number> {
  const { entryRecordFile, pageInputs } = await import('./site/index.js');
  const unrecorded = plan.filter((item) => !existsSync(path.join(out.dir, entryRecordFile(item.slug))) && (existsSync(path.join(out.dir, `${item.slug}.pdf`)) || existsSync(path.join(out.dir, `${item.slug}.epub`))));
  const siteFile = path.join(out.dir, 'index.html');
  const siteKey = editionKey({ manuscript: await pageInputs(out.dir), templates: await hashTreeOnce(defaultTemplatesDir), version, format: 'site', options: {} });
  const cache = new BuildCache();
  if (unrecorded.length === 0 && (await cache.isFresh(siteFile, siteKey))) return 0;
  // A first build that failed writes no empty page either.
  const { readEntryRecords } = await import('./site/index.js');
  if (unrecorded.length === 0 && !existsSync(siteFile) && (await readEntryRecords(out.dir)).length === 0) return 0;
  const failed = await writeSite(
    unrecorded.map((item) => item.dir),
    out.dir,
    info,
    reporter,
  );
  // Recorded from what the page was written from (making entries changes them).
  if (failed === 0) await cache.record(siteFile, editionKey({ manuscript: await pageInputs(out.dir), templates: await hashTreeOnce(defaultTemplatesDir), version, format: 'site', options: {} }));
  return failed;
}

/** Writes the download page for the editions in outDir; returns 1 when it failed. */
async function writeSite(manuscripts: string[], outDir: string, info: (line: string) => void, reporter: Reporter): Promise<number> {
  const { buildSite } = await import('./site/index.js');
  const start = performance.now();
  const shown = path.relative(process.cwd(), path.join(outDir, 'index.html'));
  try {
    const site = await buildSite(manuscripts, { outDir });
    for (const { dir, reason } of site.left) info(`  ${path.relative(process.cwd(), dir)}: not on the download page (${reason})`);
    info(`✓ ${shown}  ${site.listed} manuscript${site.listed === 1 ? '' : 's'}  ${seconds(start)}`);
    return 0;
  } catch (error) {
    reporter.error(`✗ ${shown}: ${describeError(error)}`);
    return 1;
  }
}

interface PlannedBuild {
  dir: string;
  slug: string;
  /** Formats to build; the others are unchanged since the last build. */
  formats: Format[];
  keys: Partial<Record<Format, string>>;
  /** The e-book's key when it is built without the page list (its browser did not start). */
  epubWithoutPageList: string;
}

/** Which editions are out of date. Cheap: hashes files, parses nothing. */
async function planBuilds(
  manuscripts: string[],
  formats: Format[],
  options: { outDir: string; pageSize: PageSize; force: boolean; pageList: boolean },
): Promise<PlannedBuild[]> {
  const cache = new BuildCache();
  const templates = await hashTreeOnce(defaultTemplatesDir);
  return Promise.all(
    manuscripts.map(async (dir) => {
      const slug = path.basename(dir);
      const manuscript = await hashTree(dir);
      const keys: Partial<Record<Format, string>> = {};
      const todo: Format[] = [];
      const keyOf = (format: Format, pageList: boolean): string => {
        // The e-book's page list follows the print layout: its page size counts too.
        const shapesLayout = format === 'pdf' || pageList;
        const editionOptions = {
          sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? null,
          ...(shapesLayout ? { pageSize: options.pageSize } : {}),
          ...(format === 'epub' ? { pageList } : {}),
        };
        return editionKey({ manuscript, templates, version, format, options: editionOptions });
      };
      for (const format of formats) {
        const key = keyOf(format, options.pageList);
        keys[format] = key;
        if (options.force || !(await cache.isFresh(path.join(options.outDir, `${slug}.${format}`), key))) todo.push(format);
      }
      return { dir, slug, formats: todo, keys, epubWithoutPageList: keyOf('epub', false) };
    }),
  );
}

/** `fn`, called at most once. */
function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (!called) {
      called = true;
      fn();
    }
  };
}

interface ManuscriptContext {
  out: OutputFolder;
  pageSize: PageSize;
  /** The build's browser; undefined when nothing needs one or there is none. */
  session: BrowserSession | undefined;
  /** The PDF writer getting ready. */
  preparing: Promise<void>;
  pageList: boolean;
  /** Also draw the download page's cover and record the entry (the build writes the page afterwards). */
  thumbnails: boolean;
  progress: Progress;
  reporter: Reporter;
  /** Tells that this manuscript no longer needs the browser (called once, on every path). */
  layoutDone: () => void;
}

/** Reads one manuscript (`loading`: its loadManuscript) and writes its editions; returns how many failed. */
async function buildManuscript(item: PlannedBuild, loading: Promise<LoadResult>, context: ManuscriptContext): Promise<number> {
  const transaction = context.out.transaction();
  try {
    return await buildEditions(item, loading, transaction, context);
  } finally {
    // Whatever was not committed is removed: the folder keeps the previous editions.
    await transaction.abort();
    context.layoutDone();
  }
}

/**
 * Builds a manuscript's editions into one transaction: both editions (and
 * the page's cover and entry) replace the previous ones together, or,
 * should any fail, none does.
 */
async function buildEditions(item: PlannedBuild, loading: Promise<LoadResult>, transaction: Transaction, context: ManuscriptContext): Promise<number> {
  const { progress, reporter } = context;
  const outDir = context.out.dir;
  const relativeDir = path.relative(process.cwd(), item.dir);
  if (item.formats.length === 0) return 0;
  const { formatMessage, ManuscriptError } = await import('./manuscript/index.js');
  let document: GalleyDocument;
  try {
    const loaded = await loading;
    for (const warning of loaded.warnings) reporter.error(formatMessage(warning));
    document = loaded.document;
  } catch (error) {
    if (error instanceof ManuscriptError) {
      for (const message of error.messages) reporter.error(formatMessage(message));
      progress.line(`✗ ${relativeDir}: not built (${error.messages.length} error${error.messages.length === 1 ? '' : 's'})`, true);
    } else {
      progress.line(`✗ ${relativeDir}: ${describeError(error)}`, true);
    }
    return item.formats.length;
  }

  const shown = (format: Format): string => path.relative(process.cwd(), path.join(outDir, `${document.slug}.${format}`));
  const fail = (format: Format | undefined, error: unknown): void => {
    progress.line(`✗ ${format ? shown(format) : relativeDir}: ${describeError(error)}`, true);
  };
  /** Lines told once the editions are in place. */
  const built: string[] = [];
  /** Build records written once the editions are in place. */
  const records: Array<{ file: string; key: string }> = [];
  let failed = false;

  // The e-book's cover is drawn here while the browser lays out the PDF.
  let cover: Promise<Buffer> | undefined;
  if (item.formats.includes('epub')) {
    const { renderEpubCover } = await import('./epub/cover.js');
    cover = renderEpubCover(document);
    cover.catch(() => {}); // awaited (and reported) with the EPUB below
  }
  // The download page's thumbnail is the same drawing, smaller: drawn now it reuses the cover's layout.
  let thumbnail: Promise<DrawnThumbnail> | undefined;
  if (context.thumbnails) {
    const { drawCoverThumbnail } = await import('./site/index.js');
    thumbnail = drawCoverThumbnail(document, { outDir });
    thumbnail.catch(() => {}); // awaited (and reported) below
  }

  // The PDF first: its layout gives the e-book its page numbers and the credits their pages.
  let pagination: PrintPagination | undefined;
  const wantsPdf = item.formats.includes('pdf');
  let pageList = context.pageList && item.formats.includes('epub');
  let failures = 0;
  const started = (wantsPdf || pageList) && context.session ? await context.session.get() : undefined;
  if ((wantsPdf || pageList) && context.session && !started) {
    // The browser did not start (told once, by the session): as without a
    // browser, the PDF is not built and the e-book is, without its page list.
    if (wantsPdf) failures++;
    pageList = false;
  }
  if (started) {
    const start = performance.now();
    try {
      await context.preparing;
      const { renderPdf } = await import('./pdf/index.js');
      const result = await renderPdf(document, {
        pageSize: context.pageSize,
        browser: started.browser,
        sandboxes: started.sandboxes,
        pageStarts: pageList,
        onLaidOut: context.layoutDone,
      });
      for (const warning of result.warnings) reporter.error(`${path.relative(process.cwd(), document.file)}: warning: ${warning}`);
      if (result.pageStarts) pagination = { identifier: result.identifier, pageSize: result.pageSize, pages: result.pageStarts };
      document.credits = document.credits.map((credit) => {
        const page = result.figurePages.get(credit.figureId);
        return page === undefined ? credit : { ...credit, page };
      });
      if (wantsPdf) {
        await transaction.stage(`${document.slug}.pdf`, result.pdf);
        records.push({ file: path.join(outDir, `${document.slug}.pdf`), key: item.keys.pdf! });
        built.push(`✓ ${shown('pdf')}  ${result.pages} page${result.pages === 1 ? '' : 's'}  ${seconds(start)}`);
      }
    } catch (error) {
      context.layoutDone();
      if (wantsPdf) {
        failed = true;
        fail('pdf', error);
      } else progress.line(`✗ ${shown('epub')} (print layout for the page list): ${describeError(error)}`, true);
    }
  }
  context.layoutDone();

  if (item.formats.includes('epub') && !failed) {
    const start = performance.now();
    try {
      const { buildEpub } = await import('./epub/index.js');
      const result = await buildEpub(document, { ...(cover ? { cover } : {}), ...(pagination ? { printPagination: pagination } : {}) });
      await transaction.stage(`${document.slug}.epub`, result.buffer);
      records.push({ file: path.join(outDir, `${document.slug}.epub`), key: pagination ? item.keys.epub! : item.epubWithoutPageList });
      const pages = pagination ? `, ${result.pageList.length} print pages` : '';
      built.push(`✓ ${shown('epub')}  ${formatSize(result.buffer.length)}${pages}  ${seconds(start)}`);
    } catch (error) {
      failed = true;
      fail('epub', error);
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
      fail(undefined, error);
    }
  }

  if (failed) {
    // Nothing of this manuscript is replaced: the previous editions and their entry on the page stay.
    const kept = (['pdf', 'epub'] as const).filter((format) => item.formats.includes(format) && existsSync(path.join(outDir, `${document.slug}.${format}`)));
    progress.line(`✗ ${relativeDir}: no edition replaced${kept.length > 0 ? ` (the previous ${kept.map((format) => format.toUpperCase()).join(' and ')} stay${kept.length === 1 ? 's' : ''})` : ''}`, true);
    return item.formats.length;
  }
  try {
    const { entryRecord, entryRecordFile } = await import('./site/index.js');
    await transaction.stage(entryRecordFile(document.slug), JSON.stringify(entryRecord(document)));
    await transaction.commit();
  } catch (error) {
    fail(undefined, error);
    return item.formats.length;
  }
  const cache = new BuildCache();
  for (const { file, key } of records) await cache.record(file, key);
  for (const line of built) progress.line(line);
  return failures;
}

/**
 * Progress: one line per edition, always; on a terminal (not in CI) also a
 * status line with the count, redrawn in place.
 */
class Progress {
  private finished = 0;
  private readonly live: boolean;

  constructor(
    private readonly total: number,
    private readonly reporter: Reporter,
    private readonly quiet: boolean,
  ) {
    this.live = !quiet && process.stderr.isTTY === true && !process.env.CI && total > 1;
  }

  line(text: string, isError = false): void {
    this.clear();
    if (isError) this.reporter.error(text);
    else if (!this.quiet) this.reporter.info(text);
    this.draw();
  }

  done(): void {
    this.finished++;
    this.clear();
    this.draw();
  }

  finish(): void {
    this.clear();
  }

  private clear(): void {
    if (this.live) process.stderr.write('\r\x1b[2K');
  }

  private draw(): void {
    if (this.live && this.finished < this.total) {
      const width = 24;
      const filled = Math.round((this.finished / this.total) * width);
      process.stderr.write(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.finished}/${this.total} manuscripts`);
    }
  }
}
