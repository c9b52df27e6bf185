/**
 * galley as a library: `import { build } from 'galley'` resolves through
 * package.json's exports to the bundle `npm install` made, and runs the same
 * pipeline as the command line, in this process. Two manuscripts are built
 * (EPUB, PDF and the download page) and the events show that each was read
 * once, that the e-book's credits and page list came from the print record,
 * and that the page lists both.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, parseHtml, repoRoot, seedManuscript, tempDir, texts } from './helpers.js';
import { pdfInfo, processesWith, waitForNoProcessWith } from './pdf-helpers.js';

type Galley = typeof import('../src/index.js');
type BuildEvent = import('../src/index.js').BuildEvent;

/**
 * The package's own bundle, as a program depending on galley loads it;
 * bundled again first should a source have changed since the install.
 */
async function importGalley(): Promise<Galley> {
  const { bundle, isFresh } = (await import(path.join(repoRoot, 'scripts', 'bundle.mjs'))) as { bundle: () => Promise<void>; isFresh: () => boolean };
  if (!isFresh()) await bundle();
  // Named through a variable: the type checker need not find lib/types/, which only an install writes.
  const name = 'galley';
  return (await import(name)) as Galley;
}

describe('import { build } from "galley"', () => {
  let galley: Galley;
  let dir: string;
  let out: string;
  let manuscripts: string[];
  const events: BuildEvent[] = [];
  let failures: number;
  const previousCache = process.env.GALLEY_CACHE_DIR;

  beforeAll(async () => {
    galley = await importGalley();
    dir = tempDir('galley-api-');
    process.env.GALLEY_CACHE_DIR = path.join(dir, 'cache');
    const second = path.join(dir, 'manuscripts', 'second-story');
    cpSync(seedManuscript, second, { recursive: true });
    const article = path.join(second, 'article.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace(/^title: .*$/m, 'title: "A second story, made up for this test"'));
    manuscripts = [seedManuscript, second];
    out = path.join(dir, 'out');
    ({ failures } = await galley.build({ manuscripts, outDir: out, jobs: 2, onEvent: (event) => events.push(event) }));
  });

  afterAll(() => {
    if (previousCache === undefined) delete process.env.GALLEY_CACHE_DIR;
    else process.env.GALLEY_CACHE_DIR = previousCache;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads the bundle named by package.json, not the sources', async () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { exports: { '.': { default: string; types: string } } };
    expect(import.meta.resolve('galley')).toBe(pathToFileURL(path.join(repoRoot, manifest.exports['.'].default)).href);
    expect(readFileSync(path.join(repoRoot, manifest.exports['.'].types), 'utf8')).toMatch(/export \{ build,/);
    expect(typeof galley.build).toBe('function');
  });

  it('runs from the bundle the install made, without bundling again (bin/galley.js)', () => {
    const bundled = statSync(path.join(repoRoot, 'lib', 'cli.cjs')).mtimeMs;
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(statSync(path.join(repoRoot, 'lib', 'cli.cjs')).mtimeMs).toBe(bundled);
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.prepare).toBe('node scripts/bundle.mjs');
  });

  it('builds both editions of every manuscript and the page, and tells each step', () => {
    expect(failures).toBe(0);
    const built = events.filter((event) => event.type === 'edition').map((event) => path.basename(event.file)).sort();
    expect(built).toEqual(['mattis-russia-nato.epub', 'mattis-russia-nato.pdf', 'second-story.epub', 'second-story.pdf']);
    expect(events.filter((event) => event.type === 'site').map((event) => event.listed)).toEqual([2]);
    expect(events.at(-1)).toMatchObject({ type: 'done', failures: 0 });
    const page = parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8'));
    expect(texts(page, 'main article h2')).toContain('A second story, made up for this test');
  });

  it('reads each manuscript once', () => {
    const reads = events.filter((event) => event.type === 'read').map((event) => event.dir);
    expect(reads.sort()).toEqual([...manuscripts].sort());
  });

  it('gives the e-book and the page the print layout: the page list, and the page of each picture in the credits', async () => {
    const zip = await openEpub(path.join(out, 'mattis-russia-nato.epub'));
    const pdfPages = Number(pdfInfo(path.join(out, 'mattis-russia-nato.pdf')).Pages);
    const edition = events.find((event) => event.type === 'edition' && event.format === 'epub' && event.file.endsWith('mattis-russia-nato.epub'));
    expect(edition).toMatchObject({ printPages: pdfPages });
    const credits = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    // The lead picture is printed on page 1.
    expect(texts(credits, '.credit-list li')[0]).toMatch(/^Figure 1, page 1:/);
    // The page's entry keeps the same credits, with their pages.
    const record = JSON.parse(readFileSync(path.join(out, '.galley', 'entries', 'mattis-russia-nato.json'), 'utf8')) as { entry: { view: { credits: Array<{ page?: number }> } } };
    expect(record.entry.view.credits.map((credit) => credit.page)).toEqual([1]);
  });

  it('reads each manuscript once again when the page must be remade from manuscripts', async () => {
    // As if the editions had been built before galley kept page entries, and one manuscript changed since.
    // In an output folder of its own, so that the other cases find the first build's as it was, in any order.
    const outAgain = path.join(dir, 'out-again');
    expect((await galley.build({ manuscripts, outDir: outAgain })).failures).toBe(0);
    rmSync(path.join(outAgain, '.galley', 'entries'), { recursive: true, force: true });
    const article = path.join(manuscripts[1]!, 'article.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace('title: "A second story', 'title: "A changed second story'));
    const again: BuildEvent[] = [];
    const result = await galley.build({ manuscripts, outDir: outAgain, onEvent: (event) => again.push(event) });
    expect(result.failures).toBe(0);
    expect(again.filter((event) => event.type === 'edition').map((event) => path.basename(event.file)).sort()).toEqual(['second-story.epub', 'second-story.pdf']);
    // The changed manuscript for its editions, the other for its entry on the page: once each.
    expect(again.filter((event) => event.type === 'read').map((event) => event.dir).sort()).toEqual([...manuscripts].sort());
    const page = parseHtml(readFileSync(path.join(outAgain, 'index.html'), 'utf8'));
    expect(texts(page, 'main article h2')).toHaveLength(2);
    expect(texts(page, 'main article h2')).toContain('A changed second story, made up for this test');
  });

  it('refuses what it cannot do with UsageError, before touching the output folder', async () => {
    const missing = path.join(dir, 'no-such-folder');
    await expect(galley.build({ manuscripts: [missing], outDir: path.join(dir, 'never') })).rejects.toBeInstanceOf(galley.UsageError);
    await expect(galley.build({ manuscripts: [seedManuscript], outDir: path.join(dir, 'never'), jobs: 0 })).rejects.toThrow(/--jobs/);
    expect(() => readFileSync(path.join(dir, 'never', 'index.html'))).toThrow();
  });
});

describe('build() in a program', () => {
  let galley: Galley;
  let dir: string;

  beforeAll(async () => {
    galley = await importGalley();
    dir = tempDir('galley-api-abort-');
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const listeners = (): number[] => SIGNALS.map((signal) => process.listenerCount(signal));

  it('installs no signal handlers: ending the process on Ctrl-C is the program\'s choice', async () => {
    const before = listeners();
    const during: number[][] = [];
    const out = path.join(dir, 'no-handlers');
    const result = await galley.build({
      manuscripts: [seedManuscript],
      outDir: out,
      formats: ['epub'],
      pageList: false,
      site: false,
      onEvent: (event) => {
        if (event.type === 'start' || event.type === 'read' || event.type === 'edition') during.push(listeners());
      },
    });
    expect(result.failures).toBe(0);
    expect(during.length).toBe(3);
    for (const counts of during) expect(counts).toEqual(before);
    expect(listeners()).toEqual(before);
  });

  it('stops on an abort: no manuscript started after it, none put in place, nothing left staged, the folder unlocked', async () => {
    const out = path.join(dir, 'aborted');
    const second = path.join(dir, 'manuscripts', 'second-story');
    cpSync(seedManuscript, second, { recursive: true });
    const epubOnly = { manuscripts: [seedManuscript, second], outDir: out, formats: ['epub' as const], pageList: false, site: false, jobs: 1 };
    // A first build, whose e-books the stopped one must leave as they were.
    expect((await galley.build(epubOnly)).failures).toBe(0);
    const epub = path.join(out, 'mattis-russia-nato.epub');
    const before = statSync(epub);
    const controller = new AbortController();
    const events: BuildEvent[] = [];
    const stopped = galley.build({
      ...epubOnly,
      force: true,
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'read') controller.abort();
      },
    });
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    // The manuscript under way was made and not put in place; the next was not started.
    expect(events.filter((event) => event.type === 'read')).toHaveLength(1);
    expect(events.some((event) => event.type === 'edition' || event.type === 'done')).toBe(false);
    expect(statSync(epub).ino).toBe(before.ino);
    expect(statSync(epub).mtimeMs).toBe(before.mtimeMs);
    const left = readdirSync(out, { recursive: true }).map(String);
    expect(left.filter((name) => name.endsWith('.tmp') || name.endsWith('.galley.lock'))).toEqual([]);
    // Unlocked: the next build runs.
    expect((await galley.build(epubOnly)).failures).toBe(0);
    // Aborted before it starts, it touches nothing.
    await expect(galley.build({ manuscripts: [seedManuscript], outDir: path.join(dir, 'never'), signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it('stops a layout under way on an abort: the browser is closed and no PDF is put in place', async () => {
    const out = path.join(dir, 'aborted-layout');
    const profiles = `galley-chromium-${process.pid}-`;
    const controller = new AbortController();
    const events: BuildEvent[] = [];
    // Stopped once the manuscript is read (its layout begins) and the
    // browser runs (it starts while the manuscript is read).
    const poll = setInterval(() => {
      if (events.some((event) => event.type === 'read') && processesWith(profiles).length > 0) controller.abort();
    }, 10);
    try {
      const stopped = galley.build({ manuscripts: [seedManuscript], outDir: out, formats: ['pdf'], site: false, signal: controller.signal, onEvent: (event) => events.push(event) });
      await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      clearInterval(poll);
    }
    expect(controller.signal.aborted).toBe(true);
    // The layout ended with the browser, instead of running to its end.
    expect(events.filter((event) => event.type === 'edition-failed').map((event) => event.type === 'edition-failed' && event.format)).toEqual(['pdf']);
    expect(await waitForNoProcessWith(profiles, 10_000)).toEqual([]);
    expect(readdirSync(out, { recursive: true }).map(String).filter((name) => /\.(pdf|tmp)$/.test(name) || name.endsWith('.galley.lock'))).toEqual([]);
  });
});
