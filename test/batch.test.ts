/**
 * Reproducible, incremental and batch builds, with the real CLI in separate
 * processes.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCorpus } from '../bench/corpus.js';
import { entryText, normalize, openEpub, parseHtml, runCli, texts, seedManuscript, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('reproducible builds', () => {
  it('gives byte-identical EPUB and PDF from two separate runs with the same SOURCE_DATE_EPOCH', () => {
    const env = { SOURCE_DATE_EPOCH: '1487246400', GALLEY_CACHE_DIR: tempDir() };
    const first = tempDir();
    const second = tempDir();
    expect(runCli(['build', seedManuscript, '--out', first], env).status).toBe(0);
    expect(runCli(['build', seedManuscript, '--out', second, '--force'], env).status).toBe(0);
    for (const name of ['mattis-russia-nato.epub', 'mattis-russia-nato.pdf']) {
      expect(sha256(path.join(second, name)), name).toBe(sha256(path.join(first, name)));
    }
  });

  it('stamps SOURCE_DATE_EPOCH into both editions, else the article date, and says which', async () => {
    const out = tempDir();
    expect(runCli(['build', seedManuscript, '--out', out], { SOURCE_DATE_EPOCH: '1700000000', GALLEY_CACHE_DIR: tempDir() }).status).toBe(0);
    const epochPdf = readFileSync(path.join(out, 'mattis-russia-nato.pdf'), 'latin1');
    expect(epochPdf).toContain('/CreationDate (D:20231114221320Z');
    const plain = tempDir();
    expect(runCli(['build', seedManuscript, '--out', plain], { GALLEY_CACHE_DIR: tempDir() }).status).toBe(0);
    expect(readFileSync(path.join(plain, 'mattis-russia-nato.pdf'), 'latin1')).toContain('/CreationDate (D:20170216120000Z');

    // The colophon of either edition calls the date what it is, never a build date.
    const colophon = async (dir: string) => {
      const pdf = normalize(pdfText(path.join(dir, 'mattis-russia-nato.pdf')));
      const epub = texts(parseHtml(await entryText(await openEpub(path.join(dir, 'mattis-russia-nato.epub')), 'OEBPS/colophon.xhtml')), '.colophon').join(' ');
      return [pdf, epub];
    };
    for (const text of await colophon(out)) {
      expect(text).toContain('dated November 14, 2023, the date of its sources');
      expect(text).not.toMatch(/\bbuilt\b/);
    }
    for (const text of await colophon(plain)) {
      expect(text).toContain('dated February 16, 2017, the day the article was first published');
      expect(text).not.toMatch(/\bbuilt\b/);
    }
  });
});

describe('incremental builds', () => {
  // One manuscript built once; each case first brings it to the state it
  // starts from (a build with its options, which rebuilds only what another
  // case left otherwise), so the cases hold in any order and alone.
  let work: string;
  let out: string;
  let cache: string;
  let manuscript: string;

  beforeAll(() => {
    work = tempDir();
    [manuscript] = makeCorpus(seedManuscript, path.join(work, 'corpus'), 1) as [string];
    out = path.join(work, 'out');
    cache = path.join(work, 'cache');
  });

  const build = (...args: string[]) => runCli(['build', manuscript, '--out', out, ...args], { GALLEY_CACHE_DIR: cache });
  const settle = (...args: string[]): void => {
    const result = build(...args);
    expect(result.status, result.stderr).toBe(0);
    expect(build(...args).stdout, 'a second build with the same options rebuilds nothing').toContain('2 editions unchanged, not rebuilt');
  };
  const mtimes = () => readdirSync(out).sort().map((name) => [name, statSync(path.join(out, name)).mtimeMs]);
  const EPUB = /✓ .*article-0001\.epub/;
  const PDF = /✓ .*article-0001\.pdf/;

  it('does not rebuild what is unchanged', () => {
    settle();
    const before = mtimes();
    const result = build();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 editions unchanged, not rebuilt');
    expect(result.stdout).not.toMatch(EPUB);
    expect(result.stdout).not.toMatch(PDF);
    expect(mtimes()).toEqual(before);
  });

  it('rebuilds when the manuscript or one of its images changes', () => {
    settle();
    appendFileSync(path.join(manuscript, 'article.md'), '\nOne more paragraph.\n');
    let result = build();
    expect(result.stdout).toMatch(EPUB);
    expect(result.stdout).toMatch(PDF);
    appendFileSync(path.join(manuscript, 'images', 'nato-ministers.png'), Buffer.from([0]));
    result = build();
    expect(result.stdout).toMatch(EPUB);
  });

  it('rebuilds both editions when the page size changes: the page list of the e-book follows the print layout', () => {
    settle('--page-size', 'letter');
    const result = build('--page-size', 'a4');
    expect(result.stdout).toMatch(PDF);
    expect(result.stdout).toMatch(EPUB);
  });

  it('rebuilds the PDF alone for a new page size when the e-book has no page list', () => {
    settle('--no-page-list', '--page-size', 'letter');
    const result = build('--no-page-list', '--page-size', '6x9');
    expect(result.stdout).toMatch(PDF);
    expect(result.stdout).not.toMatch(EPUB);
  });

  it('rebuilds everything with --force', () => {
    settle();
    const result = build('--force');
    expect(result.stdout).toMatch(EPUB);
    expect(result.stdout).toMatch(PDF);
  });

  it('ignores a damaged cache and rebuilds, the same editions', () => {
    settle();
    const editions = ['article-0001.epub', 'article-0001.pdf'];
    const before = editions.map((name) => sha256(path.join(out, name)));
    // Every file of the cache: build records, and the fonts and covers worked out before (in folders of their own).
    const files = (readdirSync(cache, { recursive: true }) as string[]).filter((name) => statSync(path.join(cache, name)).isFile());
    expect(files.some((name) => name.startsWith(`fonts${path.sep}`))).toBe(true);
    expect(files.some((name) => name.startsWith(`covers${path.sep}`))).toBe(true);
    for (const name of files) writeFileSync(path.join(cache, name), '{ not json');
    const result = build();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(EPUB);
    expect(result.stdout).toMatch(PDF);
    // Nothing damaged went into them: the cover, fonts and zip entries were made again.
    expect(editions.map((name) => sha256(path.join(out, name)))).toEqual(before);
    expect(build().stdout).toContain('2 editions unchanged');
  });

  it('rebuilds an edition that was deleted or replaced, and only that one', () => {
    settle();
    writeFileSync(path.join(out, 'article-0001.epub'), 'not an epub');
    let result = build();
    expect(result.stdout).toMatch(EPUB);
    expect(result.stdout).not.toMatch(PDF);
    rmSync(path.join(out, 'article-0001.pdf'));
    result = build();
    expect(result.stdout).toMatch(PDF);
    expect(result.stdout).not.toMatch(EPUB);
  });
});

describe('batch builds', () => {
  it('builds a folder of manuscripts with --jobs 2, one line per edition, and leaves no browser profile behind', () => {
    const work = tempDir();
    makeCorpus(seedManuscript, path.join(work, 'corpus'), 5);
    const out = path.join(work, 'out');
    // A temporary folder of the run's own, to look for the browser's profile folder in afterwards.
    const tmp = path.join(work, 'tmp');
    mkdirSync(tmp);
    const result = runCli(['build', path.join(work, 'corpus'), '--out', out, '--jobs', '2'], { GALLEY_CACHE_DIR: path.join(work, 'cache'), TMPDIR: tmp });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('5 manuscripts');
    expect(result.stdout.match(/^✓ .*\.(epub|pdf) /gm)).toHaveLength(10);
    expect(readdirSync(out).filter((name) => /\.(epub|pdf)$/.test(name)).sort()).toEqual(
      ['0001', '0002', '0003', '0004', '0005'].flatMap((n) => [`article-${n}.epub`, `article-${n}.pdf`]),
    );
    expect(readFileSync(path.join(out, 'index.html'), 'utf8').match(/Download PDF/g)).toHaveLength(5);
    // The browser's profile (galley-chromium-<pid>-*) is removed when it closes.
    expect(readdirSync(tmp).filter((name) => name.startsWith('galley-chromium-'))).toEqual([]);
    // No progress bar outside a terminal.
    expect(result.stderr).not.toContain('\r');
  });
});
