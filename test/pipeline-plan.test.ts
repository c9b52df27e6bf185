/**
 * The plan of a build (src/pipeline/plan.ts): which manuscripts the
 * arguments name, and which of their editions are out of date. Read from
 * the build records, without building anything.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildCache } from '../src/cache.js';
import { findManuscripts, planBuilds, UsageError } from '../src/pipeline/plan.js';
import { runCli, seedManuscript, tempDir } from './helpers.js';

let work: string;
let shelf: string;
const previousCache = process.env.GALLEY_CACHE_DIR;

beforeAll(() => {
  work = tempDir('galley-plan-');
  process.env.GALLEY_CACHE_DIR = path.join(work, 'cache');
  shelf = path.join(work, 'shelf');
  for (const name of ['b-story', 'a-story']) cpSync(seedManuscript, path.join(shelf, name), { recursive: true });
  mkdirSync(path.join(shelf, 'notes'));
});

afterAll(() => {
  if (previousCache === undefined) delete process.env.GALLEY_CACHE_DIR;
  else process.env.GALLEY_CACHE_DIR = previousCache;
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the manuscripts a build is given', () => {
  it('are folders with an article, or the manuscripts inside a folder, in name order, each once', () => {
    const a = path.join(shelf, 'a-story');
    const b = path.join(shelf, 'b-story');
    expect(findManuscripts([shelf])).toEqual([a, b]);
    expect(findManuscripts([b, shelf, path.relative(process.cwd(), a)])).toEqual([b, a]);
  });

  it('are refused, as a usage mistake, when a folder is not there or holds none', () => {
    expect(() => findManuscripts([path.join(work, 'missing')])).toThrow(UsageError);
    expect(() => findManuscripts([path.join(shelf, 'notes')])).toThrow(/notes: no article\.md or collection\.yaml in it or in any folder inside it$/);
  });

  it('are refused when two would be written to the same file name, naming both folders', () => {
    const desk = path.join(work, 'desk');
    for (const folder of ['a/story', 'b/story', 'c/Story']) cpSync(seedManuscript, path.join(desk, folder), { recursive: true });
    const cwd = process.cwd();
    process.chdir(work);
    try {
      expect(() => findManuscripts([path.join(desk, 'a', 'story'), path.join(desk, 'b', 'story')])).toThrow(
        'desk/a/story and desk/b/story would both be written as story.epub and story.pdf: each edition is named after its manuscript\'s folder, so rename one of the folders',
      );
      // Names that differ only in case are one file on macOS and Windows; a folder of manuscripts counts too.
      expect(() => findManuscripts([path.join(desk, 'b'), path.join(desk, 'c')])).toThrow(/^desk\/b\/story and desk\/c\/Story would both be written as story\.epub/);
      // The same folder twice is one manuscript.
      expect(findManuscripts([path.join(desk, 'a', 'story'), 'desk/a/story'])).toEqual([path.join(desk, 'a', 'story')]);
      // A manuscript two folders down is named, since galley looks only one down.
      expect(() => findManuscripts(['desk'])).toThrow(/^desk: no article\.md or collection\.yaml in it or in any folder inside it \(galley looks one folder down, no deeper\): name the manuscript's own folder, e\.g\. desk\/a\/story$/);
    } finally {
      process.chdir(cwd);
    }
    // On the command line: a usage mistake (exit 2), before the output folder is even made.
    const out = path.join(work, 'out-same-names');
    const result = runCli(['build', path.join(desk, 'a', 'story'), path.join(desk, 'b', 'story'), '--out', out]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^galley: .*desk\/a\/story and .*desk\/b\/story would both be written as story\.epub and story\.pdf/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the plan', () => {
  const options = (outDir: string) => ({ outDir, pageSize: 'letter' as const, force: false, pageList: true });

  it('builds what is not recorded, keeps what is, and rebuilds after a change, with --force, or at another page size', async () => {
    const out = path.join(work, 'out');
    const dir = path.join(shelf, 'a-story');
    const [first] = await planBuilds([dir], ['epub', 'pdf'], options(out));
    expect(first!.formats).toEqual(['epub', 'pdf']);
    expect(first!.slug).toBe('a-story');

    // As a build does once the editions are in place.
    mkdirSync(out, { recursive: true });
    const cache = new BuildCache();
    for (const format of ['epub', 'pdf'] as const) {
      writeFileSync(path.join(out, `a-story.${format}`), format);
      await cache.record(path.join(out, `a-story.${format}`), first!.keys[format]!);
    }
    expect((await planBuilds([dir], ['epub', 'pdf'], options(out)))[0]!.formats).toEqual([]);
    expect((await planBuilds([dir], ['epub', 'pdf'], { ...options(out), force: true }))[0]!.formats).toEqual(['epub', 'pdf']);
    // The page size shapes the PDF and the e-book's page list; without a page list, the e-book does not follow it.
    expect((await planBuilds([dir], ['epub', 'pdf'], { ...options(out), pageSize: 'a4' }))[0]!.formats).toEqual(['epub', 'pdf']);
    expect(first!.epubWithoutPageList).not.toBe(first!.keys.epub);

    const article = path.join(dir, 'article.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace(/^title: .*$/m, 'title: "Changed"'));
    expect((await planBuilds([dir], ['epub', 'pdf'], options(out)))[0]!.formats).toEqual(['epub', 'pdf']);
  });
});
