/**
 * build(): galley's one entry point, for the command line, `galley dev` and
 * programs alike. It plans (what is stale), then runs the manuscripts through
 * a bounded pool (each is read once, laid out for print, written as PDF and
 * e-book), with one browser for all of them, and writes the download page.
 * Progress is told as events (./events.ts); nothing here prints.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { makeFolder } from '../output/make-folder.js';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Browser } from 'puppeteer';
import { cacheDir } from '../cache.js';
import { OutputLockedError } from '../output/lock.js';
import { OutputFolder } from '../output/transaction.js';
import { jobsProblem, pageSizeProblem } from '../options.js';
import { isPageSize, type PageSize } from '../pdf/page.js';
import type { Shard } from '../shard.js';
import { shardManuscripts } from '../shard.js';
import { describeError, isSystemError, systemProblem } from '../system-error.js';
import { BuildBrowser, findBuildBrowser, needsLayout } from './browser.js';
import type { BuildEvent, BuildEventListener, Format } from './events.js';
import { buildManuscript } from './manuscript.js';
import { findManuscripts, planBuilds, UsageError } from './plan.js';
import { readManuscript } from './read.js';
import { holdsEditions, updatePage, writeSite } from './site.js';

export interface BuildOptions {
  /** Manuscript folders, or folders of manuscripts. Default: `manuscript`. */
  manuscripts?: string[];
  /** Where the editions and the download page go. Default: `dist`. */
  outDir?: string;
  /**
   * Which editions to build. Default: both. With none, only the download page
   * is written, for the editions already in `outDir` (`galley site`).
   */
  formats?: Format[];
  /** Also write the download page (and the covers and entries it lists). Default: true. */
  site?: boolean;
  /** The PDF's page size; the e-book's page list follows it. Default: letter. */
  pageSize?: PageSize;
  /** Whether the e-book carries the print edition's page numbers (needs a browser). Default: true. */
  pageList?: boolean;
  /** Rebuild editions even when nothing changed. */
  force?: boolean;
  /** Manuscripts built at once. Default: the number of cores. */
  jobs?: number;
  /** Build only this part of the manuscripts (no download page then). */
  shard?: Shard;
  /** A browser already running, used and left open (`galley dev`). */
  browser?: Browser;
  /** When a manuscript fails, leave the download page as it was (`galley dev`). */
  keepSiteOnFailure?: boolean;
  /** Told every step of the build. */
  onEvent?: BuildEventListener;
  /**
   * Stops the build: no manuscript starts after the abort, none is put in
   * place, the browser is closed, and build() rejects with the signal's
   * reason once the output folder is as it was and unlocked. galley installs
   * no signal handlers of its own; the command line ends on Ctrl-C.
   */
  signal?: AbortSignal;
}

export interface BuildResult {
  /** Editions (and pages) that failed; 0 when everything was built. */
  failures: number;
  /** The output folder, resolved. */
  outDir: string;
}

/** Opening the output folder failed: another galley is writing there, or it (or the build cache) cannot be written. */
export class OutputError extends Error {}

/** What the lock says galley is doing there (`galley build`, `galley epub`…). */
function commandName(formats: Format[], site: boolean): string {
  if (formats.length === 0) return 'site';
  return formats.length === 1 && !site ? formats[0]! : 'build';
}

/**
 * Builds the editions of the manuscripts and the download page. Resolves
 * with the number of failures (a manuscript's mistakes are told as events,
 * not thrown); throws UsageError for options it cannot follow and
 * OutputError when the output folder cannot be used.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const emit: BuildEventListener = options.onEvent ?? (() => {});
  const formats: Format[] = options.formats ?? ['epub', 'pdf'];
  const site = options.site ?? true;
  const pageSize = options.pageSize ?? 'letter';
  if (!isPageSize(pageSize)) throw new UsageError(pageSizeProblem(String(pageSize)));
  let manuscripts = findManuscripts(options.manuscripts && options.manuscripts.length > 0 ? options.manuscripts : ['manuscript']);
  if (options.shard) {
    if (formats.length === 0) throw new UsageError('--shard splits a build; galley site writes the page for every manuscript');
    manuscripts = shardManuscripts(manuscripts, options.shard, (dir) => path.basename(dir));
  }
  const jobs = options.jobs ?? os.availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(jobsProblem(String(jobs)));
  if (options.outDir === '') throw new UsageError('--out is empty: give the folder to write the editions to, e.g. --out dist');
  const outDir = path.resolve(options.outDir ?? 'dist');
  // Editions written inside a manuscript's folder would be among its files: hashed with it (so never up to date) and mixed with what the author keeps there.
  const holder = manuscripts.find((dir) => outDir === path.resolve(dir) || outDir.startsWith(path.resolve(dir) + path.sep));
  if (holder !== undefined) {
    const shown = (dir: string): string => path.relative(process.cwd(), dir) || '.';
    throw new UsageError(`--out ${shown(outDir)} is ${outDir === path.resolve(holder) ? 'the folder of' : 'inside'} the manuscript ${shown(holder)}: editions written there would be mixed with its files (and rebuilt every time); choose a folder outside it, e.g. --out dist`);
  }
  const started = performance.now();
  options.signal?.throwIfAborted();

  // The build cache is written after each edition is in place: a folder galley may not write
  // would fail every manuscript once built, so it is refused before any work (and before the output folder is made).
  const cache = cacheDir();
  try {
    await makeFolder(cache);
    await access(cache, constants.W_OK);
  } catch (error) {
    throw new OutputError(`cannot write the build cache ${path.relative(process.cwd(), cache) || '.'}/: ${isSystemError(error) ? systemProblem(error, 'cache') : describeError(error)}`);
  }
  // The download page alone lists what is built: with nothing built, there is no page to write (and a previous one stays).
  if (formats.length === 0 && !(await holdsEditions(manuscripts, outDir))) {
    const shownOut = path.relative(process.cwd(), outDir) || '.';
    const out = outDir === path.resolve('dist') ? '' : ` --out ${shownOut}`;
    throw new OutputError(
      `nothing is built in ${shownOut}/ yet: the download page lists the editions there, so galley site writes none. Build them first: galley build${out} writes both editions and the page (or galley epub or galley pdf, then galley site${out})`,
    );
  }
  // One build at a time per output folder; what killed builds left is tidied first.
  let out: OutputFolder;
  try {
    out = await OutputFolder.open(outDir, commandName(formats, site));
  } catch (error) {
    const shownOut = path.relative(process.cwd(), outDir) || '.';
    // mkdir's EEXIST says only "this already exists; remove or rename it", which would have a user delete, say, README.md.
    const problem =
      isSystemError(error) && error.code === 'EEXIST'
        ? `${shownOut} is a file, not a folder; choose a folder with --out`
        : // "check that the path exists" would not help: galley makes the folder, and the system will not have it there (/proc/x).
          isSystemError(error) && error.code === 'ENOENT'
          ? `no folder can be made there (ENOENT); choose another output folder with --out`
          : describeError(error, outDir);
    throw new OutputError(error instanceof OutputLockedError ? error.message : `cannot write to ${shownOut}/: ${problem}`);
  }
  if (out.cleaned.length > 0) emit({ type: 'cleaned', files: out.cleaned.length });
  try {
    if (formats.length === 0) return { failures: await writeSite(manuscripts, outDir, emit, { unreadable: true }), outDir };
    const failures = await run(manuscripts, out, { ...options, formats, site, pageSize, jobs, emit, started });
    return { failures, outDir };
  } finally {
    out.close();
  }
}

interface RunSettings extends BuildOptions {
  formats: Format[];
  site: boolean;
  pageSize: PageSize;
  jobs: number;
  emit: (event: BuildEvent) => void;
  started: number;
}

async function run(manuscripts: string[], out: OutputFolder, settings: RunSettings): Promise<number> {
  const { formats, pageSize, jobs, emit, shard } = settings;
  const outDir = out.dir;
  emit({ type: 'start', manuscripts: manuscripts.length, shard, outDir, formats });

  // The e-book takes its page numbers from a layout of the PDF edition,
  // which needs a browser. Looking for one loads puppeteer (a tenth of a
  // second), so the plan first assumes there is one: when everything is up
  // to date, that is all the work there is.
  const wantsPageList = formats.includes('epub') && settings.pageList !== false;
  const planOptions = { outDir, pageSize, force: settings.force === true };
  let plan = await planBuilds(manuscripts, formats, { ...planOptions, pageList: wantsPageList });
  let found: Awaited<ReturnType<typeof findBuildBrowser>> = {};
  if (plan.some((item) => needsLayout(item.formats, wantsPageList))) {
    found = await findBuildBrowser(settings.browser);
    // Without a browser the e-books are planned (and their records kept) without a page list.
    if (found.missing !== undefined && wantsPageList) plan = await planBuilds(manuscripts, formats, { ...planOptions, pageList: false });
  }
  const hasBrowser = settings.browser !== undefined || found.executable !== undefined;
  const pageList = wantsPageList && hasBrowser;
  const pending = plan.filter((item) => item.formats.length > 0);
  const skipped = plan.reduce((count, item) => count + (formats.length - item.formats.length), 0);
  emit({ type: 'plan', building: pending.length, unchanged: skipped });

  let failures = 0;
  // The manuscripts with an edition that failed, in the order given.
  const failed = new Set<string>();
  if (found.missing !== undefined) {
    const pdf = pending.some((item) => item.formats.includes('pdf'));
    const missingPageList = wantsPageList && pending.length > 0;
    if (pdf) {
      for (const item of pending) {
        if (item.formats.includes('pdf')) {
          failures++;
          failed.add(item.dir);
        }
        item.formats = item.formats.filter((format) => format !== 'pdf');
      }
    }
    if (pdf || missingPageList) emit({ type: 'no-browser', reason: found.missing, pdf, pageList: missingPageList });
  }

  const usesBrowser = (item: { formats: Format[] }): boolean => needsLayout(item.formats, pageList);
  const needsBrowser = hasBrowser && pending.some(usesBrowser);

  // The browser (with its first sandboxed page) starts now, while the
  // reader is loaded and the manuscripts are read, and the PDF writer gets
  // ready meanwhile (pdf.js, hyphenation). Should every manuscript that needs
  // it fail to be read, it closes unused and unmentioned.
  const browser = needsBrowser
    ? await BuildBrowser.open(settings.browser ? { browser: settings.browser } : { executable: found.executable! }, pending.filter(usesBrowser).length, (error) => {
        emit({ type: 'browser-failed', error, pageList: wantsPageList });
      })
    : undefined;
  // A running browser (galley dev's) has its pages open already.
  if (browser && !settings.browser) browser.start();

  // The reader is large: not loaded when there is nothing to build.
  // (The cover's thread, which lays covers out and draws them, starts with
  // the first cover that is not in the cache.)
  if (pending.length > 0) await import('../manuscript/index.js');

  // An abort closes the browser at once: the layouts under way end, and nothing more starts.
  const { signal } = settings;
  const stop = (): void => void browser?.close();
  signal?.addEventListener('abort', stop, { once: true });
  const limit = pLimit(jobs);
  let finished = 0;
  try {
    await Promise.all(
      pending.map((item) =>
        limit(async () => {
          if (signal?.aborted) return;
          // Read `failures` only after the await: workers run concurrently.
          const editions = await buildManuscript(item, readManuscript(item.dir, emit), {
            out,
            pageSize,
            browser,
            pageList,
            thumbnails: settings.site,
            emit,
            layoutDone: browser && usesBrowser(item) ? browser.layoutDone() : () => {},
            ...(signal ? { signal } : {}),
          });
          failures += editions;
          if (editions > 0) failed.add(item.dir);
          emit({ type: 'progress', finished: ++finished, total: pending.length });
        }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', stop);
    await browser?.close();
  }
  signal?.throwIfAborted();

  let pageFailed = false;
  if (shard && settings.site) {
    emit({ type: 'site-skipped-for-shard', shards: shard.count });
  } else if (settings.site && !(settings.keepSiteOnFailure && failures > 0)) {
    const page = await updatePage(plan, out, emit);
    failures += page;
    pageFailed = page > 0;
  }
  emit({ type: 'done', failures, failed: manuscripts.filter((dir) => failed.has(dir)), pageFailed, ms: performance.now() - settings.started });
  return failures;
}
