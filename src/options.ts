/**
 * Command-line options that several galley commands share, as node:util's
 * parseArgs reads them, so that `galley build`, `galley dev` and
 * `galley preview` spell and default them the same way.
 */
import { pageSizes } from './pdf/page.js';

/** --out and --help: every command that writes or serves a folder. */
export const FOLDER_OPTIONS = {
  out: { type: 'string', short: 'o', default: 'dist' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** What building takes besides: the page size, and quiet. */
export const BUILD_OPTIONS = {
  ...FOLDER_OPTIONS,
  'page-size': { type: 'string', default: 'letter' },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const;

/** --port, for the commands that serve. */
export const PORT_OPTIONS = {
  port: { type: 'string', short: 'p' },
} as const;

/** What is wrong with a --page-size that is none of galley's. */
export function pageSizeProblem(value: string): string {
  return `--page-size must be one of ${pageSizes.join(', ')} (got \`${value}\`)`;
}
