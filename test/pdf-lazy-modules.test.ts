/**
 * What a cold PDF build loads while it starts. pdf-lib (about a tenth of a
 * second to load) is needed only once a print is on its way, to read where
 * the figures fell and to finish the PDF (src/pdf/finish.ts, imported when
 * the first print is asked for): a build that prints nothing never loads
 * it, though its browser started and its PDF writer got ready.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedManuscript, repoRoot, tempDir } from './helpers.js';

/**
 * Runs the CLI, noting whether its process ever loaded pdf-lib: required from
 * node_modules, or, bundled into the CLI (scripts/bundle.mjs), run for the
 * first time, which it says on the `galley:load` diagnostics channel.
 */
function run(args: string[]): { status: number | null; stderr: string; pdfLib: boolean } {
  const dir = tempDir('galley-lazy-');
  const hook = path.join(dir, 'hook.cjs');
  const record = path.join(dir, 'record.json');
  writeFileSync(
    hook,
    `const Module = require('node:module');
const load = Module._load;
let pdfLib = false;
Module._load = function (request, ...rest) {
  if (request === 'pdf-lib') pdfLib = true;
  return load.call(this, request, ...rest);
};
require('node:diagnostics_channel').subscribe('galley:load', ({ name }) => {
  if (name === 'pdf-lib') pdfLib = true;
});
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ pdfLib })));
`,
  );
  const result = runCli([...args, '--out', path.join(dir, 'out')], { NODE_OPTIONS: `--require ${hook}` });
  return { status: result.status, stderr: result.stderr, pdfLib: (JSON.parse(readFileSync(record, 'utf8')) as { pdfLib: boolean }).pdfLib };
}

describe('modules of a cold PDF build', () => {
  let failed: ReturnType<typeof run>;
  let printed: ReturnType<typeof run>;

  beforeAll(() => {
    failed = run(['pdf', path.join(repoRoot, 'test', 'fixtures', 'bad', 'empty-body')]);
    printed = run(['pdf', seedManuscript]);
  });

  it('a build that prints nothing never loads pdf-lib', () => {
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/empty-body/);
    expect(failed.pdfLib).toBe(false);
  });

  it('a build that prints loads it (the hook sees it)', () => {
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.pdfLib).toBe(true);
  });
});
