/**
 * galley's command line: parses the arguments, prints the build's events and
 * maps the outcome to an exit status. The pipeline itself is src/pipeline/.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { COMMANDS, commandHelp, galleyHelp, isCommand, readCommand, startingHelp, type CommandName } from './commands.js';
import type { Format } from './pipeline/events.js';
import { findManuscripts, UsageError } from './pipeline/plan.js';
import { buildSettings } from './options.js';
import { nearWords } from './spelling.js';
import { runBuild, type Reporter } from './report.js';
import { parseShard, type Shard } from './shard.js';
import { escapeControls } from './terminal.js';
import { version } from './version.js';

/** What each command that runs build() builds. */
const FORMATS: Record<Exclude<CommandName, 'preview' | 'dev'>, Format[]> = { build: ['epub', 'pdf'], epub: ['epub'], pdf: ['pdf'], site: [] };

/** The options galley build, epub, pdf and site read (site, fewer). */
interface ParsedValues {
  out: string;
  quiet: boolean;
  'page-size'?: string;
  'no-page-list'?: boolean;
  force?: boolean;
  jobs?: string | undefined;
  shard?: string | undefined;
}

let readAny = false;

/**
 * The command in `argv` (its first word that is not an option or an
 * option's value, so `galley -q build` too) and the arguments without it;
 * undefined when there is none.
 */
function findCommand(argv: string[]): { name: string; rest: string[] } | undefined {
  const options = Object.assign({}, ...Object.values(COMMANDS).map((command) => command.options)) as Record<string, { type: 'string' | 'boolean'; short?: string }>;
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const word = tokens.find((token) => token.kind === 'positional');
  if (word?.kind !== 'positional') return undefined;
  return { name: word.value, rest: argv.filter((_, index) => index !== word.index) };
}

/** A word that is no command: the ones it resembles, and what the commands are. */
function unknownCommand(word: string, reporter: Reporter): number {
  const names = Object.keys(COMMANDS);
  const near = nearWords(word, names);
  reporter.error(`galley: unknown command \`${word}\`${near.length > 0 ? `: did you mean galley ${near.join(' or galley ')}?` : ''}`);
  reporter.error(commandsLine());
  return 2;
}

function commandsLine(): string {
  const names = Object.keys(COMMANDS);
  return `The commands are ${names.slice(0, -1).join(', ')} and ${names.at(-1)!}; galley --help says what each does.`;
}

/**
 * Whether this process's builds read a manuscript (and so loaded the reader
 * and a writer), or found every edition up to date. bin/galley.js keeps a
 * code cache for each kind of run (scripts/load-bundle.cjs).
 */
export function readManuscripts(): boolean {
  return readAny;
}

export async function main(
  argv: string[],
  output: Reporter = { info: (l) => console.log(l), error: (l) => console.error(l) },
): Promise<number> {
  // Text from manuscripts reaches the terminal only with its control characters escaped.
  const reporter: Reporter = { info: (line) => output.info(escapeControls(line)), error: (line) => output.error(escapeControls(line)) };
  // The command is the first word that is not an option or an option's value (`galley -q build` too).
  const found = findCommand(argv);
  const options = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined);
  if (found === undefined) {
    if (options.includes('--help') || options.includes('-h')) {
      reporter.info(galleyHelp());
      return 0;
    }
    if (options.includes('--version') || options.includes('-v')) {
      reporter.info(version);
      return 0;
    }
    // No command: what there is to run (options come after one).
    if (argv.length > 0) {
      reporter.error(`galley: no command before \`${argv.join(' ')}\`: options follow a command, e.g. galley build --out dist`);
      reporter.error(commandsLine());
    } else reporter.error(galleyHelp());
    return 2;
  }
  const { name, rest } = found;
  if (options.includes('--version') || options.includes('-v')) {
    reporter.info(version);
    return 0;
  }
  if (name === 'help') {
    // galley help, galley help site.
    const [topic, ...more] = rest;
    if (topic === undefined) {
      reporter.info(galleyHelp());
      return 0;
    }
    if (!isCommand(topic) || more.length > 0) return unknownCommand(more.length > 0 ? rest.join(' ') : topic, reporter);
    reporter.info(commandHelp(topic));
    return 0;
  }
  if (!isCommand(name)) return unknownCommand(name, reporter);
  if (name === 'preview') {
    const { runPreview } = await import('./preview.js');
    return runPreview(rest, reporter);
  }
  if (name === 'dev') {
    const { runDev } = await import('./dev.js');
    return runDev(rest, reporter);
  }
  const command = name;
  // Typed as galley build's options, the most: the others read fewer, left undefined (ParsedValues).
  const parsed = readCommand(command as 'build', rest, reporter);
  if (typeof parsed === 'number') return parsed;
  const values: ParsedValues = parsed.values;
  const inputs = parsed.positionals;
  const formats = FORMATS[command];
  const settings = buildSettings({ 'page-size': values['page-size'] ?? 'letter', 'no-page-list': values['no-page-list'] ?? false, force: values.force ?? false, jobs: values.jobs });
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
      for (const line of startingHelp(command)) reporter.error(line);
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
    if (!shard) {
      reporter.error(`galley: --shard must be k/n with 1 ≤ k ≤ n, e.g. 2/4 (got \`${values.shard}\`)`);
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
