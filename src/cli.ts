/**
 * galley's command line: wires commands, progress and exit codes. All the
 * work happens in the reader (src/manuscript/) and the writers.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import os from 'node:os';
import pLimit from 'p-limit';
import type { Browser } from 'puppeteer';
import { BuildCache, editionKey, hashTree, hashTreeOnce } from './cache.js';
import type { GalleyDocument } from './document.js';
import { defaultTemplatesDir } from './templates.js';
import { ARTICLE_FILE } from './manuscript/layout.js';
import { version } from './version.js';

const HELP = `galley ${version} — Markdown article → EPUB 3 e-book and print PDF

Usage:
  galley build [manuscript…] [options]   build the EPUB and the PDF
  galley epub  [manuscript…] [options]   build the EPUB only
  galley pdf   [manuscript…] [options]   build the PDF only

A manuscript is a folder holding ${ARTICLE_FILE} and its images. A folder
without ${ARTICLE_FILE} stands for every manuscript inside it. Default: manuscript/

Options:
  -o, --out <dir>          where editions are written (default: dist/)
      --page-size <size>   PDF page size: letter, a4 or 6x9 (default: letter)
  -f, --force              rebuild editions even when nothing changed
  -j, --jobs <n>           manuscripts built at once (default: number of cores)
  -q, --quiet              print errors only
  -h, --help               show this help
  -v, --version            show galley's version

npm scripts: npm run build, npm run build:epub, npm run build:pdf
(pass arguments after --, e.g. npm run build:epub -- path/to/manuscript --out out/)

Exit status: 0 when every edition was built, 1 when any failed, 2 on bad usage.`;

type Format = 'epub' | 'pdf';
const COMMANDS: Record<string, Format[]> = { build: ['epub', 'pdf'], epub: ['epub'], pdf: ['pdf'] };
const PAGE_SIZES = ['letter', 'a4', '6x9'] as const;
type PageSize = (typeof PAGE_SIZES)[number];

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

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function seconds(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(2)} s`;
}

interface Reporter {
  info(line: string): void;
  error(line: string): void;
}

export async function main(argv: string[], reporter: Reporter = { info: (l) => console.log(l), error: (l) => console.error(l) }): Promise<number> {
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
  const pageSize = values['page-size'] as PageSize;
  if (!PAGE_SIZES.includes(pageSize)) {
    reporter.error(`galley: --page-size must be one of ${PAGE_SIZES.join(', ')} (got \`${values['page-size']}\`)`);
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
  const outDir = path.resolve(values.out);
  const jobs = Number(values.jobs ?? os.availableParallelism());
  if (!Number.isInteger(jobs) || jobs < 1) {
    reporter.error(`galley: --jobs must be a whole number of at least 1 (got \`${values.jobs}\`)`);
    return 2;
  }
  const started = performance.now();
  info(`galley ${version}: ${manuscripts.length} manuscript${manuscripts.length === 1 ? '' : 's'} → ${path.relative(process.cwd(), outDir) || '.'}/ (${formats.join(' + ')})`);

  const plan = await planBuilds(manuscripts, formats, { outDir, pageSize, force: values.force === true });
  const pending = plan.filter((item) => item.formats.length > 0);
  const skipped = plan.reduce((count, item) => count + (formats.length - item.formats.length), 0);
  if (skipped > 0) info(`${skipped} edition${skipped === 1 ? '' : 's'} unchanged, not rebuilt (--force rebuilds)`);

  const progress = new Progress(pending.length, reporter, values.quiet === true);
  let failures = 0;
  const buildAll = async (browser: Browser | undefined): Promise<void> => {
    const limit = pLimit(jobs);
    await Promise.all(
      pending.map((item) =>
        limit(async () => {
          // Read `failures` only after the await: workers run concurrently.
          const failed = await buildManuscript(item, { outDir, pageSize, browser, progress, reporter });
          failures += failed;
          progress.done();
        }),
      ),
    );
  };

  const needsPdf = pending.some((item) => item.formats.includes('pdf'));
  if (needsPdf) {
    const { findBrowser, withBrowser, BrowserNotFoundError } = await import('./pdf/browser.js');
    let executable;
    try {
      executable = findBrowser();
    } catch (error) {
      if (!(error instanceof BrowserNotFoundError)) throw error;
      reporter.error(`✗ PDF editions not built: ${error.message}`);
      failures += pending.filter((item) => item.formats.includes('pdf')).length;
      for (const item of pending) item.formats = item.formats.filter((format) => format !== 'pdf');
    }
    if (executable) await withBrowser((browser) => buildAll(browser), { executable, timeoutMs: 60_000 + 30_000 * pending.length });
    else await buildAll(undefined);
  } else {
    await buildAll(undefined);
  }
  progress.finish();

  info(`${failures === 0 ? 'done' : `${failures} failed`} in ${seconds(started)}`);
  return failures === 0 ? 0 : 1;
}

interface PlannedBuild {
  dir: string;
  slug: string;
  /** Formats to build; the others are unchanged since the last build. */
  formats: Format[];
  keys: Partial<Record<Format, string>>;
}

/** Which editions are out of date. Cheap: hashes files, parses nothing. */
async function planBuilds(manuscripts: string[], formats: Format[], options: { outDir: string; pageSize: PageSize; force: boolean }): Promise<PlannedBuild[]> {
  const cache = new BuildCache();
  const templates = await hashTreeOnce(defaultTemplatesDir);
  return Promise.all(
    manuscripts.map(async (dir) => {
      const slug = path.basename(dir);
      const manuscript = await hashTree(dir);
      const keys: Partial<Record<Format, string>> = {};
      const todo: Format[] = [];
      for (const format of formats) {
        const editionOptions = { sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? null, ...(format === 'pdf' ? { pageSize: options.pageSize } : {}) };
        const key = editionKey({ manuscript, templates, version, format, options: editionOptions });
        keys[format] = key;
        if (options.force || !(await cache.isFresh(path.join(options.outDir, `${slug}.${format}`), key))) todo.push(format);
      }
      return { dir, slug, formats: todo, keys };
    }),
  );
}

/** Loads one manuscript and writes its editions; returns how many failed. */
async function buildManuscript(
  item: PlannedBuild,
  context: { outDir: string; pageSize: PageSize; browser: Browser | undefined; progress: Progress; reporter: Reporter },
): Promise<number> {
  const { progress, reporter } = context;
  const relativeDir = path.relative(process.cwd(), item.dir);
  if (item.formats.length === 0) return 0;
  const { loadManuscript, formatMessage, ManuscriptError } = await import('./manuscript/index.js');
  let document: GalleyDocument;
  try {
    const loaded = await loadManuscript(item.dir);
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
  for (const format of item.formats) {
    const start = performance.now();
    const outFile = path.join(context.outDir, `${document.slug}.${format}`);
    const shown = path.relative(process.cwd(), outFile);
    try {
      let detail: string;
      if (format === 'epub') {
        const { renderEpub } = await import('./epub/index.js');
        const result = await renderEpub(document, { outFile });
        detail = formatBytes(result.bytes);
      } else {
        const { renderPdf } = await import('./pdf/index.js');
        const result = await renderPdf(document, { outFile, pageSize: context.pageSize, ...(context.browser ? { browser: context.browser } : {}) });
        for (const warning of result.warnings) reporter.error(`${path.relative(process.cwd(), document.file)}: warning: ${warning}`);
        detail = `${result.pages} page${result.pages === 1 ? '' : 's'}`;
      }
      await cache.record(outFile, item.keys[format]!);
      progress.line(`✓ ${shown}  ${detail}  ${seconds(start)}`);
    } catch (error) {
      failures++;
      progress.line(`✗ ${shown}: ${(error as Error).message}`, true);
    }
  }
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
