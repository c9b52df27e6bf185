/**
 * The options `galley build` and `galley dev` share (src/options.ts): one
 * definition, read into build() options by one function.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILD_OPTIONS, buildSettings, DEFAULT_PORT, FOLDER_OPTIONS, PORT_OPTIONS, readArguments, readPort } from '../src/options.js';

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

describe('reading a command line', () => {
  const lines = () => {
    const said = { info: [] as string[], error: [] as string[] };
    return { said, output: { info: (line: string) => said.info.push(line), error: (line: string) => said.error.push(line) } };
  };
  const config = (args: string[]) => ({ args, allowPositionals: false, options: { ...FOLDER_OPTIONS, ...PORT_OPTIONS } });

  it('gives the values, or 0 after printing the help for --help', () => {
    const plain = lines();
    const parsed = readArguments('galley preview', 'the help', config(['-o', 'out', '--port=8080']), plain.output);
    expect(typeof parsed === 'number' ? parsed : parsed.values).toEqual({ out: 'out', port: '8080', help: false });
    expect(plain.said).toEqual({ info: [], error: [] });
    const help = lines();
    expect(readArguments('galley preview', 'the help', config(['-h', '--port', 'x']), help.output)).toBe(0);
    expect(help.said).toEqual({ info: ['the help'], error: [] });
  });

  it('says what is wrong with the arguments, under the command\'s name, and gives 2', () => {
    for (const args of [['--bogus'], ['-o'], ['stray']]) {
      const wrong = lines();
      expect(readArguments('galley preview', 'the help', config(args), wrong.output), args.join(' ')).toBe(2);
      expect(wrong.said.info).toEqual([]);
      expect(wrong.said.error).toEqual([expect.stringMatching(/^galley preview: .+\nRun galley preview --help for usage\.$/s)]);
    }
  });

  it('names an unknown option with the ones it resembles, in plain words', () => {
    const build = (args: string[]) => ({ args, allowPositionals: true, options: BUILD_OPTIONS });
    const cases: Array<[string[], string]> = [
      [['--pagesize', 'a4'], 'galley: unknown option --pagesize: did you mean --page-size?'],
      [['--page_size=a4'], 'galley: unknown option --page_size: did you mean --page-size?'],
      [['--qiet'], 'galley: unknown option --qiet: did you mean --quiet?'],
      [['--nothing-like-it'], 'galley: unknown option --nothing-like-it'],
    ];
    for (const [args, said] of cases) {
      const wrong = lines();
      expect(readArguments('galley', 'the help', build(args), wrong.output), args.join(' ')).toBe(2);
      expect(wrong.said.error).toEqual([`${said}\nRun galley --help for usage.`]);
    }
  });

  it('reads --port: the default without one, a number up to 65535, and nothing else', () => {
    const ok = lines();
    expect([undefined, '0', '8080', '65535'].map((value) => readPort('galley dev', value, ok.output))).toEqual([DEFAULT_PORT, 0, 8080, 65535]);
    expect(ok.said.error).toEqual([]);
    for (const value of ['65536', '-1', '80x', '', '123456']) {
      const bad = lines();
      expect(readPort('galley dev', value, bad.output), value).toBeUndefined();
      expect(bad.said.error).toEqual([`galley dev: --port must be a number from 0 to 65535 (got \`${value}\`)`]);
    }
  });
});
