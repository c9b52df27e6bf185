/**
 * Before any test runs: a build cache of the run's own (GALLEY_CACHE_DIR, in a
 * temporary folder), so that no test finds fonts, covers or build records that
 * an earlier run, another checkout's tests or a build by hand left in
 * `.galley-cache/`. The CLI processes the tests start inherit it; a test that
 * needs a cache of its own still sets one. Removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  if (process.env.GALLEY_CACHE_DIR) return () => {};
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-test-cache-'));
  process.env.GALLEY_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
