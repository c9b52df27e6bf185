/**
 * The options `galley build` and `galley dev` share (src/options.ts): one
 * definition, read into build() options by one function.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILD_OPTIONS, buildSettings } from '../src/options.js';

const read = (args: string[]) => buildSettings(parseArgs({ args, options: BUILD_OPTIONS, allowPositionals: true }).values);

describe('build options', () => {
  it('reads the page size, the page list, --force and --jobs into build() options', () => {
    expect(read(['--page-size', 'a4', '--no-page-list', '-f', '-j', '3'])).toEqual({ pageSize: 'a4', pageList: false, force: true, jobs: 3 });
    expect(read([])).toEqual({ pageSize: 'letter', pageList: true, force: false, jobs: os.availableParallelism() });
  });

  it('refuses a page size or a number of jobs it cannot use, saying what it got', () => {
    expect(read(['--page-size', 'a3'])).toEqual({ problem: '--page-size must be one of letter, a4, 6x9 (got `a3`)' });
    for (const jobs of ['0', 'two', '1.5', '-2']) {
      expect(read([`--jobs=${jobs}`]), jobs).toEqual({ problem: `--jobs must be a whole number of at least 1 (got \`${jobs}\`)` });
    }
  });
});
