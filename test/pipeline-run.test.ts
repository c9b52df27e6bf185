/**
 * src/pipeline/run.ts: build(), in process. Two manuscripts built with one
 * browser: the events come in order, each manuscript is read once, the
 * browser starts while the manuscripts are read and is gone before the
 * download page is written. Then one manuscript breaks: it replaces none of
 * its editions, the browser started for it is ended unused and unmentioned,
 * and with keepSiteOnFailure the page stays as it was.
 */
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent } from '../src/pipeline/events.js';
import { build, type BuildResult } from '../src/pipeline/run.js';
import { repoRoot, tempDir } from './helpers.js';
import { processesWith } from './pdf-helpers.js';

interface Seen {
  event: BuildEvent;
  /** Browser processes of this test file at the moment the event was told. */
  browsers: number;
  /** For an edition: whether its file was in place when it was told. */
  inPlace?: boolean;
}

// The browser's profile folder names the process that launched it.
const ours = `galley-chromium-${process.pid}-`;

async function runBuild(manuscripts: string, outDir: string, options: { keepSiteOnFailure?: boolean } = {}): Promise<{ seen: Seen[]; result: BuildResult }> {
  const seen: Seen[] = [];
  const result = await build({
    manuscripts: [manuscripts],
    outDir,
    jobs: 2,
    ...options,
    onEvent: (event) => {
      seen.push({ event, browsers: processesWith(ours).length, ...(event.type === 'edition' ? { inPlace: existsSync(event.file) } : {}) });
    },
  });
  return { seen, result };
}

const types = (seen: Seen[]): string[] => seen.map(({ event }) => event.type);

let root: string;
let manuscripts: string;
let outDir: string;
let alpha: string;
let beta: string;
let first: { seen: Seen[]; result: BuildResult };
let second: { seen: Seen[]; result: BuildResult };
let third: { seen: Seen[]; result: BuildResult };
const before: Record<string, Buffer> = {};
let pageAfterFirst: Buffer;
let pageAfterSecond: Buffer;
let pageTimeAfterSecond: number;

beforeAll(async () => {
  root = tempDir('galley-pipeline-run-');
  manuscripts = path.join(root, 'manuscripts');
  outDir = path.join(root, 'dist');
  alpha = path.join(manuscripts, 'alpha');
  beta = path.join(manuscripts, 'beta');
  const fixture = path.join(repoRoot, 'test/fixtures/good/notes-and-tables');
  cpSync(fixture, alpha, { recursive: true });
  cpSync(fixture, beta, { recursive: true });
  const betaArticle = path.join(beta, 'article.md');
  writeFileSync(betaArticle, readFileSync(betaArticle, 'utf8').replace('title: "Notes, tables and sections"', 'title: "The second manuscript"'));

  first = await runBuild(manuscripts, outDir);
  pageAfterFirst = readFileSync(path.join(outDir, 'index.html'));
  for (const name of ['alpha.pdf', 'alpha.epub', 'beta.pdf', 'beta.epub']) before[name] = readFileSync(path.join(outDir, name));

  // beta breaks: no title.
  writeFileSync(betaArticle, readFileSync(betaArticle, 'utf8').replace(/^title: .*$/m, ''));
  second = await runBuild(manuscripts, outDir);
  pageAfterSecond = readFileSync(path.join(outDir, 'index.html'));
  pageTimeAfterSecond = statSync(path.join(outDir, 'index.html')).mtimeMs;
  // Still broken, alpha made stale: the page is left as it was.
  const alphaArticle = path.join(alpha, 'article.md');
  writeFileSync(alphaArticle, readFileSync(alphaArticle, 'utf8').replace('The opening paragraph', 'The first paragraph'));
  third = await runBuild(manuscripts, outDir, { keepSiteOnFailure: true });
}, 600_000);

describe('a build of two manuscripts', () => {
  it('builds both editions of each and the page, with no failure', () => {
    expect(first.result).toEqual({ failures: 0, outDir });
    const editions = first.seen.filter(({ event }) => event.type === 'edition').map(({ event }) => path.basename((event as { file: string }).file));
    expect(editions.sort()).toEqual(['alpha.epub', 'alpha.pdf', 'beta.epub', 'beta.pdf']);
    expect(first.seen.filter(({ event }) => event.type === 'edition').every(({ inPlace }) => inPlace)).toBe(true);
    expect(readFileSync(path.join(outDir, 'index.html'), 'utf8')).toContain('The second manuscript');
  });

  it('tells its steps in order: start, plan, the manuscripts, the page, done', () => {
    const order = types(first.seen);
    expect(order[0]).toBe('start');
    expect(first.seen[0]!.event).toMatchObject({ manuscripts: 2, outDir, formats: ['epub', 'pdf'] });
    expect(first.seen[1]!.event).toEqual({ type: 'plan', building: 2, unchanged: 0 });
    expect(order.at(-1)).toBe('done');
    expect(first.seen.at(-1)!.event).toMatchObject({ failures: 0 });
    expect(order.at(-2)).toBe('site');
    expect(first.seen.filter(({ event }) => event.type === 'progress').map(({ event }) => event)).toEqual([
      { type: 'progress', finished: 1, total: 2 },
      { type: 'progress', finished: 2, total: 2 },
    ]);
    // Each manuscript: read, then its PDF, then its e-book (with the PDF's page numbers).
    for (const dir of [alpha, beta]) {
      const read = first.seen.findIndex(({ event }) => event.type === 'read' && event.dir === dir);
      const pdf = first.seen.findIndex(({ event }) => event.type === 'edition' && event.file.endsWith(`${path.basename(dir)}.pdf`));
      const epub = first.seen.findIndex(({ event }) => event.type === 'edition' && event.file.endsWith(`${path.basename(dir)}.epub`));
      expect(read).toBeGreaterThan(1);
      expect(pdf).toBeGreaterThan(read);
      expect(epub).toBeGreaterThan(pdf);
      expect((first.seen[epub]!.event as { printPages?: number }).printPages).toBeGreaterThan(0);
    }
  });

  it('reads each manuscript once, the page included', () => {
    const reads = first.seen.filter(({ event }) => event.type === 'read').map(({ event }) => (event as { dir: string }).dir);
    expect(reads.sort()).toEqual([alpha, beta]);
  });

  it('starts the browser while the manuscripts are read, and has closed it before the page is written', () => {
    // Not before the build knows what it builds.
    const plan = first.seen.findIndex(({ event }) => event.type === 'plan');
    expect(first.seen.slice(0, plan + 1).every(({ browsers }) => browsers === 0)).toBe(true);
    expect(Math.max(...first.seen.map(({ browsers }) => browsers))).toBeGreaterThan(0);
    const site = first.seen.find(({ event }) => event.type === 'site')!;
    expect(site.browsers).toBe(0);
    expect(processesWith(ours)).toEqual([]);
  });
});

describe('a manuscript that breaks', () => {
  it('fails both its editions and replaces neither', () => {
    expect(second.result.failures).toBe(2);
    expect(second.seen.at(-1)!.event).toMatchObject({ type: 'done', failures: 2 });
    expect(readFileSync(path.join(outDir, 'beta.pdf')).equals(before['beta.pdf']!)).toBe(true);
    expect(readFileSync(path.join(outDir, 'beta.epub')).equals(before['beta.epub']!)).toBe(true);
    expect(second.seen.some(({ event }) => event.type === 'not-read' && event.dir === beta)).toBe(true);
    expect(second.seen.some(({ event }) => event.type === 'edition')).toBe(false);
  });

  it('plans only the broken one, reads only it, and leaves no browser and no word of one', () => {
    expect(second.seen[1]!.event).toEqual({ type: 'plan', building: 1, unchanged: 2 });
    expect(second.seen.filter(({ event }) => event.type === 'read').map(({ event }) => (event as { dir: string }).dir)).toEqual([beta]);
    // The browser started while it was read is ended unused once it failed.
    expect(second.seen.at(-1)!.browsers).toBe(0);
    expect(processesWith(ours)).toEqual([]);
    expect(types(second.seen)).not.toContain('browser-failed');
  });

  it('leaves the page listing the editions that stayed', () => {
    expect(pageAfterSecond.equals(pageAfterFirst)).toBe(true);
    expect(pageAfterSecond.toString('utf8')).toContain('The second manuscript');
  });

  it('with keepSiteOnFailure, leaves the page as it was while the other manuscript is rebuilt', () => {
    expect(third.result.failures).toBe(2);
    expect(types(third.seen)).not.toContain('site');
    expect(third.seen.filter(({ event }) => event.type === 'edition').map(({ event }) => path.basename((event as { file: string }).file)).sort()).toEqual(['alpha.epub', 'alpha.pdf']);
    expect(readFileSync(path.join(outDir, 'index.html')).equals(pageAfterSecond)).toBe(true);
    expect(statSync(path.join(outDir, 'index.html')).mtimeMs).toBe(pageTimeAfterSecond);
    expect(processesWith(ours)).toEqual([]);
  });
});
