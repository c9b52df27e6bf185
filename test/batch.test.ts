/**
 * Reproducible, incremental and batch builds, with the real CLI in separate
 * processes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
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
      expect(text).toContain('dated 2023-11-14, the date of its sources');
      expect(text).not.toMatch(/\bbuilt\b/);
    }
    for (const text of await colophon(plain)) {
      expect(text).toContain('dated 2017-02-16, the day the article was first published');
      expect(text).not.toMatch(/\bbuilt\b/);
    }
  });
});

describe('incremental builds', () => {
  let work: string;
  let out: string;
  let cache: string;
  let manuscript: string;

  beforeAll(() => {
    work = tempDir();
    [manuscript] = makeCorpus(seedManuscript, path.join(work, 'corpus'), 1) as [string];
    out = path.join(work, 'out');
    cache = path.join(work, 'cache');
    const result = runCli(['build', manuscript, '--out', out], { GALLEY_CACHE_DIR: cache });
    expect(result.status, result.stderr).toBe(0);
  });

  const build = (...args: string[]) => runCli(['build', manuscript, '--out', out, ...args], { GALLEY_CACHE_DIR: cache });
  const mtimes = () => readdirSync(out).sort().map((name) => [name, statSync(path.join(out, name)).mtimeMs]);

  it('does not rebuild what is unchanged', () => {
    const before = mtimes();
    const result = build();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('2 editions unchanged, not rebuilt');
    expect(mtimes()).toEqual(before);
  });

  it('rebuilds when the manuscript or one of its images changes', () => {
    const article = path.join(manuscript, 'article.md');
    appendFileSync(article, '\nOne more paragraph.\n');
    let result = build();
    expect(result.stdout).toMatch(/✓ .*article-0001\.epub/);
    expect(result.stdout).toMatch(/✓ .*article-0001\.pdf/);
    const image = path.join(manuscript, 'images', 'nato-ministers.png');
    appendFileSync(image, Buffer.from([0]));
    result = build();
    expect(result.stdout).toMatch(/✓ .*article-0001\.epub/);
  });

  it('rebuilds both editions when the page size changes: the page list of the e-book follows the print layout', () => {
    const result = build('--page-size', 'a4');
    expect(result.stdout).toMatch(/✓ .*article-0001\.pdf/);
    expect(result.stdout).toMatch(/✓ .*article-0001\.epub/);
  });

  it('rebuilds the PDF alone for a new page size when the e-book has no page list', () => {
    expect(build('--no-page-list').status).toBe(0);
    const result = build('--no-page-list', '--page-size', '6x9');
    expect(result.stdout).toMatch(/✓ .*article-0001\.pdf/);
    expect(result.stdout).not.toMatch(/✓ .*article-0001\.epub/);
  });

  it('rebuilds everything with --force', () => {
    const result = build('--force');
    expect(result.stdout).toMatch(/✓ .*article-0001\.epub/);
    expect(result.stdout).toMatch(/✓ .*article-0001\.pdf/);
  });

  it('ignores a damaged cache and rebuilds', () => {
    for (const name of readdirSync(cache)) writeFileSync(path.join(cache, name), '{ not json');
    const result = build();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/✓ .*article-0001\.epub/);
    expect(build().stdout).toContain('2 editions unchanged');
  });

  it('rebuilds an edition that was deleted or replaced', () => {
    writeFileSync(path.join(out, 'article-0001.epub'), 'not an epub');
    expect(build().stdout).toMatch(/✓ .*article-0001\.epub/);
  });
});

describe('batch builds', () => {
  it('builds a folder of manuscripts with a bounded pool and one line per edition', () => {
    const work = tempDir();
    makeCorpus(seedManuscript, path.join(work, 'corpus'), 5);
    const out = path.join(work, 'out');
    const result = runCli(['build', path.join(work, 'corpus'), '--out', out, '--jobs', '2'], { GALLEY_CACHE_DIR: path.join(work, 'cache') });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('5 manuscripts');
    expect(result.stdout.match(/^✓ .*\.(epub|pdf) /gm)).toHaveLength(10);
    expect(readdirSync(out).filter((name) => /\.(epub|pdf)$/.test(name)).sort()).toEqual(
      ['0001', '0002', '0003', '0004', '0005'].flatMap((n) => [`article-${n}.epub`, `article-${n}.pdf`]),
    );
    expect(readFileSync(path.join(out, 'index.html'), 'utf8').match(/Download PDF/g)).toHaveLength(5);
    // One browser for the whole run: no leftover profile, no progress bar outside a terminal.
    expect(result.stderr).not.toContain('\r');
  });
});
