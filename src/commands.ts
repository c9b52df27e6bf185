/**
 * galley's commands, one table: what each does, the options it reads and
 * their help. Each command's --help is made from it, so that it lists every
 * option the command takes, with its default, and no other; an option that
 * belongs to another command is refused by name ("--page-size means nothing
 * to galley site, …"), as a usage mistake.
 */
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { ARTICLE_FILE, COLLECTION_FILE } from './manuscript/layout.js';
import { BUILD_OPTIONS, DEFAULT_PORT, FOLDER_OPTIONS, PORT_ATTEMPTS, PORT_OPTIONS, PREVIEW_HOST, readArguments, type CommandOutput, type ParsedArguments } from './options.js';
import { pageSizes } from './pdf/page.js';
import { version } from './version.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** --shard: the commands that build, but not galley dev. */
const SHARD_OPTIONS = { shard: { type: 'string' } } as const;

const { 'no-page-list': _noPageList, ...PDF_OPTIONS } = BUILD_OPTIONS;

/** What an option is, for a command's --help. */
interface OptionHelp {
  /** What its value is (`<dir>`), for the options that take one. */
  value?: string;
  /** What it does, one line of the help each. */
  text: string[];
  /** Its default, when the option has a value and it is not the parser's default as written. */
  shownDefault?: string;
}

const OPTION_HELP: Record<string, OptionHelp> = {
  out: { value: 'dir', text: ['where editions are written'], shownDefault: 'dist/' },
  'page-size': { value: 'size', text: [`PDF page size: ${pageSizes.slice(0, -1).join(', ')} or ${pageSizes.at(-1)!}`, "(the e-book's page list follows it)"] },
  'no-page-list': { text: ["e-book without the print edition's page numbers", '(no browser needed)'] },
  force: { text: ['rebuild editions even when nothing changed'] },
  jobs: { value: 'n', text: ['manuscripts built at once'], shownDefault: `one per core, ${os.availableParallelism()} here` },
  shard: { value: 'k/n', text: ['build only part k of n of the manuscripts (a CI matrix);', 'galley site then writes the page for all'] },
  quiet: { text: ['print errors only'] },
  port: { value: 'n', text: ['the port to try first', `(when it is taken, the next free one up to ${PORT_ATTEMPTS} further)`], shownDefault: String(DEFAULT_PORT) },
  help: { text: ['show this help'] },
  version: { text: ["show galley's version"] },
};

export type CommandName = 'build' | 'epub' | 'pdf' | 'site' | 'preview' | 'dev';

interface Command {
  /** What follows `galley <name>` in its usage line. */
  usage: string;
  /** One line, for galley --help. */
  summary: string;
  /** What it does, for its own --help. */
  about: string[];
  /** Who it is, in "--page-size means nothing to galley site, which …". */
  which?: string;
  options: Options;
  /** Whether it takes manuscripts. */
  positionals: boolean;
  /** Its own words for an option (galley preview's --out is the folder it serves). */
  help?: Record<string, Partial<OptionHelp>>;
}

const MANUSCRIPTS = [
  `A manuscript is a folder holding ${ARTICLE_FILE} and its images, or a collection:`,
  `a folder holding ${COLLECTION_FILE}, which binds several articles into one`,
  'e-book and one PDF. A folder with neither stands for every manuscript inside',
  'it. Default: manuscript/',
];

export const COMMANDS = {
  build: {
    usage: '[manuscript…] [options]',
    summary: 'build the EPUB, the PDF and the download page',
    about: ['Builds the EPUB and the PDF of each manuscript into --out, and the download', 'page (index.html) that lists them. Editions that are up to date are kept.', '', ...MANUSCRIPTS],
    options: { ...BUILD_OPTIONS, ...SHARD_OPTIONS },
    positionals: true,
  },
  epub: {
    usage: '[manuscript…] [options]',
    summary: 'build the EPUB only',
    about: ['Builds the EPUB of each manuscript into --out; no download page.', '', ...MANUSCRIPTS],
    which: 'which builds the e-book only',
    options: { ...BUILD_OPTIONS, ...SHARD_OPTIONS },
    positionals: true,
  },
  pdf: {
    usage: '[manuscript…] [options]',
    summary: 'build the PDF only',
    about: ['Builds the PDF of each manuscript into --out; no download page.', '', ...MANUSCRIPTS],
    which: 'which builds the PDF only',
    options: { ...PDF_OPTIONS, ...SHARD_OPTIONS },
    positionals: true,
    help: { 'page-size': { text: [`PDF page size: ${pageSizes.slice(0, -1).join(', ')} or ${pageSizes.at(-1)!}`] } },
  },
  site: {
    usage: '[manuscript…] [options]',
    summary: 'write the download page for the editions in --out',
    about: [
      'Writes the download page (index.html) for the editions already built in --out',
      '(by galley build, epub or pdf), drawing the covers an e-book or PDF build',
      'alone did not. The manuscripts named are read only for those covers.',
      'With nothing built in --out, it writes nothing and says so.',
    ],
    which: 'which writes the download page for the editions already built in --out',
    options: { out: FOLDER_OPTIONS.out, quiet: BUILD_OPTIONS.quiet, help: FOLDER_OPTIONS.help },
    positionals: true,
    help: { out: { text: ['the folder of editions the page lists, where it is written'] } },
  },
  preview: {
    usage: '[options]',
    summary: `serve the editions and the page on http://${PREVIEW_HOST}:${DEFAULT_PORT}/`,
    about: [`Serves the editions and the download page on http://${PREVIEW_HOST}:${DEFAULT_PORT}/`, '(this computer only) until you press Ctrl-C. Run galley build first.'],
    which: 'which serves the editions already built in --out',
    options: { ...FOLDER_OPTIONS, ...PORT_OPTIONS },
    positionals: false,
    help: { out: { text: ['the folder to serve'] } },
  },
  dev: {
    usage: '[manuscript…] [options]',
    summary: 'build, serve, and rebuild on every save',
    about: [
      'Builds the editions and the download page, serves them on',
      `http://${PREVIEW_HOST}:${DEFAULT_PORT}/, and rebuilds what changed whenever a`,
      'manuscript or a template is saved; the open download page reloads by itself.',
      'A save with a mistake keeps the previous editions and shows the mistake in',
      'the terminal and on the page. Press Ctrl-C to stop.',
    ],
    which: 'which builds every manuscript it watches',
    options: { ...BUILD_OPTIONS, ...PORT_OPTIONS },
    positionals: true,
    help: { out: { text: ['the folder to build into and serve'] }, force: { text: ['rebuild every edition once, at the start'] }, quiet: { text: ['print errors and reloads only'] } },
  },
} satisfies Record<CommandName, Command>;

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** "galley build, epub and dev". */
function commandList(names: string[]): string {
  const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}` : names.join('');
  return `galley ${listed}`;
}

/** The option lines of a help: `  -o, --out <dir>   where … (default: dist/)`. */
function optionLines(options: Options, own: Record<string, Partial<OptionHelp>> = {}): string[] {
  // --help and --version last, as in most commands' help.
  const last = ['help', 'version'];
  const names = [...Object.keys(options).filter((name) => !last.includes(name)), ...last.filter((name) => Object.hasOwn(options, name))];
  const rows = names.map((name) => {
    const option = options[name]!;
    const help = { ...OPTION_HELP[name]!, ...own[name] };
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${help.value ? ` <${help.value}>` : ''}`;
    const shown = help.shownDefault ?? (typeof option.default === 'string' ? option.default : undefined);
    const text = [...help.text];
    if (help.value && shown !== undefined) text[0] = `${text[0]!} (default: ${shown})`;
    return { flag, text };
  });
  const width = Math.max(...rows.map((row) => row.flag.length)) + 3;
  return rows.flatMap(({ flag, text }) => text.map((line, index) => `  ${(index === 0 ? flag : '').padEnd(width)}${line}`));
}

/** `galley <name> --help`: its usage, what it does and every option it takes, with its default. */
export function commandHelp(name: CommandName): string {
  const command: Command = COMMANDS[name];
  return [`Usage: galley ${name} ${command.usage}`, '', ...command.about, '', 'Options:', ...optionLines(command.options, command.help)].join('\n');
}

/** `galley --help`: the commands, the build options, and how to learn more. */
export function galleyHelp(): string {
  const width = Math.max(...Object.values(COMMANDS).map((command) => 8 + command.usage.length)) + 3;
  return [
    `galley ${version} — Markdown article → EPUB 3 e-book and print PDF`,
    '',
    'Usage:',
    ...Object.entries(COMMANDS).map(([name, command]) => `  galley ${`${name.padEnd(8)}${command.usage}`.padEnd(width)}${command.summary}`),
    '',
    ...MANUSCRIPTS,
    '',
    'Options of galley build (each command lists its own: galley <command> --help,',
    'or galley help <command>):',
    ...optionLines({ ...COMMANDS.build.options, version: { type: 'boolean', short: 'v' } }),
    '',
    'npm scripts: npm run build, build:epub, build:pdf, site, preview, dev',
    '(pass arguments after --, e.g. npm run build:epub -- path/to/manuscript --out out/)',
    '',
    'Exit status: 0 when every edition was built, 1 when any failed (or another galley',
    'is writing to the output folder, or galley site finds nothing built), 2 on bad',
    'usage, 130 when stopped with Ctrl-C.',
  ].join('\n');
}

/**
 * What `galley build` (or epub, pdf, site, dev) says when it is given no folder and
 * there is no manuscript/ here: where it looked, how to name a folder, and a
 * first article to write. It said only "manuscript: no such folder".
 */
export function startingHelp(command: string): string[] {
  const build = command === 'site' ? 'build' : command;
  // Run inside a manuscript, or inside a folder of them: that folder is what was meant.
  if (existsSync(ARTICLE_FILE) || existsSync(COLLECTION_FILE)) {
    return [
      `galley: no manuscript/ folder here: given no folder, galley builds the manuscripts in manuscript/, but this folder is a manuscript itself (it holds ${existsSync(ARTICLE_FILE) ? ARTICLE_FILE : COLLECTION_FILE})`,
      `  Build it with its editions outside it: galley ${build} . --out ../dist (or, from the folder above, galley ${build} ${path.basename(process.cwd())})`,
    ];
  }
  const inside = readdirSync('.', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && (existsSync(path.join(entry.name, ARTICLE_FILE)) || existsSync(path.join(entry.name, COLLECTION_FILE))))
    .map((entry) => entry.name)
    .sort();
  if (inside.length > 0) {
    return [
      `galley: no manuscript/ folder here: given no folder, galley builds the manuscripts in manuscript/, but the folders here are manuscripts (${inside.slice(0, 3).join(', ')}${inside.length > 3 ? ', …' : ''})`,
      `  Build them all: galley ${build} .   or one: galley ${build} ${inside[0]!}`,
    ];
  }
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
    // galley site lists what is built: a new article is built first.
    `  then run ${command === 'site' ? 'galley build' : `galley ${command} again`}. All the options: galley --help`,
  ];
}

/** Why `option` (a long name, shown as `flag`) means nothing to the command `name`, when another command takes it. */
function elsewhere(name: CommandName, option: string, flag: string): string | undefined {
  if (name === 'site' && option === 'shard') return '--shard splits a build; galley site writes the page for every manuscript';
  const takers = (Object.keys(COMMANDS) as CommandName[]).filter((other) => Object.hasOwn(COMMANDS[other].options, option));
  if (takers.length === 0) return undefined;
  const { which } = COMMANDS[name] as Command;
  return `${flag} means nothing to galley ${name}${which ? `, ${which}` : ''}; it is an option of ${commandList(takers)}`;
}

/** Every option of every command, by its short letter too. */
function allOptions(): Options {
  return Object.assign({}, ...Object.values(COMMANDS).map((command) => command.options)) as Options;
}

/**
 * Reads the arguments of `galley <name>` (without the command's own word):
 * its options, or the exit status after its --help (0) or a usage mistake (2).
 */
export function readCommand<N extends CommandName>(name: N, args: string[], output: CommandOutput): ParsedArguments<{ args: string[]; allowPositionals: boolean; options: (typeof COMMANDS)[N]['options'] }> | number {
  const command = COMMANDS[name];
  const config = { args, allowPositionals: command.positionals, options: command.options as (typeof COMMANDS)[N]['options'] };
  return readArguments(`galley ${name}`, commandHelp(name), config, output, { elsewhere: (option, flag) => elsewhere(name, option, flag), all: allOptions() });
}
