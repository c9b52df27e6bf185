#!/usr/bin/env node
/**
 * Bundles galley into lib/: `lib/cli.cjs` (what bin/galley.js runs, with a
 * code cache: scripts/load-bundle.cjs) and `lib/index.js` with its chunks
 * (what `import { build } from "galley"` loads), with
 * `lib/types/` for TypeScript. Run at install (`npm install` runs the
 * `prepare` script), so that the first build does not wait for it.
 *
 * A cold start is mostly module loading: hundreds of small ESM files from the
 * unified ecosystem, plus TypeScript transpilation. One bundle made by
 * esbuild loads in a fraction of that time. bin/galley.js bundles again only
 * when a source file is newer than the bundle (a checkout being worked on).
 *
 *   node scripts/bundle.mjs           bundle, and write the type declarations
 *   node scripts/bundle.mjs --no-types  bundle only
 */
import { createRequire } from 'node:module';

// Node's own modules through require(): bin/galley.js imports this module on
// every run, and an ES module's import of node:fs loads its file streams and
// fs/promises (see scripts/load-bundle.cjs).
const requireBuiltin = createRequire(import.meta.url);
const { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = requireBuiltin('node:fs');
const { createHash } = requireBuiltin('node:crypto');
const path = requireBuiltin('node:path');
const { fileURLToPath } = requireBuiltin('node:url');

// The paths and the freshness check live in a CommonJS file of their own,
// which bin/galley.js requires on every run without loading this module.
const state = requireBuiltin('./bundle-state.cjs');
export const { root, libDir, cliBundle, puppeteerBundle, isFresh } = state;
const { source } = state;

/** Packages left out of the bundle: native code, CommonJS with dynamic requires, or large and loaded lazily. */
const EXTERNAL = ['puppeteer', 'puppeteer-core', '@resvg/resvg-js', 'satori', 'satori-html', 'hyphen', 'send', 'pdfjs-dist', 'subset-font', 'fontkit', 'wawoff2', 'sharp'];

/**
 * External packages whose CommonJS build loads in about half the CPU time of
 * `import`: Node then neither scans the package for its exports (its CommonJS
 * lexer) nor loads a separate ESM build. Measured per package: puppeteer
 * 0.21 s → 0.14, satori 0.18 → 0.09. The bundle gets each through require(),
 * with the same exports. (epub-gen-memory is bundled: see epubGenForNode.)
 *
 * pdf-lib is bundled: through require() it was some 170 files for Node to
 * find, read and compile on every PDF (about 85 ms of CPU); in the bundle it
 * comes from the code cache, shares jszip's pako, and runs only when the PDF
 * writer first uses it (a cold PDF 0.957× of the CPU in paired runs, the
 * e-book and a no-op within the noise, with 0.87 MB more bundle to read).
 */
const REQUIRED = ['puppeteer', 'satori'];

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

/**
 * Packages bundled into the CLI that galley loads only when a run needs them
 * (pdf-lib: once a print is on its way). Bundled, their loading is no longer
 * a require() that a hook can see, so each says when it loads on the
 * `galley:load` diagnostics channel (node:diagnostics_channel; nothing is
 * done when no one listens): `{ name }` as its code first runs.
 */
const ANNOUNCED = ['pdf-lib'];

const announcePlugin = {
  name: 'galley-announce',
  setup(build) {
    const filter = new RegExp(`^(${ANNOUNCED.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'galley-announce' ? undefined : { path: args.path, namespace: 'galley-announce' }));
    build.onLoad({ filter: /.*/, namespace: 'galley-announce' }, (args) => ({
      contents: `require('node:diagnostics_channel').channel('galley:load').publish({ name: ${JSON.stringify(args.path)} });\nmodule.exports = require(${JSON.stringify(createRequire(import.meta.url).resolve(args.path))});\n`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/**
 * zod's messages in every language it knows (0.37 MB, `z.locales`), which
 * galley never uses: its schemas speak English, zod's default, and say the
 * rest in their own words. Every run parses what the bundle holds, so the
 * bundle keeps English alone.
 */
const zodEnglishOnly = {
  name: 'galley-zod-english',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'galley-zod-english' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'galley-zod-english' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(args.path), 'en.js'))};\n`,
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * epub-gen-memory, bundled with the variants of two of its modules that it
 * names itself for browsers (its package.json's `browser` field), and which
 * suit galley in Node as well:
 * - `util/fetchable`: fetching a cover, picture or font by URL. galley hands
 *   it every file from memory (GalleyEPub overrides the downloads), so it
 *   fetches nothing; the Node variant loads node-fetch and abort-controller.
 * - `util/predicates`: checking the options it is given with `ow`. galley's
 *   options are its own typed object; the browser variant checks nothing.
 * Together they are about 30 ms of every cold e-book's CPU (ow and
 * node-fetch load and build their tables).
 * - `util/html-parse`: rewriting each chapter's HTML (htmlparser2,
 *   css-select, domutils, dom-serializer and two versions of entities,
 *   whose tables are built as they load). galley gives every page as
 *   finished XHTML through `chapterXHTML` and leaves each chapter's
 *   `content` empty, which the module turns into an empty string: the
 *   stand-in does that, and refuses any content (the browser variant
 *   needs a DOM). About 6 ms of a cold e-book's CPU, and 0.3 MB less
 *   bundle to load.
 * The rest of the package is
 * bundled as it is, with what it requires from where it finds it: its own
 * ejs (3; galley's, bundled too, is 7), and jszip, which `src/epub/fonts.ts`
 * imports too, so that the fonts it deflates ahead are the bundle's one
 * jszip's entries.
 */
const epubGenForNode = {
  name: 'galley-epub-gen-memory',
  setup(build) {
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('epub-gen-memory/package.json'));
    const inPackage = (file) => file.startsWith(packageDir + path.sep) && !file.slice(packageDir.length + 1).startsWith('node_modules');
    const { browser } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    const variants = new Map(
      ['./dist/lib/util/fetchable.js', './dist/lib/util/predicates.js'].map((file) => {
        if (!browser?.[file]) throw new Error(`epub-gen-memory no longer names a browser variant of ${file}: see epubGenForNode in scripts/bundle.mjs`);
        return [path.join(packageDir, file), path.join(packageDir, browser[file])];
      }),
    );
    const htmlParse = path.join(packageDir, 'dist', 'lib', 'util', 'html-parse.js');
    if (!/\bexports\.fixHTML = fixHTML\b/.test(readFileSync(htmlParse, 'utf8'))) throw new Error('epub-gen-memory no longer has util/html-parse.js\'s fixHTML: see epubGenForNode in scripts/bundle.mjs');
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!inPackage(args.importer)) return undefined;
      if (args.path.startsWith('.')) {
        const file = createRequire(args.importer).resolve(args.path);
        if (file === htmlParse) return { path: file, namespace: 'galley-epub-html' };
        return { path: variants.get(file) ?? file };
      }
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      if (!EXTERNAL.includes(name)) return undefined;
      // Galley's externals are galley's versions: bundle the one epub-gen-memory would load.
      return { path: createRequire(args.importer).resolve(args.path) };
    });
    build.onLoad({ filter: /.*/, namespace: 'galley-epub-html' }, () => ({
      contents: [
        "'use strict';",
        'exports.fixHTML = function fixHTML(index, html) {',
        "  if (html === '') return '';",
        "  throw new Error('epub-gen-memory: content[' + index + '] is not empty, but galley gives every page as finished XHTML (chapterXHTML) and bundles no HTML rewriter');",
        '};',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * Notes the external packages the sources load with a dynamic `import()`
 * (ES modules such as pdf.js, and packages loaded only when needed), which
 * stay `import()` calls in the CommonJS bundle.
 */
function externalImports(found) {
  return {
    name: 'galley-external-imports',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind !== 'dynamic-import' || args.namespace !== 'file') return undefined;
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        if (EXTERNAL.includes(name) && !REQUIRED.includes(name)) found.add(args.path);
        return undefined;
      });
    },
  };
}

/**
 * Code compiled by `vm.Script` cannot call `import()` in Node 20 (it has no
 * module to import from without --experimental-vm-modules), so each of the
 * bundle's `import("package")` calls goes through `__galleyImport`, which
 * the loader gives it. (One in code the bundle leaves out, unused, is not
 * there to route.) Fails the bundling should a call to import an external
 * package be left.
 */
export function routeDynamicImports(file, specifiers) {
  let code = readFileSync(file, 'utf8');
  for (const specifier of specifiers) {
    code = code.split(`import(${JSON.stringify(specifier)})`).join(`__galleyImport(${JSON.stringify(specifier)})`);
  }
  // esbuild writes the strings of code in double quotes (comments keep their own).
  for (const [call, specifier] of code.matchAll(/\bimport\("([^"]+)"\)/g)) {
    const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    if (EXTERNAL.includes(name)) throw new Error(`bundle: ${call} in ${file} is not routed through the loader`);
  }
  writeFileSync(file, asciiOnly(code));
}

/**
 * esbuild escapes what is not ASCII in strings and templates but not in comments and regular
 * expressions, where \uXXXX means the same. An ASCII file is read as a one-byte string (half the
 * memory, and no UTF-8 decoding of megabytes on every run).
 */
function asciiOnly(code) {
  return code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function toAscii(file) {
  writeFileSync(file, asciiOnly(readFileSync(file, 'utf8')));
}

/** Every file below `dir`, relative to it, in a fixed order. */
function filesBelow(dir, prefix = '') {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...filesBelow(path.join(dir, entry.name), relative));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/**
 * The digest of the code being bundled: galley's sources, this script and the
 * lock file (the packages the bundle carries or loads). It goes into the
 * bundle as `__GALLEY_CODE_DIGEST__` and into every edition's build record
 * (src/identity.ts), so that a galley with other code rebuilds what an older
 * one built, at no cost to a run.
 */
export function codeDigest() {
  const hash = createHash('sha256');
  for (const file of filesBelow(source)) hash.update(`src/${file}`).update('\0').update(readFileSync(path.join(source, file))).update('\0');
  for (const file of [fileURLToPath(import.meta.url), path.join(root, 'package-lock.json')]) {
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch {
      continue;
    }
    hash.update(path.basename(file)).update('\0').update(bytes).update('\0');
  }
  return hash.digest('hex');
}

/** Bundles src/cli.ts and src/index.ts into lib/ (the type declarations stay). */
export async function bundle() {
  const { build } = await import('esbuild');
  const digest = JSON.stringify(codeDigest());
  // Built beside the final folder and renamed into place: another galley
  // process may be reading the bundle right now.
  const temporary = `${libDir}.${process.pid}.tmp`;
  rmSync(temporary, { recursive: true, force: true });
  // What every bundle shares: the module comments (and so the bundle's bytes)
  // are relative to the root, wherever galley is run from.
  const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', logLevel: 'error' };
  // The command line: one CommonJS file, which bin/galley.js loads with a
  // V8 code cache (scripts/load-bundle.cjs). What a command does not use is
  // compiled but not run: each module's top level runs when first imported.
  // A failed bundling leaves no half-made folder beside lib/.
  try {
    const dynamicImports = new Set();
    await build({
      ...common,
      entryPoints: { cli: path.join(source, 'cli.ts') },
      outdir: temporary,
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      external: EXTERNAL,
      plugins: [epubGenForNode, externalImports(dynamicImports), requirePlugin, announcePlugin, zodEnglishOnly],
      // Every bundled module's import.meta.url is the bundle's, as in the ESM bundle (all of it lives in lib/).
      define: { 'import.meta.url': '__galleyImportMetaUrl', __GALLEY_CODE_DIGEST__: digest },
      banner: {
        js: [
          // Strict, as the sources are (ES modules): esbuild's own directive comes after the banner.
          "'use strict';",
          "const __galleyImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
          // Given by scripts/load-bundle.cjs; loaded by require() instead, the bundle imports for itself.
          "var __galleyImport = typeof __galleyImport === 'function' ? __galleyImport : (specifier) => import(specifier);",
        ].join('\n'),
      },
    });
    routeDynamicImports(path.join(temporary, 'cli.cjs'), dynamicImports);
    // puppeteer-core, the copy puppeteer loads, in a CommonJS file of its
    // own (in the CLI's bundle every command would read and hash it).
    // Through require() it is some 200 files to find, read and compile on
    // every PDF, about 0.12 s of CPU; the PDF writer loads this file with a
    // code cache instead (scripts/load-bundle.cjs, through the hook
    // bin/galley.js gives it). galley only connects to a browser it spawned
    // itself (src/pdf/browser.ts), so the file holds puppeteer-core's entry
    // without the launchers (its `puppeteer-core-browser` entry, whose
    // connect() is the same): not @puppeteer/browsers, which loads Node's
    // HTTP, TLS and readline modules and semver's tables as it loads. The
    // file system is given to it as its Node entry gives it.
    await build({
      ...common,
      stdin: {
        contents: [
          "const { environment } = require('puppeteer-core/lib/cjs/puppeteer/environment.js');",
          "environment.value = { fs: require('node:fs'), path: require('node:path') };",
          "module.exports = require('puppeteer-core/lib/cjs/puppeteer/puppeteer-core-browser.js');",
          '',
        ].join('\n'),
        resolveDir: path.dirname(createRequire(import.meta.url).resolve('puppeteer/package.json')),
        sourcefile: 'puppeteer-core.cjs',
        loader: 'js',
      },
      outfile: path.join(temporary, 'puppeteer.cjs'),
      format: 'cjs',
    });
    toAscii(path.join(temporary, 'puppeteer.cjs'));
    // The cover's layout, for the cover thread (src/cover-raster.cjs requires
    // it when it lays out its first cover): satori's fitting of the headline,
    // off galley's main thread. Small (the layout, the fitting, the headline's
    // hyphenation), loaded by require() in that thread alone.
    await build({
      ...common,
      entryPoints: { 'cover-layout': path.join(source, 'cover-layout-thread.ts') },
      outdir: temporary,
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      external: EXTERNAL,
      define: { 'import.meta.url': '__galleyImportMetaUrl' },
      banner: { js: ["'use strict';", "const __galleyImportMetaUrl = require('node:url').pathToFileURL(__filename).href;"].join('\n') },
    });
    toAscii(path.join(temporary, 'cover-layout.cjs'));
    await build({
      ...common,
      entryPoints: { index: path.join(source, 'index.ts') },
      outdir: temporary,
      // Code a program loads lazily (the PDF writer, puppeteer) stays in its own chunk.
      splitting: true,
      format: 'esm',
      external: EXTERNAL,
      plugins: [epubGenForNode, requirePlugin, zodEnglishOnly],
      define: { __GALLEY_CODE_DIGEST__: digest },
      // Bundled CommonJS modules may call require(): give them one.
      banner: { js: "import { createRequire as __galleyRequire } from 'node:module'; const require = __galleyRequire(import.meta.url);" },
    });
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  const types = path.join(libDir, 'types');
  try {
    renameSync(types, path.join(temporary, 'types'));
  } catch {
    // No declarations yet.
  }
  const previous = `${libDir}.${process.pid}.old`;
  try {
    renameSync(libDir, previous);
  } catch {
    // No previous bundle.
  }
  renameSync(temporary, libDir);
  rmSync(previous, { recursive: true, force: true });
}

/** Writes lib/types/ (TypeScript's declarations of src/index.ts and what it names). */
export function writeTypes() {
  // Loaded here, not at the top: bin/galley.js imports this module on every run to check the bundle's freshness, and node:child_process (with node:net) costs it about 30 ms.
  const { execFileSync } = createRequire(import.meta.url)('node:child_process');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.lib.json')], { stdio: 'inherit' });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundle();
  if (!process.argv.includes('--no-types')) {
    try {
      writeTypes();
    } catch {
      // Installed without its development tools (npm install --omit=dev): the bundle works without them.
      console.error('galley: TypeScript is not installed; lib/types/ not written');
    }
  }
}
