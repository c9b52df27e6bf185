/**
 * src/pipeline/manuscript.ts: one manuscript's build. It takes the document
 * the reader yields (read once, by the caller), writes the editions in one
 * transaction and tells them only once they are in place; a manuscript that
 * cannot be read, or a build that was stopped, replaces nothing. In process,
 * e-book only (no browser): the print side is pipeline-run's.
 */
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManuscript, type LoadResult } from '../src/manuscript/index.js';
import { OutputFolder } from '../src/output/transaction.js';
import type { BuildEvent } from '../src/pipeline/events.js';
import { buildManuscript } from '../src/pipeline/manuscript.js';
import { planBuilds, type PlannedBuild } from '../src/pipeline/plan.js';
import { openEpub, repoRoot, tempDir } from './helpers.js';

let root: string;
let manuscript: string;
let outDir: string;
let out: OutputFolder;

async function plan(force = false): Promise<PlannedBuild> {
  const [item] = await planBuilds([manuscript], ['epub'], { outDir, pageSize: 'letter', force, pageList: false });
  return item!;
}

/** Builds the manuscript's e-book from `loading`; what it told, returned, and how often it let go of the browser. */
async function buildWith(load: () => Promise<LoadResult>, options: { signal?: AbortSignal; item?: PlannedBuild } = {}) {
  const events: BuildEvent[] = [];
  const inPlaceWhenTold: boolean[] = [];
  let layoutDone = 0;
  const item = options.item ?? (await plan(true));
  // As the pipeline does: the reading starts as the manuscript's build does.
  const failed = await buildManuscript(item, load(), {
    out,
    pageSize: 'letter',
    browser: undefined,
    pageList: false,
    thumbnails: false,
    emit: (event) => {
      events.push(event);
      if (event.type === 'edition') inPlaceWhenTold.push(existsSync(event.file));
    },
    layoutDone: () => layoutDone++,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { events, failed, layoutDone, inPlaceWhenTold };
}

const epubFile = (): string => path.join(outDir, 'notes-and-tables.epub');
const leftovers = (): string[] => readdirSync(outDir, { recursive: true }).map(String).filter((name) => name.endsWith('.tmp'));

let first: Awaited<ReturnType<typeof buildWith>>;
let firstBytes: Buffer;

beforeAll(async () => {
  root = tempDir('galley-pipeline-manuscript-');
  manuscript = path.join(root, 'notes-and-tables');
  cpSync(path.join(repoRoot, 'test/fixtures/good/notes-and-tables'), manuscript, { recursive: true });
  outDir = path.join(root, 'dist');
  out = await OutputFolder.open(outDir, 'epub');
  first = await buildWith(() => loadManuscript(manuscript));
  firstBytes = readFileSync(epubFile());
});

afterAll(() => {
  out?.close();
});

describe('a manuscript that reads', () => {
  it('writes its e-book and tells it once it is in place', async () => {
    expect(first.failed).toBe(0);
    const editions = first.events.filter((event) => event.type === 'edition');
    expect(editions).toMatchObject([{ format: 'epub', file: epubFile(), bytes: firstBytes.length }]);
    expect(first.inPlaceWhenTold).toEqual([true]);
    const zip = await openEpub(epubFile());
    expect(zip.file('EPUB/package.opf') ?? zip.file(/\.opf$/)[0]).toBeTruthy();
    expect(leftovers()).toEqual([]);
  });

  it('records the build, so that the next plan finds the e-book up to date', async () => {
    expect((await plan()).formats).toEqual([]);
  });

  it('lets go of the browser', () => {
    expect(first.layoutDone).toBeGreaterThanOrEqual(1);
  });

  it('builds nothing, reads nothing, when no edition is stale', async () => {
    let awaited = false;
    const loading = { then: (resolve: (value: LoadResult) => void, reject: (error: unknown) => void) => ((awaited = true), loadManuscript(manuscript).then(resolve, reject)) } as unknown as Promise<LoadResult>;
    const result = await buildWith(() => loading, { item: await plan() });
    expect(result).toMatchObject({ failed: 0, events: [] });
    expect(result.layoutDone).toBeGreaterThanOrEqual(1);
    expect(awaited).toBe(false);
  });
});

describe('a manuscript that does not read', () => {
  it("tells the reader's errors with file:line:column, and keeps the previous e-book", async () => {
    const broken = path.join(root, 'broken');
    cpSync(manuscript, broken, { recursive: true });
    // Two mistakes: no title, and a figure without its picture.
    writeFileSync(path.join(broken, 'article.md'), '---\ndate: 2017-02-16\n---\n\nBody.\n\n![A picture](images/none.png)\n');
    const before = statSync(epubFile()).mtimeMs;
    const result = await buildWith(() => loadManuscript(broken));
    expect(result.failed).toBe(1);
    const errors = result.events.filter((event) => event.type === 'diagnostic' && event.severity === 'error');
    expect(errors.length).toBeGreaterThan(1);
    for (const error of errors) expect((error as { text: string }).text).toMatch(/article\.md:\d+:\d+/);
    expect(result.events.at(-1)).toEqual({ type: 'not-read', dir: manuscript, errors: errors.length });
    expect(result.events.some((event) => event.type === 'edition')).toBe(false);
    expect(result.layoutDone).toBeGreaterThanOrEqual(1);
    expect(readFileSync(epubFile()).equals(firstBytes)).toBe(true);
    expect(statSync(epubFile()).mtimeMs).toBe(before);
  });

  it('tells a failure that is not a mistake in the manuscript as not read, with the error', async () => {
    const error = new Error('disk on fire');
    const result = await buildWith(() => Promise.reject(error));
    expect(result.failed).toBe(1);
    expect(result.events).toEqual([{ type: 'not-read', dir: manuscript, errors: 1, error }]);
    expect(readFileSync(epubFile()).equals(firstBytes)).toBe(true);
  });
});

describe('a stopped build', () => {
  it('puts nothing in place and leaves no temporary file', async () => {
    // The same manuscript, changed: had it been put in place, the e-book would differ.
    const article = path.join(manuscript, 'article.md');
    const original = readFileSync(article, 'utf8');
    writeFileSync(article, original.replace('The opening paragraph has a note.', 'A changed opening has a note.'));
    try {
      const controller = new AbortController();
      controller.abort(new Error('stopped'));
      const result = await buildWith(() => loadManuscript(manuscript), { signal: controller.signal });
      expect(result.failed).toBe(1);
      expect(result.events.some((event) => event.type === 'edition')).toBe(false);
      expect(readFileSync(epubFile()).equals(firstBytes)).toBe(true);
      expect(leftovers()).toEqual([]);
      expect(result.layoutDone).toBeGreaterThanOrEqual(1);
    } finally {
      writeFileSync(article, original);
    }
  });
});
