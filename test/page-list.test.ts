/**
 * One edition, two forms: the e-book marks where each page of the PDF edition
 * begins. For every page N, the words after the e-book's page-N marker must be
 * the words PDF page N begins with — at every page size.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { ace, entryText, epubcheck, openEpub, runCli, seedManuscript, tempDir } from './helpers.js';
import { findBrowser } from '../src/pdf/browser.js';

/** Letters and digits only, lower case: hyphenation, quotes, spacing and case (CSS capitals) do not count. */
const letters = (text: string): string => (text.normalize('NFC').match(/[\p{L}\p{N}]/gu) ?? []).join('').toLowerCase();

/** The text block of PDF page N: pdftotext, without the running head and the folio. */
function pdfPageText(file: string, page: number, title: string): string {
  const text = spawnSync('pdftotext', ['-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' }).stdout;
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && line.trim() !== title && !/^page \d+ of \d+$/.test(line.trim()))
    .join(' ');
}

function pageCount(file: string): number {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

/** The e-book's text from the page-N marker on, across the following pages of the spine. */
async function textAfterMarker(zip: JSZip, page: number): Promise<string | undefined> {
  const spine = ['titlepage.xhtml', 'article.xhtml', 'credits.xhtml', 'colophon.xhtml'];
  for (const [index, name] of spine.entries()) {
    const xhtml = await entryText(zip, `OEBPS/${name}`);
    const marker = xhtml.indexOf(`id="page-${page}"`);
    if (marker < 0) continue;
    let rest = xhtml.slice(xhtml.indexOf('>', marker) + 1);
    for (const next of spine.slice(index + 1)) rest += await entryText(zip, `OEBPS/${next}`);
    return rest.replace(/<head>[\s\S]*?<\/head>/g, ' ').replace(/<[^>]+>/g, ' ');
  }
  return undefined;
}

const title = 'Mattis: US ‘not in a position to collaborate’ with Russian military';

describe.each(['letter', 'a4', '6x9'])('page list at %s', (pageSize) => {
  // One build per page size, before the cases (never while the file is collected).
  let built: SpawnSyncReturns<string>;
  let epubFile: string;
  let pdfFile: string;
  beforeAll(() => {
    const out = tempDir();
    built = runCli(['build', seedManuscript, '--out', out, '--page-size', pageSize], { GALLEY_CACHE_DIR: tempDir() });
    epubFile = path.join(out, 'mattis-russia-nato.epub');
    pdfFile = path.join(out, 'mattis-russia-nato.pdf');
  });

  it('builds both editions', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).not.toContain('not found in the e-book');
  });

  it('marks the beginning of every PDF page at the same words', async () => {
    const zip = await openEpub(epubFile);
    const pages = pageCount(pdfFile);
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let page = 1; page <= pages; page++) {
      const pdfStart = letters(pdfPageText(pdfFile, page, title)).slice(0, 40);
      const epubText = await textAfterMarker(zip, page);
      expect(epubText, `page ${page} has a marker`).toBeDefined();
      const epubLetters = letters(epubText!);
      // A page that begins inside a hyphenated word is marked before that word.
      const firstWord = letters(epubText!.trim().split(/\s+/)[0] ?? '');
      const at = epubLetters.indexOf(pdfStart);
      expect(at, `page ${page}: PDF begins "${pdfStart}", e-book marker is followed by "${epubLetters.slice(0, 60)}"`).toBeGreaterThanOrEqual(0);
      expect(at).toBeLessThanOrEqual(Math.max(0, firstWord.length - 1));
    }
  });

  it('hyphenates no word across two pages', () => {
    for (let page = 1; page < pageCount(pdfFile); page++) {
      const lines = pdfPageText(pdfFile, page, title).trim();
      expect(lines, `page ${page} ends inside a hyphenated word`).not.toMatch(/\p{Ll}[-\u00AD]$/u);
    }
  });

  it('ends no more than two lines in a row with a hyphen', () => {
    // Lines as printed (-layout: otherwise pdftotext joins hyphenated words);
    // blank lines (paragraph and page gaps) do not break a run.
    const lines = spawnSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' }).stdout.split('\n').filter((line) => line.trim() !== '');
    let run = 0;
    let longest = 0;
    let where = '';
    for (const line of lines) {
      run = /\p{L}-$/u.test(line.trim()) ? run + 1 : 0;
      if (run > longest) [longest, where] = [run, line];
    }
    expect(lines.filter((line) => /\p{L}-$/u.test(line.trim())).length, 'the text is hyphenated at all').toBeGreaterThan(3);
    expect(longest, `a run of ${longest} hyphenated lines ends at "${where}"`).toBeLessThanOrEqual(2);
  });

  it('has a page list, page-break markers and names the PDF edition as their source', async () => {
    const zip = await openEpub(epubFile);
    const nav = await entryText(zip, 'OEBPS/toc.xhtml');
    const entries = [...nav.matchAll(/<a href="[a-z]+\.xhtml#page-(\d+)">(\d+)<\/a>/g)].map((m) => Number(m[2]));
    expect(entries).toEqual(Array.from({ length: pageCount(pdfFile) }, (_, i) => i + 1));
    expect(nav).toContain('epub:type="page-list"');
    const opf = await entryText(zip, 'OEBPS/content.opf');
    const pdfId = /<dc:identifier>(urn:uuid:[^<]+)<\/dc:identifier>/.exec(spawnSync('pdfinfo', ['-meta', pdfFile], { encoding: 'utf8' }).stdout)?.[1];
    expect(pdfId).toMatch(/^urn:uuid:/);
    expect(opf).toContain(`<dc:source id="print-edition">${pdfId}</dc:source>`);
    expect(opf).toContain('<meta refines="#print-edition" property="source-of">pagination</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">pageBreakMarkers</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">pageNavigation</meta>');
  });

  it('names the print page of the photo in both editions', async () => {
    const zip = await openEpub(epubFile);
    expect((await entryText(zip, 'OEBPS/credits.xhtml')).replace(/<[^>]+>/g, '')).toMatch(/Figure 1\s*, page 1:/);
    expect(spawnSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }).stdout).toMatch(/Figure 1, page 1/);
  });

  it('still passes EPUBCheck and Ace', () => {
    const result = epubcheck(epubFile);
    expect({ errors: result.errors, warnings: result.warnings }, result.output).toEqual({ errors: 0, warnings: 0 });
    expect(ace(epubFile, findBrowser().path)).toEqual([]);
    // As long as the two validators may take by their own timeouts (120 s and 180 s): at load 30 on two
    // cores this took 126-141 s, over the 120 s every test gets, for about 20 s of work on a quiet machine.
  }, 300_000);
});

describe('page list with notes, tables and figures', () => {
  it('keeps the e-book valid when page breaks fall anywhere', () => {
    const out = tempDir();
    const manuscript = path.join(path.dirname(seedManuscript), '..', 'test', 'fixtures', 'good', 'notes-and-tables');
    const result = runCli(['build', manuscript, '--out', out, '--page-size', '6x9'], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    const check = epubcheck(path.join(out, 'notes-and-tables.epub'));
    expect({ errors: check.errors, warnings: check.warnings }, check.output).toEqual({ errors: 0, warnings: 0 });
    // As long as the build and EPUBCheck may take by their own timeouts (180 s and 120 s): 136 s at load 30.
  }, 300_000);

  it('leaves the page list, the page markers and the print edition out when asked to', async () => {
    const out = tempDir();
    const result = runCli(['epub', seedManuscript, '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('print pages');
    const zip = await openEpub(path.join(out, 'mattis-russia-nato.epub'));
    expect(await entryText(zip, 'OEBPS/toc.xhtml')).not.toContain('page-list');
    expect(await entryText(zip, 'OEBPS/article.xhtml')).not.toMatch(/id="page-\d+"/);
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect(opf).not.toContain('print-edition');
    expect(opf).not.toContain('pageBreakMarkers');
  });
});

describe('page list where a printed page opens with the last part of the credits', () => {
  // German and Arabic at letter: page 3 opens with "Rights" and runs on into the colophon, which
  // has a heading in the e-book only; the Arabic colophon's lines mix scripts and come back from
  // the print in the order they are drawn.
  const names = ['words-de', 'words-ar'];
  let built: SpawnSyncReturns<string>;
  let out: string;
  beforeAll(() => {
    out = tempDir();
    const fixtures = names.map((name) => path.join(path.dirname(seedManuscript), '..', 'test', 'fixtures', 'good', name));
    built = runCli(['build', ...fixtures, '--out', out, '--page-size', 'letter'], { GALLEY_CACHE_DIR: tempDir() });
  }, 300_000);

  it.each(names)('%s: marks that page before the part\'s heading in the credits, not in the colophon', async (name) => {
    expect(built.status, built.stderr).toBe(0);
    const zip = await openEpub(path.join(out, `${name}.epub`));
    const credits = await entryText(zip, 'OEBPS/credits.xhtml');
    const heading = /<h3>([^<]+)<\/h3>\s*<p class="rights">/.exec(credits)?.[1];
    expect(heading, credits).toBeDefined();
    // The PDF page whose first line (after the running head) is that heading.
    const pdfFile = path.join(out, `${name}.pdf`);
    const opening = Array.from({ length: pageCount(pdfFile) }, (_, index) => index + 1).filter((page) => {
      const lines = spawnSync('pdftotext', ['-f', String(page), '-l', String(page), pdfFile, '-'], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((line) => letters(line) !== '');
      return lines.slice(0, 2).some((line) => letters(line) === letters(heading!));
    });
    expect(opening, 'the fixture no longer has a page that opens with the credits\' last part').toHaveLength(1);
    const page = opening[0]!;
    expect(credits).toContain(`<span epub:type="pagebreak" role="doc-pagebreak" id="page-${page}" aria-label="${page}" /><h3>${heading}</h3>`);
    expect(await entryText(zip, 'OEBPS/colophon.xhtml')).not.toContain('pagebreak');
    expect(await entryText(zip, 'OEBPS/toc.xhtml')).toContain(`href="credits.xhtml#page-${page}"`);
  });
});
