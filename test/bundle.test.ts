/**
 * The CLI bundle (scripts/bundle.mjs) as a cold `galley epub` runs it: which
 * packages it loads from node_modules besides itself, read from Node's own
 * module cache when the process exits, the code cache it leaves (see
 * scripts/load-bundle.cjs) and the e-book it makes.
 */
import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, seedManuscript, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

describe('a cold e-book from the CLI bundle', () => {
  let loaded: string[];
  let epub: string;
  let dir: string;

  beforeAll(() => {
    dir = tempDir('galley-bundle-');
    const list = path.join(dir, 'loaded.json');
    const hook = path.join(dir, 'hook.cjs');
    // Preloaded into galley's process: at its exit, every file Node loaded through require().
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));\n`);
    const out = path.join(dir, 'out');
    const result = runCli(['epub', seedManuscript, '--out', out, '--no-page-list', '-q'], { NODE_OPTIONS: `--require ${hook}` });
    expect(result.status, result.stderr).toBe(0);
    loaded = (JSON.parse(readFileSync(list, 'utf8')) as string[]).map((file) => path.relative(repoRoot, file).split(path.sep).join('/'));
    epub = path.join(out, 'mattis-russia-nato.epub');
  });

  it('carries epub-gen-memory with its browser variants: neither node-fetch nor ow is loaded', () => {
    const packages = new Set(loaded.filter((file) => file.startsWith('node_modules/')).map((file) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)![1]!));
    for (const name of ['node-fetch', 'ow', 'abort-controller']) expect(packages.has(name), name).toBe(false);
    // Bundled, not loaded from its folder.
    expect(loaded.filter((file) => file.startsWith('node_modules/epub-gen-memory/dist/'))).toEqual([]);
  });

  it('carries no HTML rewriter for epub-gen-memory\'s chapters: galley gives it finished pages, and it takes no other', () => {
    const source = readFileSync(path.join(repoRoot, 'lib', 'cli.cjs'), 'utf8');
    const bundled = new Set([...source.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((match) => match[1]!));
    for (const name of ['htmlparser2', 'dom-serializer', 'css-select', 'domutils', 'domhandler']) expect(bundled.has(name), name).toBe(false);
    expect(loaded.filter((file) => /^node_modules\/(htmlparser2|dom-serializer|css-select|domutils|domhandler)\//.test(file))).toEqual([]);
    // In their place, a stand-in that passes the empty content galley gives and refuses any other.
    expect(source).toContain('galley gives every page as finished XHTML (chapterXHTML) and bundles no HTML rewriter');
  });

  it('carries galley\'s ejs, epub-gen-memory\'s own ejs and one jszip, the one the fonts are deflated for, in the bundle', () => {
    // Nothing of the zip is loaded from node_modules: the bundle carries it, compiled from the code cache.
    expect(loaded.filter((file) => /^node_modules\/(jszip|pako|readable-stream|epub-gen-memory)\//.test(file))).toEqual([]);
    // galley's own ejs (the templates') too: Node would compile it on every run, outside the code cache.
    expect(loaded.filter((file) => /^node_modules\/ejs\//.test(file))).toEqual([]);
    const bundled = [...readFileSync(path.join(repoRoot, 'lib', 'cli.cjs'), 'utf8').matchAll(/^\/\/ (node_modules\/\S*(?:jszip|ejs)\/lib\/(?:index|ejs)\.js)$/gm)].map((match) => match[1]);
    expect(bundled.sort()).toEqual(['node_modules/epub-gen-memory/node_modules/ejs/lib/ejs.js', 'node_modules/jszip/lib/index.js']);
  });

  it('is ASCII, which the loader reads as a one-byte string', () => {
    expect(isAscii(readFileSync(path.join(repoRoot, 'lib', 'cli.cjs')))).toBe(true);
  });

  it('makes the very e-book the sources make, byte for byte', async () => {
    const { build } = await import('../src/index.js');
    const out = path.join(dir, 'from-sources');
    expect((await build({ manuscripts: [seedManuscript], outDir: out, formats: ['epub'], pageList: false })).failures).toBe(0);
    const fromSources = readFileSync(path.join(out, 'mattis-russia-nato.epub'));
    expect(readFileSync(epub).equals(fromSources)).toBe(true);
    expect(await entryText(await openEpub(epub), 'mimetype')).toBe('application/epub+zip');
  });

  it('leaves a code cache of this very bundle for the next e-book, and runs from it', () => {
    const digest = createHash('sha256').update(readFileSync(path.join(repoRoot, 'lib', 'cli.cjs'))).digest('hex').slice(0, 32);
    // V8's version tag in a process started as the CLI is (no flags on its command line), with the flags the CLI sets for a build.
    const tagScript = `import(${JSON.stringify(path.join(repoRoot, 'scripts', 'load-bundle.cjs'))}).then((m) => { m.tuneV8('epub'); console.log(require('node:v8').cachedDataVersionTag()); })`;
    const tag = Number(spawnSync(process.execPath, ['-e', tagScript], { encoding: 'utf8' }).stdout).toString(16);
    // The working runs' cache under those flags is made anew: only a CLI that runs under them writes it.
    rmSync(path.join(repoRoot, 'lib', '.code-cache', `cli-epub-${tag}-work-${digest}.bin`), { force: true });
    // A second run: the first may have drawn the cover, whose thread changes V8's flags, and then caches nothing.
    const again = runCli(['epub', seedManuscript, '--out', path.join(dir, 'again'), '--no-page-list', '-q']);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(path.join(repoRoot, 'lib', '.code-cache'))).toContain(`cli-epub-${tag}-work-${digest}.bin`);
    // A run that finds the e-book up to date reads no manuscript: it keeps a cache of its own kind.
    const idle = runCli(['epub', seedManuscript, '--out', path.join(dir, 'again'), '--no-page-list', '-q']);
    expect(idle.status, idle.stderr).toBe(0);
    expect(readdirSync(path.join(repoRoot, 'lib', '.code-cache'))).toContain(`cli-epub-${tag}-idle-${digest}.bin`);
    // From the cache, a cover drawn anew (its packages imported through the loader) and the same e-book.
    const cold = runCli(['epub', seedManuscript, '--out', path.join(dir, 'cold'), '--no-page-list', '-q'], { GALLEY_CACHE_DIR: path.join(dir, 'empty-cache') });
    expect(cold.status, cold.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'cold', 'mattis-russia-nato.epub')).equals(readFileSync(epub))).toBe(true);
  });
});

describe('a cold PDF from the CLI bundle', () => {
  let loaded: string[];
  let builtins: string[];
  let pdf: string;

  beforeAll(() => {
    const dir = tempDir('galley-bundle-pdf-');
    const list = path.join(dir, 'loaded.json');
    const hook = path.join(dir, 'hook.cjs');
    // Also Node's own modules, as the process loaded them (`NativeModule http`).
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList })));\n`);
    const result = runCli(['pdf', seedManuscript, '--out', path.join(dir, 'out'), '-q'], { NODE_OPTIONS: `--require ${hook}` });
    expect(result.status, result.stderr).toBe(0);
    const written = JSON.parse(readFileSync(list, 'utf8')) as { files: string[]; builtins: string[] };
    loaded = written.files.map((file) => path.relative(repoRoot, file).split(path.sep).join('/'));
    builtins = written.builtins.flatMap((entry) => (entry.startsWith('NativeModule ') ? [entry.slice('NativeModule '.length)] : []));
    pdf = path.join(dir, 'out', 'mattis-russia-nato.pdf');
  }, 120_000);

  it('carries pdf-lib and the pako it deflates with in the bundle, compiled from the code cache, and makes the PDF with them', () => {
    // Loaded through require(), pdf-lib is some 170 files for Node to find, read and compile on every PDF.
    expect(loaded.filter((file) => /^node_modules\/(pdf-lib|@pdf-lib\/[^/]+|pako|tslib)\//.test(file))).toEqual([]);
    const source = readFileSync(path.join(repoRoot, 'lib', 'cli.cjs'), 'utf8');
    // One pako for the zip and the PDF.
    expect(new Set([...source.matchAll(/^\/\/ (node_modules\/(?:\S*\/)?pako)\/index\.js$/gm)].map((match) => match[1]))).toEqual(new Set(['node_modules/pako']));
    expect(pdfText(pdf)).toContain('Mattis');
  });

  it('loads puppeteer-core from a bundle of its own, with a code cache of its own', () => {
    // Not from its ~200 files in node_modules; not inside the CLI's bundle either (most of its 4.6 MB never runs).
    expect(loaded.filter((file) => /^node_modules\/(puppeteer-core|@puppeteer\/browsers|chromium-bidi|ws|debug)\//.test(file))).toEqual([]);
    expect(readFileSync(path.join(repoRoot, 'lib', 'cli.cjs'), 'utf8')).not.toMatch(/^\/\/ node_modules\/puppeteer-core\//m);
    const digest = createHash('sha256').update(readFileSync(path.join(repoRoot, 'lib', 'puppeteer.cjs'))).digest('hex').slice(0, 32);
    expect(readdirSync(path.join(repoRoot, 'lib', '.code-cache')).some((name) => name.startsWith('puppeteer-') && name.endsWith(`-${digest}.bin`))).toBe(true);
  });

  it('runs none of puppeteer\'s launchers: galley connects to the browser it spawned, and Node\'s HTTP, TLS and readline stay unloaded', () => {
    expect(builtins).toContain('child_process');
    for (const name of ['http', 'https', 'tls', 'readline', 'assert']) expect(builtins, name).not.toContain(name);
  });
});

describe('the bundler’s routing of dynamic imports through the loader', () => {
  const route = async (code: string, specifiers: string[]): Promise<string> => {
    const file = path.join(tempDir('galley-route-'), 'cli.cjs');
    writeFileSync(file, code);
    const { routeDynamicImports } = (await import(path.join(repoRoot, 'scripts', 'bundle.mjs'))) as { routeDynamicImports: (file: string, specifiers: Set<string>) => void };
    routeDynamicImports(file, new Set(specifiers));
    return readFileSync(file, 'utf8');
  };

  it('routes each import of an external package, and passes over one the bundle left out as unused', async () => {
    const code = 'const a = await import("satori-html");\nconst b = () => import("./local.js");\n';
    expect(await route(code, ['satori-html', 'pdfjs-dist/legacy/build/pdf.mjs'])).toBe('const a = await __galleyImport("satori-html");\nconst b = () => import("./local.js");\n');
  });

  it('fails the bundling when an import of an external package is left', async () => {
    await expect(route('const p = await import("puppeteer");\n', [])).rejects.toThrow(/import\("puppeteer"\) .* is not routed through the loader/);
  });

  it('writes what is not ASCII as \\u escapes', async () => {
    expect(await route('// it’s\nconst r = /[’”]/;\n', [])).toBe('// it\\u2019s\nconst r = /[\\u2019\\u201d]/;\n');
  });
});

describe("the CLI's start", () => {
  it("loads none of Node's modules that only an ES module import of node:fs or node:crypto would (their file streams, WebCrypto)", () => {
    const dir = tempDir('galley-start-');
    const list = path.join(dir, 'builtins.json');
    const hook = path.join(dir, 'hook.cjs');
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`);
    const result = runCli(['--version'], { NODE_OPTIONS: `--require ${hook}` });
    expect(result.status, result.stderr).toBe(0);
    const builtins = JSON.parse(readFileSync(list, 'utf8')) as string[];
    // The loader's own modules are there (the list is real) …
    expect(builtins).toContain('NativeModule vm');
    // … but not what bin/galley.js's scripts once imported as ES modules without using.
    expect(builtins.filter((name) => /^NativeModule internal\/(fs\/streams|crypto\/webcrypto)$/.test(name))).toEqual([]);
  });

  it("loads no ES module when its bundle is fresh, so Node's ES module loader never starts", () => {
    const dir = tempDir('galley-start-esm-');
    const list = path.join(dir, 'builtins.json');
    const hook = path.join(dir, 'hook.cjs');
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`);
    const result = runCli(['--version'], { NODE_OPTIONS: `--require ${hook}` });
    expect(result.status, result.stderr).toBe(0);
    const builtins = JSON.parse(readFileSync(list, 'utf8')) as string[];
    expect(builtins).toContain('NativeModule vm');
    // What Node compiles for the first ES module a process imports: its translators and module jobs.
    expect(builtins.filter((name) => /^NativeModule internal\/modules\/esm\/(translators|module_job|module_map)$/.test(name))).toEqual([]);
  });

  it("starts Node's thread pool with two threads, or as many as UV_THREADPOOL_SIZE says", () => {
    const dir = tempDir('galley-pool-');
    const hook = path.join(dir, 'hook.cjs');
    // At exit (the pool has run the build's reads by then), how many threads the process has.
    writeFileSync(hook, `process.on('exit', () => { const fs = require('node:fs'); fs.writeFileSync(${JSON.stringify(path.join(dir, 'threads-'))} + process.env.TEST_RUN, String(fs.readdirSync('/proc/self/task').length)); });\n`);
    // A run that finds the e-book up to date: it reads files through the pool (`--version` reads none, and starts no pool).
    const out = path.join(dir, 'out');
    const first = runCli(['epub', seedManuscript, '--out', out, '--no-page-list', '-q']);
    expect(first.status, first.stderr).toBe(0);
    const threads = (run: string, size: string | undefined): number => {
      const result = runCli(['epub', seedManuscript, '--out', out, '--no-page-list', '-q'], { NODE_OPTIONS: `--require ${hook}`, TEST_RUN: run, UV_THREADPOOL_SIZE: size });
      expect(result.status, result.stderr).toBe(0);
      return Number(readFileSync(path.join(dir, `threads-${run}`), 'utf8'));
    };
    // Node's own default, four, named: the other threads are the same in each run.
    const four = threads('four', '4');
    expect(threads('default', undefined)).toBe(four - 2);
    expect(threads('three', '3')).toBe(four - 1);
  });
});
