#!/usr/bin/env node
/**
 * postinstall: make sure there is a Chrome or Chromium to lay out the PDF
 * edition, preferably a headless shell (Chromium's layout and printing engine
 * without the rest of the browser, three times quicker to start). Finds one if
 * it can, installs one if it may, and otherwise says how to get one. It never
 * fails the install: the EPUB edition builds without a browser.
 *
 *   GALLEY_SKIP_BROWSER=1          do not install anything
 *   PUPPETEER_EXECUTABLE_PATH=...  use this browser
 *
 * Plain Node, no dependencies: it runs before anything else can be relied on.
 * Where it looks, and in which order, is src/pdf/browser-places.mjs, which the
 * PDF writer reads too.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { browserPlaces, isExecutableFile, isHeadlessShell, onPath } from '../src/pdf/browser-places.mjs';

const say = (line) => console.log(`galley: ${line}`);

/**
 * A browser puppeteer downloaded into its cache
 * (~/.cache/puppeteer/<product>/<platform>-<build>/...): `product` is
 * chrome-headless-shell or chrome.
 */
function cachedBrowser(env, product) {
  const cacheDir = env.PUPPETEER_CACHE_DIR || path.join(os.homedir(), '.cache', 'puppeteer');
  const names =
    product === 'chrome-headless-shell'
      ? new Set(['chrome-headless-shell', 'chrome-headless-shell.exe'])
      : new Set(['chrome', 'chrome.exe', 'Google Chrome for Testing']);
  const walk = (dir, depth) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => b.name.localeCompare(a.name));
    } catch {
      return undefined;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isFile() && names.has(entry.name) && isExecutableFile(full)) return full;
    }
    if (depth === 0) return undefined;
    for (const entry of entries) {
      if (entry.isDirectory()) {
        const found = walk(path.join(dir, entry.name), depth - 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(path.join(cacheDir, product), 5);
}

/**
 * The browser galley would use, or undefined: PUPPETEER_EXECUTABLE_PATH, else
 * the first of `places` that is there (by default the list the PDF writer
 * searches: every headless shell, puppeteer's or the system's, before any
 * full browser). `cache` finds puppeteer's downloads.
 */
export function findBrowser({ env = process.env, places = browserPlaces, cache = cachedBrowser } = {}) {
  if (env.PUPPETEER_EXECUTABLE_PATH && isExecutableFile(env.PUPPETEER_EXECUTABLE_PATH)) {
    return env.PUPPETEER_EXECUTABLE_PATH;
  }
  for (const place of places) {
    const found = 'puppeteer' in place ? cache(env, place.puppeteer) : 'file' in place ? (isExecutableFile(place.file) ? place.file : undefined) : onPath(place.name, env);
    if (found) return found;
  }
  return undefined;
}

function defaultRun(command, args, env) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 15 * 60 * 1000,
  });
  return result.status === 0;
}

/** The puppeteer command line, run with this Node, or undefined when puppeteer is not installed. */
function puppeteerCli() {
  try {
    const require = createRequire(import.meta.url);
    const manifest = require.resolve('puppeteer/package.json');
    const { bin } = require('puppeteer/package.json');
    const rel = typeof bin === 'string' ? bin : bin?.puppeteer;
    return rel ? path.join(path.dirname(manifest), rel) : undefined;
  } catch {
    return undefined;
  }
}

const howTo = [
  'galley: no Chrome or Chromium found, so the PDF edition cannot be built yet (the EPUB edition can).',
  'galley: to get a browser, do one of these, then build again:',
  'galley:   on Debian or Ubuntu:  apt-get install chromium-headless-shell',
  'galley:   elsewhere:            npx puppeteer browsers install chrome-headless-shell',
  'galley:   or point PUPPETEER_EXECUTABLE_PATH at an installed Chrome or Chromium.',
].join('\n');

/** Debian's package of the headless shell (it shares chromium-common with the full browser). */
const debianShell = 'chromium-headless-shell';

/**
 * Finds or installs a browser, preferably a headless shell. Returns the path
 * of the browser, or undefined. Every side effect goes through `run`, so that
 * this can be tried out safely.
 */
export function ensureBrowser({
  env = process.env,
  platform = process.platform,
  uid = process.getuid?.(),
  find = () => findBrowser({ env }),
  run = defaultRun,
  log = say,
  warn = (text) => console.log(text),
} = {}) {
  const use = (browser) => {
    log(`using browser ${browser}${isHeadlessShell(browser) ? ' (headless shell)' : ''}`);
    return browser;
  };
  const existing = find();
  if (existing && (isHeadlessShell(existing) || env.PUPPETEER_EXECUTABLE_PATH)) return use(existing);
  if (env.GALLEY_SKIP_BROWSER === '1') {
    if (existing) return use(existing);
    log('GALLEY_SKIP_BROWSER=1: not installing a browser; the PDF edition needs one (see README).');
    return undefined;
  }

  const apt = platform === 'linux' && uid === 0 ? onPath('apt-get', env) : undefined;
  if (apt) {
    log(
      existing
        ? `found the full browser ${existing}; adding Debian's headless shell, which starts three times quicker: apt-get install -y --no-install-recommends ${debianShell}`
        : `no browser found; installing Debian's headless shell: apt-get install -y --no-install-recommends ${debianShell}`,
    );
    let ok = run(apt, ['install', '-y', '--no-install-recommends', debianShell], env);
    if (!ok) {
      log('that did not work; refreshing the package lists (apt-get update) and trying again');
      ok = run(apt, ['update'], env) && run(apt, ['install', '-y', '--no-install-recommends', debianShell], env);
    }
    const found = ok ? find() : undefined;
    if (found) return use(found);
  }
  if (existing) return use(existing);

  const cli = puppeteerCli();
  log('no browser found; downloading puppeteer\'s headless shell: npx puppeteer browsers install chrome-headless-shell');
  const ok = cli
    ? run(process.execPath, [cli, 'browsers', 'install', 'chrome-headless-shell'], env)
    : run(platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', 'puppeteer', 'browsers', 'install', 'chrome-headless-shell'], env);
  const found = ok ? find() : undefined;
  if (found) return use(found);
  warn(howTo);
  return undefined;
}

const isMain = process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (isMain) {
  try {
    ensureBrowser();
  } catch (error) {
    console.log(`galley: could not look for a browser (${error instanceof Error ? error.message : String(error)}).`);
    console.log(howTo);
  }
  // Whatever happened, the install goes on.
  process.exitCode = 0;
}
