#!/usr/bin/env node
/**
 * Entry point. galley runs from the bundle that `npm install` made
 * (scripts/bundle.mjs, the `prepare` script): one file instead of hundreds of
 * small modules, loaded with a V8 code cache (scripts/load-bundle.mjs), so
 * that it starts fast. In a checkout whose sources changed since, it bundles
 * again first. Should bundling be impossible (read-only install, no esbuild,
 * no scripts/), it runs the sources through tsx instead.
 */
let cli;
try {
  const { bundle, cliBundle, isFresh } = await import('../scripts/bundle.mjs');
  if (!isFresh()) await bundle();
  const { loadBundle, tuneV8 } = await import('../scripts/load-bundle.mjs');
  // One cache per command and kind of run: each compiles its own part of the bundle.
  const command = /^[a-z]+$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
  // V8's flags for the command, before the bundle is compiled (scripts/load-bundle.mjs).
  tuneV8(command);
  // The PDF writer loads puppeteer-core's bundle (lib/puppeteer.cjs) with this loader too (src/pdf/browser.ts).
  globalThis[Symbol.for('galley.loadBundle')] = loadBundle;
  cli = loadBundle(cliBundle, { name: `cli-${command}`, kindAtExit: () => (cli?.readManuscripts?.() ? 'work' : 'idle') }).exports;
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
