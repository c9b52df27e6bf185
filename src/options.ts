/**
 * Command-line options that several galley commands share, as node:util's
 * parseArgs reads them, so that `galley build`, `galley dev` and
 * `galley preview` spell and default them the same way; one reader of a
 * command's arguments (parse, --help, a usage mistake), and one function that
 * turns the building options into build() options for both `galley build` and
 * `galley dev`.
 */
import os from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isPageSize, pageSizes, type PageSize } from './pdf/page.js';
import { nearWords } from './spelling.js';

/** --out and --help: every command that writes or serves a folder. */
export const FOLDER_OPTIONS = {
  out: { type: 'string', short: 'o', default: 'dist' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** What building takes besides: the page size, the page list, --force, --jobs, and quiet. */
export const BUILD_OPTIONS = {
  ...FOLDER_OPTIONS,
  'page-size': { type: 'string', default: 'letter' },
  'no-page-list': { type: 'boolean', default: false },
  force: { type: 'boolean', short: 'f', default: false },
  jobs: { type: 'string', short: 'j' },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const;

/** Where `galley preview` and `galley dev` listen first. */
export const DEFAULT_PORT = 4173;

/** How many ports after the asked one are tried when it is taken. */
export const PORT_ATTEMPTS = 20;

/** Where they listen: this computer only. */
export const PREVIEW_HOST = '127.0.0.1';

/** --port, for the commands that serve. */
export const PORT_OPTIONS = {
  port: { type: 'string', short: 'p' },
} as const;

/** What is wrong with a --page-size that is none of galley's. */
export function pageSizeProblem(value: string): string {
  return `--page-size must be one of ${pageSizes.join(', ')} (got \`${value}\`)`;
}

/** What is wrong with a --jobs that is not a whole number of at least 1. */
export function jobsProblem(value: string): string {
  return `--jobs must be a whole number of at least 1 (got \`${value}\`)`;
}

/** BUILD_OPTIONS as parseArgs gives them. */
export interface BuildValues {
  'page-size': string;
  'no-page-list': boolean;
  force: boolean;
  jobs?: string | undefined;
}

/** The build() options that BUILD_OPTIONS give. */
export interface BuildSettings {
  pageSize: PageSize;
  pageList: boolean;
  force: boolean;
  jobs: number;
}

/** The build() options that BUILD_OPTIONS give, or what is wrong with them: a page size or a number of jobs galley cannot use. */
export function buildSettings(values: BuildValues): BuildSettings | { problem: string } {
  const pageSize = values['page-size'];
  if (!isPageSize(pageSize)) return { problem: pageSizeProblem(pageSize) };
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return { problem: jobsProblem(values.jobs ?? String(jobs)) };
  return { pageSize, pageList: !values['no-page-list'], force: values.force, jobs };
}

/** Where a command prints: lines for stdout and for stderr. */
export interface CommandOutput {
  info(line: string): void;
  error(line: string): void;
}

/** What parseArgs gives for `config`. */
export type ParsedArguments<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** What a command knows of the options of galley's other commands, to name a mistaken one. */
export interface OptionHints {
  /** Why an option of another command means nothing to this one, given its long name and the flag as shown; undefined when no command takes it. */
  elsewhere(option: string, flag: string): string | undefined;
  /** Every option of every command, to find the long name of a short one (-p is --port). */
  all: NonNullable<ParseArgsConfig['options']>;
}

/**
 * Reads the arguments of `command` (e.g. `galley dev`) with parseArgs. Returns
 * them, or the exit status when there is nothing more to do: 0 after printing
 * `help` for --help, 2 after saying what is wrong with them.
 */
export function readArguments<T extends ParseArgsConfig>(command: string, help: string, config: T, output: CommandOutput, hints?: OptionHints): ParsedArguments<T> | number {
  let parsed: ParsedArguments<T>;
  // --help anywhere shows the help, even beside a mistake: it is what the user asked for.
  const args = config.args ?? [];
  const end = args.indexOf('--');
  if ((end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h') && config.options?.help) {
    output.info(help);
    return 0;
  }
  try {
    parsed = parseArgs(config);
  } catch (error) {
    output.error(`${command}: ${argumentProblem(error as Error & { code?: string }, command, config, hints)}\nRun ${command} --help for usage.`);
    return 2;
  }
  if ((parsed.values as { help?: unknown }).help === true) {
    output.info(help);
    return 0;
  }
  // An empty value (`--out ""`, a variable that was not set) would mean the current folder, or nothing.
  const empty = Object.entries(parsed.values as Record<string, unknown>).find(([, value]) => value === '')?.[0];
  if (empty !== undefined) {
    output.error(`${command}: --${empty} is empty; give ${describeValue(empty)}\nRun ${command} --help for usage.`);
    return 2;
  }
  return parsed;
}

/** The options `word` may have been meant for: within two edits, or begun (`--pag`, --page-size) or run on (`--output`, --out). */
function nearOptions(word: string, options: string[]): string[] {
  const near = nearWords(word, options);
  if (near.length > 0) return near;
  const plain = word.toLowerCase();
  return plain.length < 2 ? [] : options.filter((option) => option.startsWith(plain) || (option.length >= 3 && plain.startsWith(option)));
}

/**
 * What is wrong with the arguments, in galley's words: an unknown option is
 * named with the ones it resembles ("did you mean --page-size?"), or with the
 * commands that take it; a missing value with what the option takes; a stray
 * argument where a command takes none; anything else as parseArgs says it.
 */
function argumentProblem(error: Error & { code?: string }, command: string, config: ParseArgsConfig, hints?: OptionHints): string {
  const options = config.options ?? {};
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(error.message)?.[1];
    if (unknown === undefined) return error.message;
    const name = unknown.replace(/=.*$/, '');
    const bare = name.replace(/^-+/, '');
    // A short option of another command stands for its long name (-p is --port).
    const long = name.startsWith('--') ? bare : Object.entries(hints?.all ?? {}).find(([, option]) => option.short === bare)?.[0];
    const other = long === undefined ? undefined : hints?.elsewhere(long, name.startsWith('--') ? name : `${name} (--${long})`);
    if (other !== undefined) return other;
    if (!name.startsWith('--')) return `unknown option ${name}`;
    const near = nearOptions(bare, Object.keys(options)).map((option) => `--${option}`);
    return `unknown option ${name}${near.length > 0 ? `: did you mean ${near.join(' or ')}?` : ''}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing/.test(error.message)) {
    const long = /--([a-z-]+)/.exec(error.message)?.[1];
    if (long !== undefined) return `--${long} needs a value (${describeValue(long)})`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /does not take an argument/.test(error.message)) {
    const long = /--([a-z-]+)/.exec(error.message)?.[1];
    if (long !== undefined) return `--${long} takes no value: give --${long} alone, or leave it out`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const stray = /'([^']*)'/.exec(error.message)?.[1] ?? '';
    return `unexpected \`${stray}\`: ${command} takes no manuscript${options.out ? `; to serve another folder, give --out ${stray}` : ''}`;
  }
  return error.message;
}

/** What an option's value is, for "--out needs a value (a folder, e.g. --out dist)". */
function describeValue(option: string): string {
  switch (option) {
    case 'out':
      return 'a folder, e.g. --out dist';
    case 'page-size':
      return `one of ${pageSizes.join(', ')}, e.g. --page-size a4`;
    case 'jobs':
      return 'a whole number, e.g. --jobs 2';
    case 'port':
      return `a port number, e.g. --port ${DEFAULT_PORT}`;
    case 'shard':
      return 'k/n, e.g. --shard 1/4';
    default:
      return `e.g. --${option} <value>`;
  }
}

/** The --port a user typed (DEFAULT_PORT when none), or undefined after saying what is wrong with it. */
export function readPort(command: string, value: string | undefined, output: CommandOutput): number | undefined {
  if (value === undefined) return DEFAULT_PORT;
  if (/^\d{1,5}$/.test(value) && Number(value) <= 65535) return Number(value);
  output.error(`${command}: --port must be a number from 0 to 65535 (got \`${value}\`)`);
  return undefined;
}
