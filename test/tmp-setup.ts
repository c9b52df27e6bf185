/**
 * Before any test runs: a temporary folder of the run's own (TMPDIR), so that
 * the folders the tests make (manuscripts, outputs, browser profiles, the
 * build cache) and those the CLI and the browser they start make go into it,
 * and all of them go when the run ends, whatever a test left. The test
 * workers and every process they start inherit it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-test-run-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
