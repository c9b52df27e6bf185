/**
 * Node's worker_threads is loaded only when a thread is started: the cover's
 * drawing thread (src/cover-raster.ts) when a cover is drawn, the pdf.js
 * thread (src/pdf/page-text.ts) for text written right to left. A rebuild
 * whose cover comes from the build cache, and the print of an article
 * written left to right, load none of it.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, seedManuscript, tempDir } from './helpers.js';

/** Runs the CLI with `args` and the build cache `cache`; whether the process loaded worker_threads. */
function loadsWorkerThreads(args: string[], cache: string): boolean {
  const probe = path.join(tempDir('galley-lazy-'), 'probe.cjs');
  writeFileSync(probe, "process.on('exit', () => process.stderr.write(`\\nworker_threads=${process.moduleLoadList.includes('NativeModule worker_threads')}\\n`));\n");
  const result = spawnSync(process.execPath, ['-r', probe, path.join(repoRoot, 'bin', 'galley.js'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, GALLEY_CACHE_DIR: cache },
    timeout: 120_000,
  });
  expect(result.status, result.stderr).toBe(0);
  const found = /worker_threads=(true|false)/.exec(result.stderr);
  expect(found, result.stderr).not.toBeNull();
  return found![1] === 'true';
}

describe('worker_threads', () => {
  it('is loaded to draw a cover, and not when the cover comes from the build cache', () => {
    const cache = tempDir('galley-lazy-cache-');
    const out = tempDir('galley-lazy-out-');
    const args = ['epub', seedManuscript, '--out', out, '--force', '-q', '--no-page-list'];
    expect(loadsWorkerThreads(args, cache)).toBe(true);
    expect(loadsWorkerThreads(args, cache)).toBe(false);
  }, 240_000);

  it('is not loaded to print an article written left to right', () => {
    const cache = tempDir('galley-lazy-cache-');
    const out = tempDir('galley-lazy-out-');
    expect(loadsWorkerThreads(['pdf', seedManuscript, '--out', out, '--force', '-q'], cache)).toBe(false);
  }, 240_000);
});
