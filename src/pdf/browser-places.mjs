/**
 * Where galley looks for a browser, in order, and how it tells one is there.
 * Every headless shell comes before any full browser: puppeteer's own
 * download first, then the system's. Debian's /usr/bin/chromium is a shell
 * script that adds flags of its own (extensions, GPU rasterisation) before it
 * runs the real binary, so the real binary is named first.
 *
 * Plain JavaScript without dependencies, because two programs read it: the
 * PDF writer (src/pdf/browser.ts, through the bundle) and the postinstall
 * (scripts/ensure-browser.mjs), which runs before anything is bundled.
 * Types: browser-places.d.mts.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * `puppeteer`: puppeteer's download of that browser; `file`: a path;
 * `name`: looked up on PATH. `kind` is `shell` for a headless shell.
 */
export const browserPlaces = Object.freeze([
  { kind: 'shell', puppeteer: 'chrome-headless-shell' },
  { kind: 'shell', file: '/usr/lib/chromium/chromium-headless-shell' },
  { kind: 'shell', name: 'chromium-headless-shell' },
  { kind: 'shell', name: 'chrome-headless-shell' },
  { kind: 'full', puppeteer: 'chrome' },
  { kind: 'full', file: '/usr/lib/chromium/chromium' },
  { kind: 'full', name: 'chromium' },
  { kind: 'full', name: 'chromium-browser' },
  { kind: 'full', name: 'google-chrome' },
  { kind: 'full', name: 'google-chrome-stable' },
]);

/** Whether `file` is a file this process may run. */
export function isExecutableFile(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The executable called `name` in a folder of `env.PATH`, or undefined. */
export function onPath(name, env) {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}

/** A browser named by path is a headless shell when its file name says so. */
export function isHeadlessShell(file) {
  return /headless[-_]shell/i.test(path.basename(file));
}
