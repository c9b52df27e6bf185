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
'use strict';

// CommonJS, as bin/galley.js is: it requires this file, and a run that imports
// no ES module never loads Node's ES module loader (see bin/galley.js).
const v8 = require('node:v8');

/**
 * Node's own modules (node:crypto, node:zlib, node:child_process…) are
 * compiled from a code cache built into Node, which V8 refuses, as it would
 * any cache, when the process runs with V8 flags other than its defaults:
 * they are part of V8's version tag. The npm scripts set the heap's sizes
 * (package.json) and tuneV8() the interrupt budget, and every one of Node's
 * modules a build loads was compiled from its source, about three times the
 * CPU (node:crypto alone 9 ms against 3). So each is loaded with V8's
 * defaults for these flags, and the flags are set again at once:
 *
 * - the heap's sizes are read once, when the heap is made (and again for
 *   each worker thread's heap, which is made after the flags are back);
 * - the interrupt budget is read as functions are made, and the few that
 *   Node's module makes as it loads keep V8's default.
 *
 * Should the defaults not give back the tag of a process started without
 * these flags (another V8 with another default), nothing is changed.
 */
const HEAP_FLAG = /^--(?:max[-_]old[-_]space[-_]size|initial[-_]old[-_]space[-_]size|max[-_]semi[-_]space[-_]size|min[-_]semi[-_]space[-_]size)=\d+$/;
/** V8's defaults for the flags tuneV8() sets (V8 11, Node 20). */
const V8_DEFAULTS = Object.freeze({ '--interrupt-budget': '67584' });

/** The heap flags this process was given (NODE_OPTIONS first, as Node reads them, then its command line). */
const heapFlags = [...(process.env.NODE_OPTIONS ?? '').split(/\s+/), ...process.execArgv].filter((arg) => HEAP_FLAG.test(arg));
/** The flags tuneV8() set. */
const tunedFlags = [];
const defaultOf = (flag) => {
  const name = flag.slice(0, flag.indexOf('='));
  return `${name}=${HEAP_FLAG.test(flag) ? '0' : V8_DEFAULTS[name]}`;
};
const setFlags = (flags) => {
  for (const flag of flags) v8.setFlagsFromString(flag);
};
setFlags(heapFlags.map(defaultOf));
/** V8's version tag with its defaults for the flags above: the tag Node's own code cache was made under, as near as galley can tell. */
const defaultTag = v8.cachedDataVersionTag();
setFlags(heapFlags);

/** Runs `load` (a require() of one of Node's modules) with V8's defaults for the flags galley and the npm scripts set. */
function withDefaultFlags(load) {
  const flags = [...heapFlags, ...tunedFlags];
  if (flags.length === 0) return load();
  setFlags(flags.map(defaultOf));
  if (v8.cachedDataVersionTag() !== defaultTag) {
    setFlags(flags);
    return load();
  }
  try {
    return load();
  } finally {
    setFlags(flags);
  }
}

const { createRequire, isBuiltin } = withDefaultFlags(() => require('node:module'));
const { isAscii } = require('node:buffer');
const { createHash } = withDefaultFlags(() => require('node:crypto'));
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const vm = withDefaultFlags(() => require('node:vm'));

/**
 * `require` for a bundle: Node's modules through withDefaultFlags (each the
 * first time), the rest as createRequire(file) would.
 */
function bundleRequire(file) {
  const plain = createRequire(file);
  const loaded = new Set();
  const wrapped = (id) => {
    if (loaded.has(id) || !isBuiltin(id)) return plain(id);
    const exports = withDefaultFlags(() => plain(id));
    loaded.add(id);
    return exports;
  };
  wrapped.resolve = plain.resolve;
  wrapped.cache = plain.cache;
  return wrapped;
}

const DIGEST_BYTES = 32;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/**
 * V8 flags for the commands that build (`build`, `epub`, `pdf`, `site`), set
 * before the bundle is loaded (so that its code cache is made and checked
 * under them; the flags are part of V8's version tag):
 *
 * - `--interrupt-budget`, 16 times V8's default: a function must run 16 times
 *   longer before V8 tiers it up and optimises it. A build spent about a
 *   sixth of its CPU optimising code that ran only a little longer after
 *   (V8's compiler threads and the main thread's part of it): measured in
 *   paired runs of the CLI, CPU of galley and its browser 0.84–0.86× for one
 *   article's e-book or PDF, 0.91× for a batch of ten; the code that runs
 *   long (a batch's reader and zip, pako) is still optimised.
 *
 * `galley dev` keeps V8's defaults: a warm process that lays out each save
 * anew gained on headline edits and lost on text edits with a larger budget.
 */
const BUILD_V8_FLAGS = Object.freeze(['--interrupt-budget=1081344']);

/** Sets BUILD_V8_FLAGS when `command` builds; returns the flags it set. */
function tuneV8(command) {
  if (!['build', 'epub', 'pdf', 'site'].includes(command)) return [];
  setFlags(BUILD_V8_FLAGS);
  tunedFlags.push(...BUILD_V8_FLAGS);
  return [...BUILD_V8_FLAGS];
}

/**
 * Loads, with V8's default flags (withDefaultFlags), what of Node's own every
 * run of `command` loads later without a require() the bundle could route:
 * the parser of the arguments (util.parseArgs) and, for the commands that
 * build, the clock behind `performance.now()` (node:perf_hooks). Each is a
 * getter that loads its module the first time it is read.
 */
function loadNodeModules(command) {
  withDefaultFlags(() => {
    void require('node:util').parseArgs;
    if (['build', 'epub', 'pdf', 'site'].includes(command)) void globalThis.performance;
  });
}

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
 *
 * `kindAtExit` tells, as the process exits, which kind of run this was (for
 * the CLI: `work` when it read manuscripts, `idle` when every edition was up
 * to date). Each kind has a cache of its own: V8 reads a whole cache before
 * anything runs, and an idle run that loads what a working run compiled
 * (three times the code) is slower than with no cache at all. A run loads
 * the cache of the kind that ran last, and marks its own kind as the last.
 */
function loadBundle(bundle, { name = 'main', cacheDir = path.join(path.dirname(path.resolve(bundle)), '.code-cache'), importer, kindAtExit } = {}) {
  const file = path.resolve(bundle);
  const bytes = readFileSync(file);
  const tag = v8.cachedDataVersionTag();
  // Runs with other flags (another tag) keep caches of their own, side by side.
  const prefix = `${name}-${tag.toString(16)}-`;
  const digest = sha256(bytes).toString('hex').slice(0, 32);
  const cacheFileOf = (kind) => path.join(cacheDir, `${prefix}${kind === undefined ? '' : `${kind}-`}${digest}.bin`);
  // The cache of the kind that ran last: the newest.
  let loadedFile = cacheFileOf(undefined);
  if (kindAtExit) {
    let newest = -1;
    for (const entry of safeReaddir(cacheDir)) {
      if (!entry.startsWith(prefix) || !entry.endsWith(`-${digest}.bin`)) continue;
      const mtime = safeMtime(path.join(cacheDir, entry));
      if (mtime > newest) [newest, loadedFile] = [mtime, path.join(cacheDir, entry)];
    }
  }
  const cachedData = readSealed(loadedFile);
  // The module wrapper on the source's first line, so that line numbers in stack traces stay right.
  // scripts/bundle.mjs writes ASCII: read as Latin-1, it is a one-byte string, and no UTF-8 decoding.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __galleyImport) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  const state = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  process.once('exit', () => {
    try {
      const cacheFile = kindAtExit ? cacheFileOf(kindAtExit()) : loadedFile;
      if (state === 'used' && cacheFile === loadedFile) return;
      // A cache V8 refused (another script's, under this name) is of no use to any run.
      if (state === 'rejected' && cacheFile !== loadedFile) rmSync(loadedFile, { force: true });
      if (cacheFile !== loadedFile && fileSize(cacheFile) > 0) {
        // This kind has its cache already: it is now the one that ran last.
        const now = new Date();
        utimesSync(cacheFile, now, now);
        return;
      }
      mkdirSync(cacheDir, { recursive: true });
      if (state === 'used') {
        // This run ran on another kind's cache, whose code its own cache would hold too. An
        // empty file marks this kind as the last: the next run starts without a cache and writes it.
        writeFileSync(cacheFile, '');
        return;
      }
      // A run that changed V8's flags (the cover's thread asks for --expose-gc) would cache code the next run refuses.
      if (v8.cachedDataVersionTag() !== tag) return;
      const data = script.createCachedData();
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.concat([data, sha256(data)]));
      renameSync(temporary, cacheFile);
      // Caches of the same name and flags for other bytes (an older bundle) are of no more use.
      for (const entry of safeReaddir(cacheDir)) {
        if (entry.startsWith(prefix) && entry.endsWith('.bin') && !entry.endsWith(`-${digest}.bin`)) rmSync(path.join(cacheDir, entry), { force: true });
      }
    } catch {
      // Not writable: the next run compiles again, as without a cache.
    }
  });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(module.exports, bundleRequire(file), module, file, path.dirname(file), importer ?? ((specifier) => import(specifier)));
  module.loaded = true;
  return { exports: module.exports, cache: state };
}

function safeReaddir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** A file's size in bytes, or -1 when it is not there. */
function fileSize(file) {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

/** A file's modification time in ms, or -1 when it is not there. */
function safeMtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

module.exports = { BUILD_V8_FLAGS, tuneV8, loadNodeModules, loadBundle, withDefaultFlags };
