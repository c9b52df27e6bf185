/**
 * galley's command line: parses the arguments, prints the build's events and
 * maps the outcome to an exit status. The pipeline itself is src/pipeline/.
 */
import { existsSync } from 'node:fs';
import type { Format } from './pipeline/events.js';
import { findManuscripts, UsageError } from './pipeline/plan.js';
import { ARTICLE_FILE, COLLECTION_FILE } from './manuscript/layout.js';
import { BUILD_OPTIONS, buildSettings, readArguments } from './options.js';
import { runBuild, type Reporter } from './report.js';
import { parseShard, type Shard } from './shard.js';
import { escapeControls } from './terminal.js';
import { version } from './version.js';

const HELP = `galley ${version} — Markdown article → EPUB 3 e-book and print PDF

Usage:
  galley build   [manuscript…] [options]   build the EPUB, the PDF and the download page
  galley epub    [manuscript…] [options]   build the EPUB only
  galley pdf     [manuscript…] [options]   build the PDF only
  galley site    [manuscript…] [options]   write the download page for the editions in --out
  galley preview [--port N] [--out dir]    serve the editions and the page on http://127.0.0.1:4173/
  galley dev     [manuscript…] [options]   build, serve, and rebuild on every save (galley dev --help)

A manuscript is a folder holding ${ARTICLE_FILE} and its images, or a collection:
a folder holding ${COLLECTION_FILE}, which binds several articles into one
e-book and one PDF. A folder with neither stands for every manuscript inside
it. Default: manuscript/

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

const COMMANDS: Record<string, Format[]> = { build: ['epub', 'pdf'], epub: ['epub'], pdf: ['pdf'], site: [] };

let readAny = false;

/**
 * Whether this process's builds read a manuscript (and so loaded the reader
 * and a writer), or found every edition up to date. bin/galley.js keeps a
 * code cache for each kind of run (scripts/load-bundle.cjs).
 */
export function readManuscripts(): boolean {
  return readAny;
}

/**
 * What `galley build` (or epub, pdf, site) says when it is given no folder and
 * there is no manuscript/ here: where it looked, how to name a folder, and a
 * first article to write. It said only "manuscript: no such folder".
 */
function startingHelp(command: string): string[] {
  return [
    `galley: no manuscript/ folder in ${process.cwd()}: given no folder, galley builds the manuscripts in manuscript/`,
    `  Name a manuscript's folder (one holding ${ARTICLE_FILE}, or ${COLLECTION_FILE}) or a folder of them: galley ${command} path/to/folder`,
    `  Or start one here, manuscript/my-article/${ARTICLE_FILE}:`,
    '    ---',
    '    title: "The headline"',
    '    authors: ["Your Name"]',
    '    date: 2025-01-31',
    '    language: en',
    '    ---',
    '',
    '    The first paragraph.',
    `  then run galley ${command} again. All the options: galley --help`,
  ];
}

export async function main(
  argv: string[],
  output: Reporter = { info: (l) => console.log(l), error: (l) => console.error(l) },
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
    return runDev(argv.slice(1), reporter);
  }
  const parsed = readArguments(
    'galley',
    HELP,
    { args: argv, allowPositionals: true, options: { ...BUILD_OPTIONS, shard: { type: 'string' }, version: { type: 'boolean', short: 'v', default: false } } },
    reporter,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
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
  const settings = buildSettings(values);
  if ('problem' in settings) {
    reporter.error(`galley: ${settings.problem}`);
    return 2;
  }
  let manuscripts: string[];
  try {
    manuscripts = findManuscripts(inputs.length > 0 ? inputs : ['manuscript']);
  } catch (error) {
    if (error instanceof UsageError && inputs.length === 0 && !existsSync('manuscript')) {
      // A first run in an empty folder: say where galley looked, and how to start.
      for (const line of startingHelp(command ?? 'build')) reporter.error(line);
      return 2;
    }
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
  }
  return runBuild(
    {
      manuscripts,
      outDir: values.out,
      formats,
      site: command === 'build' || command === 'site',
      ...settings,
      ...(shard ? { shard } : {}),
      onEvent: (event) => {
        if (event.type === 'read') readAny = true;
      },
    },
    reporter,
    values.quiet,
  );
}
