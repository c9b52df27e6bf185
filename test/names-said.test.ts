/**
 * Who a manuscript names is said where a reader looks. The publisher (front
 * matter `publisher`, a collection's collection.yaml) in the text of both
 * editions: the article's title block and the colophon, not only in the
 * package's dc:publisher and the cover's pixels. A collection's editors on
 * its download-page entry, under a lead that speaks of articles, not "the
 * article". One build of an article with a publisher, one without and a
 * collection with both; then the collection alone on a page of its own.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);

describe('publisher and editors', () => {
  const out = tempDir('galley-publisher-');
  const alone = tempDir('galley-publisher-alone-');
  const single = tempDir('galley-publisher-single-');
  let builtAlone: SpawnSyncReturns<string>;
  let builtSingle: SpawnSyncReturns<string>;
  const work = tempDir('galley-publisher-src-');
  let built: SpawnSyncReturns<string>;
  const zips = new Map<string, JSZip>();

  beforeAll(async () => {
    // A collection of its own (the fixtures' collections name no publisher), of two fixtures.
    const weekly = path.join(work, 'weekly');
    mkdirSync(weekly);
    writeFileSync(
      path.join(weekly, 'collection.yaml'),
      `title: "A harbour week"\ndate: 2024-11-03\nlanguage: en\neditors: ["Rita Example", "Bo Sample"]\npublisher: "Quayside Collections"\narticles:\n  - ${good('unseen-short')}\n  - ${good('unseen-title-only')}\n`,
    );
    const cache = tempDir();
    built = runCli(['build', good('unseen-short'), good('unseen-title-only'), weekly, '--out', out], { GALLEY_CACHE_DIR: cache });
    // The same collection alone (its editions from the cache): a page of one entry, a collection.
    builtAlone = runCli(['build', weekly, '--out', alone], { GALLEY_CACHE_DIR: cache });
    // And one article alone: a page of one article.
    builtSingle = runCli(['build', good('unseen-short'), '--out', single], { GALLEY_CACHE_DIR: cache });
    if (built.status === 0) for (const name of ['unseen-short', 'unseen-title-only', 'weekly']) zips.set(name, await openEpub(path.join(out, `${name}.epub`)));
  }, 300_000);

  it('builds', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(builtAlone.status, builtAlone.stderr).toBe(0);
    expect(builtSingle.status, builtSingle.stderr).toBe(0);
  });

  it("names the article's publisher on the e-book's title page and in its colophon", async () => {
    const zip = zips.get('unseen-short')!;
    const titlepage = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    expect(texts(titlepage, '.titlepage .meta .publisher')).toEqual(['Sample Harbour Press']);
    const colophon = parseHtml(await entryText(zip, 'OEBPS/colophon.xhtml'));
    expect(texts(colophon, '.colophon p.publisher').map(normalize)).toEqual(['Published by Sample Harbour Press.']);
  });

  it("names the article's publisher in the PDF's title block and colophon", () => {
    const pages = pdfText(path.join(out, 'unseen-short.pdf')).split('\f').map(normalize);
    // The title block on page 1 (with the date), the colophon on the last page.
    expect(pages[0]).toMatch(/Sample Harbour Press · September 2, 2024/);
    expect(pages.filter((page) => page.includes('Published by Sample Harbour Press.'))).toHaveLength(1);
    expect(pages.join(' ').match(/Sample Harbour Press/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('says nothing of a publisher when the manuscript names none', async () => {
    const zip = zips.get('unseen-title-only')!;
    expect(texts(parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml')), '.publisher')).toEqual([]);
    expect(texts(parseHtml(await entryText(zip, 'OEBPS/colophon.xhtml')), '.publisher')).toEqual([]);
    expect(pdfText(path.join(out, 'unseen-title-only.pdf'))).not.toMatch(/Published by/);
  });

  it("names a collection's publisher in its colophon, and each article's own on its title block", async () => {
    const zip = zips.get('weekly')!;
    const colophon = parseHtml(await entryText(zip, 'OEBPS/colophon.xhtml'));
    expect(texts(colophon, '.colophon p.publisher').map(normalize)).toEqual(['Published by Quayside Collections.']);
    const text = normalize(pdfText(path.join(out, 'weekly.pdf')));
    expect(text).toContain('Published by Quayside Collections.');
    expect(text).toContain('Sample Harbour Press');
  });

  it("names a collection's editors on its download-page entry, in the page's words", () => {
    for (const dir of [out, alone]) {
      const page = parseHtml(readFileSync(path.join(dir, 'index.html'), 'utf8'));
      expect(texts(page, '.entry-head .meta .editors').map(normalize)).toEqual(['Edited by Rita Example and Bo Sample']);
    }
  });

  it('leads a page of a collection or of several entries with the articles, a page of one article with the article', () => {
    const lead = (dir: string): string => normalize(texts(parseHtml(readFileSync(path.join(dir, 'index.html'), 'utf8')), '.masthead .intro')[0] ?? '');
    expect(lead(out)).toMatch(/^Take the articles with you: /);
    expect(lead(alone)).toMatch(/^Take the articles with you: /);
    expect(lead(single)).toMatch(/^Take the article with you: /);
  });
});
