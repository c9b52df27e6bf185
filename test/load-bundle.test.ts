/**
 * scripts/load-bundle.cjs, the CLI bundle's loader with a V8 code cache:
 * each case runs a small CommonJS bundle in its own Node process, as
 * bin/galley.js runs lib/cli.cjs, and reads what the bundle returned, whether
 * the cache was used, and which cache files the process left.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from './helpers.js';

const loader = pathToFileURL(path.join(repoRoot, 'scripts', 'load-bundle.cjs')).href;

/** A bundle whose main() gives a value, reads a file beside it and imports a module through the loader. */
const bundleSource = (value: string, extra = ''): string => `'use strict';
const path = require('node:path');
${extra}
exports.main = async () => {
  const os = await __galleyImport('node:os');
  return { value: ${value}, beside: require('node:fs').readFileSync(path.join(__dirname, 'beside.txt'), 'utf8'), platform: os.platform(), file: __filename };
};
`;

interface Run {
  cache: string;
  value: unknown;
  beside: string;
  platform: string;
  file: string;
}

function load(bundle: string, cacheDir: string, flags: string[] = [], kind?: string): Run {
  const script = `
    import { loadBundle } from ${JSON.stringify(loader)};
    const kind = process.env.TEST_KIND;
    const { exports, cache } = loadBundle(${JSON.stringify(bundle)}, { name: 'test', cacheDir: ${JSON.stringify(cacheDir)}, ...(kind ? { kindAtExit: () => { if (kind === 'unknown') throw new Error('no kind'); return kind; } } : {}) });
    console.log(JSON.stringify({ cache, ...(await exports.main()) }));
  `;
  const env = { ...process.env, TEST_KIND: kind ?? '' };
  const result = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, env });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Run;
}

const cacheFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.bin')) : []);

describe('loading the CLI bundle with a code cache', () => {
  let dir: string;
  let bundle: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = tempDir('galley-load-bundle-');
    mkdirSync(path.join(dir, 'lib'));
    bundle = path.join(dir, 'lib', 'cli.cjs');
    cacheDir = path.join(dir, 'lib', '.code-cache');
    writeFileSync(bundle, bundleSource('1'));
    writeFileSync(path.join(dir, 'lib', 'beside.txt'), 'found');
  });

  it('runs the bundle as require() would, writes a cache on exit, and uses it the next time', () => {
    const first = load(bundle, cacheDir);
    expect(first).toEqual({ cache: 'none', value: 1, beside: 'found', platform: process.platform, file: bundle });
    expect(cacheFiles(cacheDir)).toHaveLength(1);
    const written = statSync(path.join(cacheDir, cacheFiles(cacheDir)[0]!)).mtimeMs;
    const second = load(bundle, cacheDir);
    expect(second).toEqual({ ...first, cache: 'used' });
    // A used cache is left as it is.
    expect(statSync(path.join(cacheDir, cacheFiles(cacheDir)[0]!)).mtimeMs).toBe(written);
  });

  it('never runs old code: a bundle changed to the same length gets a cache of its own, and the old one goes', () => {
    load(bundle, cacheDir);
    const [old] = cacheFiles(cacheDir);
    const changed = bundleSource('2');
    expect(changed.length).toBe(readFileSync(bundle, 'utf8').length);
    writeFileSync(bundle, changed);
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'none', value: 2 });
    expect(cacheFiles(cacheDir)).toHaveLength(1);
    expect(cacheFiles(cacheDir)).not.toContain(old);
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'used', value: 2 });
  });

  it('keeps the caches of runs with other V8 flags side by side (npm run build and a bare galley do not undo each other)', () => {
    load(bundle, cacheDir);
    expect(load(bundle, cacheDir, ['--max-old-space-size=384'])).toMatchObject({ cache: 'none', value: 1 });
    expect(cacheFiles(cacheDir)).toHaveLength(2);
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'used', value: 1 });
    expect(load(bundle, cacheDir, ['--max-old-space-size=384'])).toMatchObject({ cache: 'used', value: 1 });
  });

  it('does not use a cache whose bytes were changed, and writes it again', () => {
    load(bundle, cacheDir);
    const file = path.join(cacheDir, cacheFiles(cacheDir)[0]!);
    const bytes = readFileSync(file);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(file, bytes);
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'none', value: 1 });
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'used', value: 1 });
  });

  it('runs the bundle when V8 refuses the cache (another script’s code under its name), and replaces it', () => {
    load(bundle, cacheDir);
    const name = cacheFiles(cacheDir)[0]!;
    // Another script's cache, sealed like a good one, under this bundle's name.
    const otherDir = path.join(dir, 'other-cache');
    const other = path.join(dir, 'lib', 'other.cjs');
    writeFileSync(other, bundleSource('3', '// another script altogether, longer than the first'));
    load(other, otherDir);
    writeFileSync(path.join(cacheDir, name), readFileSync(path.join(otherDir, cacheFiles(otherDir)[0]!)));
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'rejected', value: 1 });
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'used', value: 1 });
  });

  it('writes no cache from a run that changed V8’s flags (the next run would refuse it)', () => {
    writeFileSync(bundle, bundleSource('4', "require('node:v8').setFlagsFromString('--expose-gc');"));
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'none', value: 4 });
    expect(cacheFiles(cacheDir)).toEqual([]);
  });

  it('keeps a cache for each kind of run, and loads the one of the kind that ran last', () => {
    const sizes = (): Record<string, number> => Object.fromEntries(cacheFiles(cacheDir).map((name) => [/-(\w+)-[0-9a-f]{32}\.bin$/.exec(name)![1]!, statSync(path.join(cacheDir, name)).size]));
    expect(load(bundle, cacheDir, [], 'work')).toMatchObject({ cache: 'none', value: 1 });
    expect(load(bundle, cacheDir, [], 'work')).toMatchObject({ cache: 'used' });
    expect(sizes().work).toBeGreaterThan(0);
    // An idle run after a working one runs on the working run's cache, and marks its own kind (an empty file) ...
    expect(load(bundle, cacheDir, [], 'idle')).toMatchObject({ cache: 'used' });
    expect(sizes().idle).toBe(0);
    // ... so that the next idle run starts without a cache and writes one of its own code.
    expect(load(bundle, cacheDir, [], 'idle')).toMatchObject({ cache: 'none' });
    expect(sizes().idle).toBeGreaterThan(0);
    expect(load(bundle, cacheDir, [], 'idle')).toMatchObject({ cache: 'used' });
    // A working run after idle ones loads the idle cache and marks its own kind as the last.
    const work = sizes().work;
    expect(load(bundle, cacheDir, [], 'work')).toMatchObject({ cache: 'used', value: 1 });
    expect(load(bundle, cacheDir, [], 'work')).toMatchObject({ cache: 'used', value: 1 });
    expect(sizes().work).toBe(work);
    expect(cacheFiles(cacheDir)).toHaveLength(2);
  });

  it('reads a bundle that is not ASCII as UTF-8', () => {
    writeFileSync(bundle, bundleSource("'’é😀'"));
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'none', value: '’é😀' });
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'used', value: '’é😀' });
  });

  it('exits as the bundle would when the kind of the run cannot be told, writing no cache', () => {
    expect(load(bundle, cacheDir, [], 'unknown')).toMatchObject({ cache: 'none', value: 1 });
    expect(cacheFiles(cacheDir)).toEqual([]);
  });

  it('runs without a cache where none can be written', () => {
    // A file where the cache folder would be: nothing can be written under it.
    writeFileSync(cacheDir, '');
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'none', value: 1, beside: 'found' });
    expect(load(bundle, cacheDir)).toMatchObject({ cache: 'none', value: 1 });
  });
});

describe("V8's flags for a command (tuneV8)", () => {
  /** V8's version tag (which its flags are part of) in a fresh process after tuneV8(command), and what it set. */
  const tuned = (command: string): { set: string[]; tag: number } =>
    JSON.parse(
      spawnSync(process.execPath, ['--input-type=module', '-e', `import v8 from 'node:v8'; const { tuneV8 } = await import(${JSON.stringify(loader)}); const set = tuneV8(${JSON.stringify(command)}); console.log(JSON.stringify({ set, tag: v8.cachedDataVersionTag() }));`], {
        encoding: 'utf8',
      }).stdout,
    ) as { set: string[]; tag: number };
  const untouched = Number(spawnSync(process.execPath, ['-p', "require('node:v8').cachedDataVersionTag()"], { encoding: 'utf8' }).stdout);

  it('raises the interrupt budget for the commands that build, before anything is compiled', () => {
    for (const command of ['build', 'epub', 'pdf', 'site']) {
      const { set, tag } = tuned(command);
      expect(set).toEqual(['--interrupt-budget=1081344']);
      // V8 runs with other flags: its code caches are other caches.
      expect(tag).not.toBe(untouched);
    }
  });

  it("leaves V8's defaults to galley dev, the preview server and the rest", () => {
    for (const command of ['dev', 'preview', 'other']) expect(tuned(command)).toEqual({ set: [], tag: untouched });
  });
});

describe("Node's own modules under the npm scripts' V8 flags", () => {
  /** The heap's sizes as the npm scripts that build give them (package.json). */
  const heapFlags = ['--max-old-space-size=384', '--max-semi-space-size=16', '--min-semi-space-size=16', '--initial-old-space-size=64', '--single-threaded-gc'];

  it("are compiled from Node's own code cache, and V8's flags are the npm scripts' and the build's again after each", () => {
    const dir = tempDir('galley-node-cache-');
    const bundle = path.join(dir, 'cli.cjs');
    // A bundle that loads one of Node's modules no one has loaded before it.
    writeFileSync(bundle, "'use strict';\nexports.deflate = typeof require('node:zlib').deflateSync;\n");
    const script = path.join(dir, 'run.cjs');
    writeFileSync(
      script,
      `'use strict';
      const { tuneV8, loadNodeModules, loadBundle } = require(${JSON.stringify(path.join(repoRoot, 'scripts', 'load-bundle.cjs'))});
      tuneV8('epub');
      loadNodeModules('epub');
      const loaded = loadBundle(${JSON.stringify(bundle)}, { name: 'test', cacheDir: ${JSON.stringify(path.join(dir, 'cache'))} });
      const v8 = require('node:v8');
      // Node's record of how it compiled each of its modules (its own tests read it so).
      const usage = require('internal/test/binding').internalBinding('builtins').getCacheUsage();
      console.log(JSON.stringify({ deflate: loaded.exports.deflate, cached: [...usage.compiledWithCache], compiled: [...usage.compiledWithoutCache], tag: v8.cachedDataVersionTag(), heapLimit: v8.getHeapStatistics().heap_size_limit }));
      `,
    );
    const result = spawnSync(process.execPath, [...heapFlags, '--expose-internals', script], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    const run = JSON.parse(result.stdout) as { deflate: string; cached: string[]; compiled: string[]; tag: number; heapLimit: number };
    expect(run.deflate).toBe('function');
    // What the loader, the bundle and the build's getters load: from the cache, not compiled from source.
    const loaded = ['crypto', 'vm', 'zlib', 'perf_hooks', 'internal/util/parse_args/parse_args'];
    expect(run.cached).toEqual(expect.arrayContaining(loaded));
    expect(run.compiled.filter((name) => loaded.includes(name))).toEqual([]);
    // Afterwards V8 runs as the npm script and tuneV8 set it: the same version tag, the same heap.
    const expected = JSON.parse(
      spawnSync(process.execPath, [...heapFlags, '-e', "const v8 = require('node:v8'); v8.setFlagsFromString('--interrupt-budget=1081344'); console.log(JSON.stringify({ tag: v8.cachedDataVersionTag(), heapLimit: v8.getHeapStatistics().heap_size_limit }))"], {
        encoding: 'utf8',
      }).stdout,
    ) as { tag: number; heapLimit: number };
    expect({ tag: run.tag, heapLimit: run.heapLimit }).toEqual(expected);
  });
});
