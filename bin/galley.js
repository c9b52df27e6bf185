#!/usr/bin/env node
/**
 * Entry point. A cold start is mostly module loading: hundreds of small ESM
 * files from the unified ecosystem, plus TypeScript transpilation. So the CLI
 * runs from one bundle made by esbuild, rebuilt whenever a source file is
 * newer than it. Should bundling be impossible (read-only install, no
 * esbuild), it runs the sources through tsx instead.
 */
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = path.join(root, 'src');
const bundleDir = path.join(root, '.galley-cache', 'cli');
const bundle = path.join(bundleDir, 'cli.js');

/** Packages left out of the bundle: native code, CommonJS with dynamic requires, or large and loaded lazily. */
const EXTERNAL = ['puppeteer', 'puppeteer-core', '@resvg/resvg-js', 'satori', 'satori-html', 'epub-gen-memory', 'pdf-lib', 'hyphen', 'send', 'jszip', 'ejs', 'pdfjs-dist', 'subset-font', 'fontkit', 'wawoff2'];

/**
 * External packages whose CommonJS build loads in about half the CPU time of
 * `import`: Node then neither scans the package for its exports (its CommonJS
 * lexer) nor loads a separate ESM build. Measured per package: pdf-lib 0.21 s
 * → 0.11 s, puppeteer 0.21 → 0.14, satori 0.18 → 0.09, epub-gen-memory
 * 0.11 → 0.10. The bundle gets each through require(), with the same exports.
 */
const REQUIRED = ['puppeteer', 'pdf-lib', 'satori', 'epub-gen-memory'];

const requirePlugin = {
  name: 'galley-require',
  setup(build) {
    const filter = new RegExp(`^(${REQUIRED.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'galley-require' ? { path: args.path, external: true } : { path: args.path, namespace: 'galley-require' }));
    build.onLoad({ filter: /.*/, namespace: 'galley-require' }, (args) => {
      const loaded = createRequire(import.meta.url)(args.path);
      const names = Object.keys(loaded).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      const id = JSON.stringify(args.path);
      return {
        // A CommonJS build compiled from ESM keeps its default export on `default` (__esModule), as esbuild reads it too.
        contents: `const m = require(${id});\nexport default m && m.__esModule ? m.default : m;\nexport const { ${names.join(', ')} } = m;\n`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};

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
    plugins: [requirePlugin],
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
