/**
 * galley's own identity, part of every edition's build record (src/cache.ts):
 * its version and a digest of its code. An upgraded galley (or a checkout
 * with other sources) rebuilds what an older one built; the same galley
 * finds it up to date.
 *
 * The bundle carries the digest of the code it was made from (computed once,
 * when bundling: scripts/bundle.mjs `codeDigest`), so that a run spends
 * nothing on it. Run from the sources (tsx, the tests), the sources and the
 * lock file are hashed instead, once per process.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hashTreeOnce } from './cache.js';
import { packageRoot } from './paths.js';
import { version } from './version.js';

// Replaced by a string literal when bundling; undeclared when running from the sources.
declare const __GALLEY_CODE_DIGEST__: string | undefined;

let fromSources: Promise<string> | undefined;

async function sourcesDigest(): Promise<string> {
  const hash = createHash('sha256').update(await hashTreeOnce(path.join(packageRoot, 'src')));
  try {
    hash.update(await readFile(path.join(packageRoot, 'package-lock.json')));
  } catch {
    // Installed without a lock file: the sources alone.
  }
  return hash.digest('hex');
}

/** galley's version and the digest of its code, as one string for a build record. */
export async function galleyIdentity(): Promise<string> {
  if (typeof __GALLEY_CODE_DIGEST__ === 'string') return `${version} ${__GALLEY_CODE_DIGEST__}`;
  fromSources ??= sourcesDigest().then((digest) => `${version} ${digest}`);
  return fromSources;
}
