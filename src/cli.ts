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
import type { SandboxPool } from './pdf/sandbox.js';
import { BuildCache, editionKey, hashTree, hashTreeOnce } from './cache.js';
import type { GalleyDocument, PrintPagination } from './document.js';
import type { LoadResult } from './manuscript/index.js';
import { ARTICLE_FILE } from './manuscript/layout.js';
import { defaultTemplatesDir } from './templates.js';
import { version } from './version.js';
import { formatSize } from './view.js';
import { parseShard, shardManuscripts, type Shard } from './shard.js';

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

Exit status: 0 when every edition was built, 1 when any failed, 2 on bad usage.`;

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

export async function main(argv: string[], reporter: Reporter = { info: (l) => console.log(l), error: (l) => console.error(l) }, warm: WarmBuild = {}): Promise<number> {
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
  if (command === 'site') return (await writeSite(manuscripts, outDir, info, reporter)) === 0 ? 0 : 1;
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
  const early = new Map<string, Promise<LoadResult>>();
  let preparing: Promise<void> = Promise.resolve();
  /**
   * Reads the first manuscripts and readies the PDF writer (pdf.js, the
   * hyphenation patterns): called once the browser is starting, which is
   * mostly waiting.
   */
  const startEarlyWork = (): void => {
    if (!loadManuscript) return;
    if (command === 'build' || pending.some((item) => item.formats.includes('epub'))) void import('./cover.js').then((cover) => cover.prepareCovers());
    for (const item of pending.slice(0, jobs)) {
      const loading = loadManuscript(item.dir);
      loading.catch(() => {}); // reported by buildManuscript
      early.set(item.dir, loading);
    }
    if (!needsBrowser) return;
    preparing = (async () => {
      const pdf = await import('./pdf/index.js');
      const loaded = await Promise.allSettled(early.values());
      const languages = loaded.flatMap((result) => (result.status === 'fulfilled' ? [result.value.document.metadata.language] : []));
      await pdf.preparePdfWriter(languages);
    })();
  };

  const buildAll = async (browser: Browser | undefined, closeBrowser?: () => Promise<void>): Promise<void> => {
    const limit = pLimit(jobs);
    const sandboxes = browser ? new (await import('./pdf/sandbox.js')).SandboxPool(browser) : undefined;
    // The browser closes as soon as the last layout is done, while the last
    // PDFs and e-books are still being finished and written.
    let layoutsLeft = browser ? pending.filter(usesBrowser).length : 0;
    const layoutDone = (): void => {
      if (--layoutsLeft === 0 && closeBrowser) void sandboxes!.close().then(closeBrowser);
    };
    await Promise.all(
      pending.map((item) =>
        limit(async () => {
          const loading = early.get(item.dir) ?? loadManuscript!(item.dir);
          early.delete(item.dir);
          // Read `failures` only after the await: workers run concurrently.
          const failed = await buildManuscript(item, loading, {
            outDir,
            pageSize,
            browser,
            sandboxes,
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
    await sandboxes?.close();
  };

  if (needsBrowser && warm.browser) {
    startEarlyWork();
    await preparing;
    await buildAll(warm.browser);
  } else if (needsBrowser) {
    const { withBrowser } = await import('./pdf/browser.js');
    const building = withBrowser(
      async (browser, launched) => {
        await preparing;
        await buildAll(browser, () => launched.close());
      },
      { executable, timeoutMs: 60_000 + 30_000 * pending.length },
    );
    startEarlyWork();
    await building;
  } else {
    startEarlyWork();
    await buildAll(undefined);
  }
  progress.finish();

  if (shard && command === 'build') {
    info(`download page not written for one shard: run galley site once the editions of all ${shard.count} shards are in one folder`);
  } else if (command === 'build' && !(warm.keepSiteOnFailure && failures > 0)) {
    // The page lists every edition: it is out of date when any edition was
    // built, or the set of manuscripts (or what they were built from) changed.
    const siteKey = editionKey({ manuscript: JSON.stringify(plan.map((item) => [item.dir, item.keys])), templates: '', version, format: 'site', options: {} });
    const siteFile = path.join(outDir, 'index.html');
    const cache = new BuildCache();
    if (pending.length > 0 || !(await cache.isFresh(siteFile, siteKey))) {
      const failed = await writeSite(manuscripts, outDir, info, reporter);
      failures += failed;
      if (failed === 0) await cache.record(siteFile, siteKey);
    }
  }
  info(`${failures === 0 ? 'done' : `${failures} failed`} in ${seconds(started)}`);
  return failures === 0 ? 0 : 1;
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
    reporter.error(`✗ ${shown}: ${(error as Error).message}`);
    return 1;
  }
}

interface PlannedBuild {
  dir: string;
  slug: string;
  /** Formats to build; the others are unchanged since the last build. */
  formats: Format[];
  keys: Partial<Record<Format, string>>;
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
      for (const format of formats) {
        // The e-book's page list follows the print layout: its page size counts too.
        const shapesLayout = format === 'pdf' || options.pageList;
        const editionOptions = {
          sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? null,
          ...(shapesLayout ? { pageSize: options.pageSize } : {}),
          ...(format === 'epub' ? { pageList: options.pageList } : {}),
        };
        const key = editionKey({ manuscript, templates, version, format, options: editionOptions });
        keys[format] = key;
        if (options.force || !(await cache.isFresh(path.join(options.outDir, `${slug}.${format}`), key))) todo.push(format);
      }
      return { dir, slug, formats: todo, keys };
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

/** Reads one manuscript (`loading`: its loadManuscript) and writes its editions; returns how many failed. */
async function buildManuscript(
  item: PlannedBuild,
  loading: Promise<LoadResult>,
  context: {
    outDir: string;
    pageSize: PageSize;
    browser: Browser | undefined;
    sandboxes: SandboxPool | undefined;
    pageList: boolean;
    /** Also draw the download page's cover (the build writes the page afterwards). */
    thumbnails: boolean;
    progress: Progress;
    reporter: Reporter;
    /** Tells that this manuscript no longer needs the browser (called once, on every path). */
    layoutDone: () => void;
  },
): Promise<number> {
  try {
    return await buildEditions(item, loading, context);
  } finally {
    context.layoutDone();
  }
}

async function buildEditions(item: PlannedBuild, loading: Promise<LoadResult>, context: Parameters<typeof buildManuscript>[2]): Promise<number> {
  const { progress, reporter } = context;
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
      progress.line(`✗ ${relativeDir}: ${(error as Error).message}`, true);
    }
    return item.formats.length;
  }

  const cache = new BuildCache();
  let failures = 0;
  const shown = (format: Format): string => path.relative(process.cwd(), path.join(context.outDir, `${document.slug}.${format}`));

  // The e-book's cover is drawn here while the browser lays out the PDF.
  let cover: Promise<Buffer> | undefined;
  if (item.formats.includes('epub')) {
    const { renderEpubCover } = await import('./epub/cover.js');
    cover = renderEpubCover(document);
    cover.catch(() => {}); // awaited (and reported) with the EPUB below
  }
  // The download page's thumbnail is the same drawing, smaller: drawn now it
  // reuses the cover's layout. A failure shows again when the page is written.
  let thumbnail: Promise<void> | undefined;
  if (context.thumbnails) {
    const { writeCoverThumbnail } = await import('./site/index.js');
    thumbnail = writeCoverThumbnail(document, { outDir: context.outDir }).catch(() => {});
  }

  // The PDF first: its layout gives the e-book its page numbers and the credits their pages.
  let pagination: PrintPagination | undefined;
  const wantsPdf = item.formats.includes('pdf');
  const wantsPageList = context.pageList && item.formats.includes('epub');
  if ((wantsPdf || wantsPageList) && context.browser) {
    const start = performance.now();
    const outFile = wantsPdf ? path.join(context.outDir, `${document.slug}.pdf`) : undefined;
    try {
      const { renderPdf } = await import('./pdf/index.js');
      const result = await renderPdf(document, {
        ...(outFile ? { outFile } : {}),
        pageSize: context.pageSize,
        browser: context.browser,
        ...(context.sandboxes ? { sandboxes: context.sandboxes } : {}),
        pageStarts: wantsPageList,
        onLaidOut: context.layoutDone,
      });
      for (const warning of result.warnings) reporter.error(`${path.relative(process.cwd(), document.file)}: warning: ${warning}`);
      if (result.pageStarts) pagination = { identifier: result.identifier, pageSize: result.pageSize, pages: result.pageStarts };
      document.credits = document.credits.map((credit) => {
        const page = result.figurePages.get(credit.figureId);
        return page === undefined ? credit : { ...credit, page };
      });
      if (outFile) {
        await cache.record(outFile, item.keys.pdf!);
        progress.line(`✓ ${shown('pdf')}  ${result.pages} page${result.pages === 1 ? '' : 's'}  ${seconds(start)}`);
      }
    } catch (error) {
      if (wantsPdf) failures++;
      progress.line(`✗ ${wantsPdf ? shown('pdf') : `${shown('epub')} (print layout for the page list)`}: ${(error as Error).message}`, true);
    }
  }

  if (item.formats.includes('epub')) {
    const start = performance.now();
    const outFile = path.join(context.outDir, `${document.slug}.epub`);
    try {
      const { renderEpub } = await import('./epub/index.js');
      const result = await renderEpub(document, { outFile, ...(cover ? { cover } : {}), ...(pagination ? { printPagination: pagination } : {}) });
      await cache.record(outFile, item.keys.epub!);
      const pages = pagination ? `, ${result.pages} print pages` : '';
      progress.line(`✓ ${shown('epub')}  ${formatSize(result.bytes)}${pages}  ${seconds(start)}`);
    } catch (error) {
      failures++;
      progress.line(`✗ ${shown('epub')}: ${(error as Error).message}`, true);
    }
  }
  await thumbnail;
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
