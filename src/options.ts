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

/**
 * Reads the arguments of `command` (e.g. `galley dev`) with parseArgs. Returns
 * them, or the exit status when there is nothing more to do: 0 after printing
 * `help` for --help, 2 after saying what is wrong with them.
 */
export function readArguments<T extends ParseArgsConfig>(command: string, help: string, config: T, output: CommandOutput): ParsedArguments<T> | number {
  let parsed: ParsedArguments<T>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    output.error(`${command}: ${argumentProblem(error as Error & { code?: string }, config)}\nRun ${command} --help for usage.`);
    return 2;
  }
  if ((parsed.values as { help?: unknown }).help === true) {
    output.info(help);
    return 0;
  }
  return parsed;
}

/**
 * What is wrong with the arguments, in galley's words: an unknown option is
 * named with the ones it resembles ("did you mean --page-size?") rather than
 * in parseArgs' terms; anything else as parseArgs says it.
 */
function argumentProblem(error: Error & { code?: string }, config: ParseArgsConfig): string {
  const unknown = error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '(-{1,2}[^']*)'/.exec(error.message)?.[1] : undefined;
  if (unknown === undefined) return error.message;
  const name = unknown.replace(/=.*$/, '');
  const options = Object.keys(config.options ?? {}).map((option) => `--${option}`);
  const near = nearWords(name.replace(/^-+/, ''), options.map((option) => option.slice(2))).map((option) => `--${option}`);
  return `unknown option ${name}${near.length > 0 ? `: did you mean ${near.join(' or ')}?` : ''}`;
}

/** The --port a user typed (DEFAULT_PORT when none), or undefined after saying what is wrong with it. */
export function readPort(command: string, value: string | undefined, output: CommandOutput): number | undefined {
  if (value === undefined) return DEFAULT_PORT;
  if (/^\d{1,5}$/.test(value) && Number(value) <= 65535) return Number(value);
  output.error(`${command}: --port must be a number from 0 to 65535 (got \`${value}\`)`);
  return undefined;
}
