/**
 * galley as a library: `import { build } from 'galley'` resolves through
 * package.json's exports to the bundle `npm install` made, and runs the same
 * pipeline as the command line, in this process. Two manuscripts are built
 * (EPUB, PDF and the download page) and the events show that each was read
 * once, that the e-book's credits and page list came from the print record,
 * and that the page lists both.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, parseHtml, repoRoot, seedManuscript, tempDir, texts } from './helpers.js';
import { pdfInfo } from './pdf-helpers.js';

type Galley = typeof import('../src/index.js');
type BuildEvent = import('../src/index.js').BuildEvent;

describe('import { build } from "galley"', () => {
  let galley: Galley;
  let dir: string;
  let out: string;
  let manuscripts: string[];
  const events: BuildEvent[] = [];
  let failures: number;
  const previousCache = process.env.GALLEY_CACHE_DIR;

  beforeAll(async () => {
    // The package's own bundle, as a program depending on galley loads it;
    // bundled again first should a source have changed since the install.
    const { bundle, isFresh } = (await import(path.join(repoRoot, 'scripts', 'bundle.mjs'))) as { bundle: () => Promise<void>; isFresh: () => boolean };
    if (!isFresh()) await bundle();
    // Named through a variable: the type checker need not find lib/types/, which only an install writes.
    const name = 'galley';
    galley = (await import(name)) as Galley;
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
    const bundled = statSync(path.join(repoRoot, 'lib', 'cli.js')).mtimeMs;
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(statSync(path.join(repoRoot, 'lib', 'cli.js')).mtimeMs).toBe(bundled);
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
    rmSync(path.join(out, '.galley', 'entries'), { recursive: true, force: true });
    const article = path.join(manuscripts[1]!, 'article.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace('title: "A second story', 'title: "A changed second story'));
    const again: BuildEvent[] = [];
    const result = await galley.build({ manuscripts, outDir: out, onEvent: (event) => again.push(event) });
    expect(result.failures).toBe(0);
    expect(again.filter((event) => event.type === 'edition').map((event) => path.basename(event.file)).sort()).toEqual(['second-story.epub', 'second-story.pdf']);
    // The changed manuscript for its editions, the other for its entry on the page: once each.
    expect(again.filter((event) => event.type === 'read').map((event) => event.dir).sort()).toEqual([...manuscripts].sort());
    const page = parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8'));
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
