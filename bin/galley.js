#!/usr/bin/env node
/**
 * Entry point. A cold start is mostly module loading: hundreds of small ESM
 * files from the unified ecosystem, plus TypeScript transpilation. So the CLI
 * runs from one bundle made by esbuild, rebuilt whenever a source file is
 * newer than it. Should bundling be impossible (read-only install, no
 * esbuild), it runs the sources through tsx instead.
 */
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = path.join(root, 'src');
const bundleDir = path.join(root, '.galley-cache', 'cli');
const bundle = path.join(bundleDir, 'cli.js');

/** Packages left out of the bundle: native code, CommonJS with dynamic requires, or large and loaded lazily. */
const EXTERNAL = ['puppeteer', 'puppeteer-core', '@resvg/resvg-js', 'satori', 'satori-html', 'epub-gen-memory', 'pdf-lib', 'hyphen', 'sirv', 'jszip', 'ejs', 'pdfjs-dist', 'subset-font', 'fontkit'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

function isFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    return built >= newestSource(source) && built >= statSync(path.join(root, 'package-lock.json')).mtimeMs && built >= statSync(fileURLToPath(import.meta.url)).mtimeMs;
  } catch {
    return false;
  }
}

async function buildBundle() {
  const { build } = await import('esbuild');
  // Built beside the final folder and renamed into place: another galley
  // process may be reading the bundle right now.
  const temporary = `${bundleDir}.${process.pid}.tmp`;
  rmSync(temporary, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(source, 'cli.ts')],
    outdir: temporary,
    // Code each command loads lazily (the PDF writer, puppeteer) stays in its own chunk.
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    logLevel: 'error',
    // Bundled CommonJS modules may call require(): give them one.
    banner: { js: "import { createRequire as __galleyRequire } from 'node:module'; const require = __galleyRequire(import.meta.url);" },
  });
  const previous = `${bundleDir}.${process.pid}.old`;
  try {
    renameSync(bundleDir, previous);
  } catch {
    // No previous bundle.
  }
  renameSync(temporary, bundleDir);
  rmSync(previous, { recursive: true, force: true });
}

let cli;
try {
  if (!isFresh()) await buildBundle();
  cli = await import(pathToFileURL(bundle).href);
} catch {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
