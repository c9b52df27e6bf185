/**
 * Loads a CommonJS bundle (lib/cli.cjs) with a V8 code cache, which Node 20
 * offers only through `vm.Script` (it has no `module.enableCompileCache`, and
 * caches no ES module). A cold run otherwise spends much of its start parsing
 * and compiling the bundle's code, the same code every time.
 *
 * The cache is written when the process exits, so it holds the functions
 * that run compiled, not only the bundle's top level; one cache per `name`
 * (bin/galley.js names the command: a no-op `build` and an `epub` run
 * compile different parts). It is never stale: its file is named by the
 * SHA-256 of the bundle's bytes and V8's version tag (V8's version, its flags,
 * the processor's features), V8 checks its own version, flags and the
 * source's length again, and the file ends with the SHA-256 of its contents,
 * like every file of the build cache. A cache that does not match is not
 * used, and is replaced on exit. Should it be impossible to write (a
 * read-only install), nothing is cached and nothing fails.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

const DIGEST_BYTES = 32;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/** The cache's contents, or undefined when it is missing or its seal does not match. */
function readSealed(file) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= DIGEST_BYTES) return undefined;
  const data = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  return sha256(data).equals(bytes.subarray(bytes.length - DIGEST_BYTES)) ? data : undefined;
}

/**
 * Runs the CommonJS file `file` as Node's require() would, and returns its
 * exports and what became of the code cache: `none` (no cache for these
 * bytes yet: one is written on exit), `used`, or `rejected` (V8 refused it:
 * replaced on exit).
 *
 * `importer` is what the bundle's dynamic `import()` calls go through
 * (scripts/bundle.mjs routes them to `__galleyImport`): code compiled by
 * `vm.Script` cannot call `import()` itself in Node 20 without
 * `--experimental-vm-modules`.
 */
export function loadBundle(bundle, { name = 'main', cacheDir = path.join(path.dirname(path.resolve(bundle)), '.code-cache'), importer } = {}) {
  const file = path.resolve(bundle);
  const bytes = readFileSync(file);
  const tag = v8.cachedDataVersionTag();
  // Runs with other flags (another tag) keep caches of their own, side by side.
  const prefix = `${name}-${tag.toString(16)}-`;
  const cacheFile = path.join(cacheDir, `${prefix}${sha256(bytes).toString('hex').slice(0, 32)}.bin`);
  const cachedData = readSealed(cacheFile);
  // The module wrapper on the source's first line, so that line numbers in stack traces stay right.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __galleyImport) {${bytes.toString('utf8')}\n})`, {
    filename: file,
    cachedData,
  });
  const state = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  if (state !== 'used') {
    process.once('exit', () => {
      // A run that changed V8's flags (the cover's thread asks for --expose-gc) would cache code the next run refuses.
      if (v8.cachedDataVersionTag() !== tag) return;
      try {
        const data = script.createCachedData();
        mkdirSync(cacheDir, { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, Buffer.concat([data, sha256(data)]));
        renameSync(temporary, cacheFile);
        // Caches of the same name and flags for other bytes (an older bundle) are of no more use.
        for (const entry of readdirSync(cacheDir)) {
          if (entry.startsWith(prefix) && entry.endsWith('.bin') && entry !== path.basename(cacheFile)) rmSync(path.join(cacheDir, entry), { force: true });
        }
      } catch {
        // Not writable: the next run compiles again, as without a cache.
      }
    });
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file), importer ?? ((specifier) => import(specifier)));
  module.loaded = true;
  return { exports: module.exports, cache: state };
}
