/**
 * Before any test runs: the CLI bundle (lib/) made again if a source changed
 * since the install bundled it, once, rather than by the first of many CLI
 * processes the tests start at the same time.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default async function setup(): Promise<void> {
  const script = path.join(fileURLToPath(new URL('..', import.meta.url)), 'scripts', 'bundle.mjs');
  const { bundle, isFresh } = (await import(script)) as { bundle: () => Promise<void>; isFresh: () => boolean };
  if (!isFresh()) await bundle();
}
