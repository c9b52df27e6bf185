import { readFileSync } from 'node:fs';

/** galley's own version, stamped into every edition. */
export const version: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
