#!/usr/bin/env node
/**
 * Entry point. galley runs from the bundle that `npm install` made
 * (scripts/bundle.mjs, the `prepare` script): one file instead of hundreds of
 * small modules, loaded with a V8 code cache (scripts/load-bundle.cjs), so
 * that it starts fast. In a checkout whose sources changed since, it bundles
 * again first. Should bundling be impossible (read-only install, no esbuild,
 * no scripts/), it runs the sources through tsx instead.
 *
 * This file is CommonJS (bin/package.json says so) for one reason: Node reads
 * an ES module entry point through its thread pool, which starts the pool
 * before the module's first line runs, and the pool's size can only be
 * chosen before it starts (below).
 */
'use strict';

// A batch runs in a second process, under a limit of malloc arenas (bin/arena-limit.cjs).
if (require('./arena-limit.cjs').relaunchUnderArenaLimit(__filename)) return;

// Two threads in Node's pool instead of four. The cover's drawing (resvg) runs
// in the pool and allocates with mimalloc, and its pixels (15 MB a full-size
// cover) are freed on the cover thread: mimalloc gives a block freed by
// another thread back only when the thread that allocated it allocates again,
// so each pool thread that drew kept its last drawing's pages. A batch's
// galley process peaked about 60 MB lower with one thread; two keep the
// files read and written while a cover is drawn. A size the user set is kept.
process.env.UV_THREADPOOL_SIZE ??= '2';

void (async () => {
  let cli;
  try {
    // Required, not imported: a run whose bundle is fresh loads no ES module, so
    // Node's ES module loader never starts (scripts/bundle-state.cjs).
    const { cliBundle, isFresh } = require('../scripts/bundle-state.cjs');
    if (!isFresh()) await (await import('../scripts/bundle.mjs')).bundle();
    const { loadBundle, loadNodeModules, tuneV8 } = require('../scripts/load-bundle.cjs');
    // One cache per command and kind of run: each compiles its own part of the bundle.
    const command = /^[a-z]+$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
    // V8's flags for the command, before the bundle is compiled (scripts/load-bundle.cjs).
    tuneV8(command);
    // Node's modules the run will load through getters, from Node's own code cache (scripts/load-bundle.cjs).
    loadNodeModules(command);
    // The PDF writer loads puppeteer-core's bundle (lib/puppeteer.cjs) with this loader too (src/pdf/browser.ts).
    globalThis[Symbol.for('galley.loadBundle')] = loadBundle;
    cli = loadBundle(cliBundle, { name: `cli-${command}`, kindAtExit: () => (cli?.readManuscripts?.() ? 'work' : 'idle') }).exports;
  } catch {
    const { register } = await import('tsx/esm/api');
    register();
    cli = await import('../src/cli.ts');
  }
  process.exitCode = await cli.main(process.argv.slice(2));
})();
