/**
 * A collection of articles unlike its own pages. Its faces: one set for the
 * whole edition, which must draw what every article prints as that article
 * alone would. Its quotes of an article in another language (a Hebrew
 * article in an English book): the headline, dek and names carry that
 * language and its direction wherever the collection quotes them. The fixture
 * binds a note with code and a note in Hebrew under an English collection;
 * it is built by the CLI and read back (pdffonts, pdftotext with word boxes,
 * the unzipped e-book, the download page, the cover's markup, EPUBCheck).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverInputOf, coverMarkup } from '../src/cover.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { entryText, epubcheck, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';
import { pdfText, pdfWordBoxes, run } from './pdf-helpers.js';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-faces');

let out: string;
let pdf: string;
let epub: string;
let zip: JSZip;

beforeAll(() => {
  out = tempDir('galley-collection-faces-');
  const result = runCli(['build', FIXTURE, '--out', out]);
  expect(result.status, result.stderr).toBe(0);
  pdf = path.join(out, 'collection-faces.pdf');
  epub = path.join(out, 'collection-faces.epub');
}, 180_000);

beforeAll(async () => {
  zip = await openEpub(epub);
});

/** The base names of the fonts a PDF's pages embed (pdffonts), without the subset tag; `page` for one page only. */
function embeddedFaces(file: string, page?: number): string[] {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return run('pdffonts', [...range, file])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
}

/** The PDF page (from 1) whose text holds `words`. */
function pageWith(file: string, words: string): number {
  const index = pdfText(file).split('\f').findIndex((page) => normalize(page).includes(words));
  expect(index, `no page of ${file} holds "${words}"`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('a collection whose article has code', () => {
  it('sets the code in JetBrains Mono in the PDF, on the article\'s page, as the article alone does', () => {
    const page = pageWith(pdf, 'The new one calls');
    expect(embeddedFaces(pdf, page)).toContain('JetBrainsMono-Regular');
    // The article's own text stays in the text face.
    expect(embeddedFaces(pdf, page)).toContain('Literata-Regular');
  });

  it('ships JetBrains Mono in the e-book, declared in its style sheet', async () => {
    const fonts = Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/fonts/'));
    expect(fonts.filter((name) => /jetbrains-mono-latin-400-normal.*\.ttf$/.test(name))).toHaveLength(1);
    expect(fonts).toContain('OEBPS/fonts/JetBrains-Mono-LICENSE.txt');
    const css = (await Promise.all(Object.keys(zip.files).filter((name) => name.endsWith('.css')).map((name) => entryText(zip, name)))).join('\n');
    expect(css).toMatch(/@font-face \{ font-family: "JetBrains Mono"; font-weight: 400; font-style: normal;/);
  });

  it('names JetBrains Mono and the Hebrew face in the colophon of both editions', async () => {
    const colophon = normalize(await entryText(zip, 'OEBPS/colophon.xhtml'));
    expect(colophon).toContain('Code set in JetBrains Mono.');
    expect(colophon).toContain('Noto Serif Hebrew');
    const printed = normalize(pdfText(pdf));
    expect(printed).toContain('Code set in JetBrains Mono.');
    expect(printed).toContain('Noto Serif Hebrew');
  });

  it('passes EPUBCheck with no errors or warnings', () => {
    const result = epubcheck(epub);
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  }, 180_000);
});

const reversed = (text: string): string => [...text].reverse().join('');

describe('a collection quoting a Hebrew article in an English book', () => {
  const HEADLINE = 'ועידת הטכנולוגיה של העיר';

  it('sets the Hebrew entry of the PDF\'s contents right to left: the first word of its dek and headline rightmost, at the text block\'s right edge', () => {
    const page = pageWith(pdf, 'Contents');
    // Each line's words (a word of a right-to-left line as drawn: its letters reversed).
    const lines = pdfWordBoxes(pdf, { first: page, last: page })[0]!.lines.map((line) => line.words);
    // The text block's right edge: where the contents' page numbers end (the running foot, "page 3 of 6", left out).
    const rightEdge = Math.max(...lines.filter((line) => !line.some((word) => word.text === 'page')).flat().map((word) => word.right));
    for (const first of ['כתבה', 'ועידת']) {
      const line = lines.find((candidate) => candidate.some((word) => word.text === reversed(first) || word.text === first))!;
      expect(line, first).toBeDefined();
      const word = line.find((candidate) => candidate.text === reversed(first) || candidate.text === first)!;
      expect(word.right, `${first} is the rightmost word of its line`).toBe(Math.max(...line.map((candidate) => candidate.right)));
      // Set from the right, as far right as the English entry's page number.
      expect(Math.abs(word.right - rightEdge), first).toBeLessThan(2);
    }
  });

  it('marks the e-book\'s contents, navigation and credits with the article\'s lang, xml:lang and dir, and the byline\'s "By" with the book\'s', async () => {
    const contents = await entryText(zip, 'OEBPS/contents.xhtml');
    const entry = /<li class="contents-entry"([^>]*)>\s*<span class="contents-line"><a class="contents-headline" href="article-2.xhtml">([^<]*)<\/a>/.exec(contents);
    expect(entry?.[2]).toBe(HEADLINE);
    expect(entry?.[1]).toBe(' lang="he" xml:lang="he" dir="rtl"');
    expect(contents).toContain('<span class="contents-byline"><span lang="en" xml:lang="en" dir="ltr">By <span lang="he" xml:lang="he" dir="rtl">מרים כץ</span></span></span>');
    // The English article's entry is not marked.
    expect(contents).toMatch(/<li class="contents-entry">\s*<span class="contents-line"><a class="contents-headline" href="article-1.xhtml">/);
    const nav = await entryText(zip, 'OEBPS/toc.xhtml');
    expect(nav).toContain(`<li lang="he" xml:lang="he" dir="rtl"><a href="article-2.xhtml">${HEADLINE}</a>`);
    expect(nav).toContain(`<li lang="he" xml:lang="he" dir="rtl"><a href="credits.xhtml#credits-part-2">${HEADLINE}</a>`);
    const credits = await entryText(zip, 'OEBPS/credits.xhtml');
    expect(credits).toContain(`<h3 id="credits-part-2" class="credits-article-heading" lang="he" xml:lang="he" dir="rtl">${HEADLINE}</h3>`);
  });

  it('names every face of the download page in one footer line, the code face included, with "Made with galley" once', () => {
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const colophons = texts(parseHtml(html), 'footer .colophon');
    expect(colophons).toEqual([expect.stringMatching(/^Set in Literata, Noto Serif Hebrew, and JetBrains Mono \(SIL Open Font License 1\.1\)\. Made with galley \d+\.\d+\.\d+\.$/)]);
    expect(html.match(/Made with galley/g)).toHaveLength(1);
    const css = readFileSync(path.join(out, 'site.css'), 'utf8');
    expect(css).toContain('@font-face { font-family: "JetBrains Mono"; font-weight: 400; font-style: normal; font-display: swap; src: url("fonts/jetbrains-mono-latin-400-normal.woff2")');
    expect(readFileSync(path.join(out, 'fonts', 'jetbrains-mono-latin-400-normal.woff2')).length).toBeGreaterThan(10_000);
  });

  it('gives the download page\'s quotes of the article its dir as well as its lang', () => {
    const page = parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8'));
    const quoted = selectAll('[lang="he"]', page).filter((node) => toString(node).includes(HEADLINE));
    expect(quoted.length).toBeGreaterThanOrEqual(2);
    for (const node of quoted) expect(node.properties.dir, node.tagName).toBe('rtl');
  });

  it('sets the Hebrew cover line in its own direction, from the right', async () => {
    const { document } = await loadManuscript(FIXTURE);
    const markup = coverMarkup(coverInputOf(document));
    expect(markup).toMatch(new RegExp(`<div class="entryhead toright" lang="he" dir="rtl"[^>]*>${HEADLINE}</div>`));
    expect(markup).toMatch(/<div class="entryhead"\s[^>]*>How the desk replaced its publishing script<\/div>/);
  });
});
