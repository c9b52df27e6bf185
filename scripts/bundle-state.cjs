/**
 * Where the bundle lives and whether it is up to date with the sources: what
 * bin/galley.js asks on every run before loading lib/cli.cjs. CommonJS, as
 * bin/galley.js is, so that a run which finds the bundle fresh loads no ES
 * module, and so neither Node's ES module loader (about 20 modules of Node's
 * own, compiled in every process that imports its first ES module) nor
 * scripts/bundle.mjs with esbuild's wrapper: those load only to bundle again.
 */
'use strict';

const { readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'src');
const libDir = path.join(root, 'lib');
const cliBundle = path.join(libDir, 'cli.cjs');
/** puppeteer-core, bundled apart (scripts/bundle.mjs): the CLI loads it with a code cache of its own when a run needs a browser. */
const puppeteerBundle = path.join(libDir, 'puppeteer.cjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

/** True when lib/ was bundled after the last change to the sources, the lock file and the bundling scripts. */
function isFresh() {
  try {
    const built = statSync(cliBundle).mtimeMs;
    return (
      built >= newestSource(source) &&
      [path.join(root, 'package-lock.json'), path.join(__dirname, 'bundle.mjs'), __filename].every((file) => built >= statSync(file).mtimeMs)
    );
  } catch {
    return false;
  }
}

module.exports = { root, source, libDir, cliBundle, puppeteerBundle, isFresh };
