#!/usr/bin/env node
/**
 * Entry point. galley runs from the bundle that `npm install` made
 * (scripts/bundle.mjs, the `prepare` script): one file instead of hundreds of
 * small modules, so that it starts fast. In a checkout whose sources changed
 * since, it bundles again first. Should bundling be impossible (read-only
 * install, no esbuild, no scripts/), it runs the sources through tsx instead.
 */
import { pathToFileURL } from 'node:url';

let cli;
try {
  const { bundle, cliBundle, isFresh } = await import('../scripts/bundle.mjs');
  if (!isFresh()) await bundle();
  cli = await import(pathToFileURL(cliBundle).href);
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
