/**
 * galley's command line: wires commands, progress and exit codes. All the
 * work happens in the reader (src/manuscript/) and the writers.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { GalleyDocument } from './document.js';
import { ARTICLE_FILE, formatMessage, loadManuscript, ManuscriptError } from './manuscript/index.js';
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
  const started = performance.now();
  info(`galley ${version}: ${manuscripts.length} manuscript${manuscripts.length === 1 ? '' : 's'} → ${path.relative(process.cwd(), outDir) || '.'}/ (${formats.join(' + ')})`);

  let failures = 0;
  const documents: GalleyDocument[] = [];
  for (const dir of manuscripts) {
    try {
      const { document, warnings } = await loadManuscript(dir);
      for (const warning of warnings) reporter.error(formatMessage(warning));
      documents.push(document);
    } catch (error) {
      failures++;
      if (error instanceof ManuscriptError) {
        for (const message of error.messages) reporter.error(formatMessage(message));
        reporter.error(`✗ ${path.relative(process.cwd(), dir)}: not built (${error.messages.length} error${error.messages.length === 1 ? '' : 's'})`);
      } else {
        reporter.error(`✗ ${path.relative(process.cwd(), dir)}: ${(error as Error).message}`);
      }
    }
  }

  if (formats.includes('epub')) {
    const { renderEpub } = await import('./epub/index.js');
    for (const document of documents) {
      const start = performance.now();
      const outFile = path.join(outDir, `${document.slug}.epub`);
      try {
        const result = await renderEpub(document, { outFile });
        info(`✓ ${path.relative(process.cwd(), outFile)}  ${formatBytes(result.bytes)}  ${seconds(start)}`);
      } catch (error) {
        failures++;
        reporter.error(`✗ ${path.relative(process.cwd(), outFile)}: ${(error as Error).message}`);
      }
    }
  }

  if (formats.includes('pdf') && documents.length > 0) {
    failures += await buildPdfs(documents, outDir, pageSize, info, reporter);
  }

  info(`${failures === 0 ? 'done' : `${failures} failed`} in ${seconds(started)}`);
  return failures === 0 ? 0 : 1;
}

async function buildPdfs(documents: GalleyDocument[], outDir: string, pageSize: PageSize, info: (line: string) => void, reporter: Reporter): Promise<number> {
  const { findBrowser, withBrowser, BrowserNotFoundError } = await import('./pdf/browser.js');
  let executable;
  try {
    executable = findBrowser();
  } catch (error) {
    if (error instanceof BrowserNotFoundError) {
      reporter.error(`✗ PDF editions not built: ${error.message}`);
      return documents.length;
    }
    throw error;
  }
  const { renderPdf } = await import('./pdf/index.js');
  let failures = 0;
  await withBrowser(
    async (browser) => {
      for (const document of documents) {
        const start = performance.now();
        const outFile = path.join(outDir, `${document.slug}.pdf`);
        try {
          const result = await renderPdf(document, { outFile, pageSize, browser });
          for (const warning of result.warnings) reporter.error(`${path.relative(process.cwd(), document.file)}: warning: ${warning}`);
          info(`✓ ${path.relative(process.cwd(), outFile)}  ${result.pages} page${result.pages === 1 ? '' : 's'}  ${seconds(start)}`);
        } catch (error) {
          failures++;
          reporter.error(`✗ ${path.relative(process.cwd(), outFile)}: ${(error as Error).message}`);
        }
      }
    },
    { executable },
  );
  return failures;
}
