/**
 * galley's own words in Persian and Hindi (templates/words/fa.json,
 * hi.json): a fictional article in each (test/fixtures/good/words-fa,
 * words-hi: two authors, a photo with a licence, a map, a table, a note, a
 * first publication, a wire service, a source quoted and a rights holder),
 * built to both editions and its own download page with the real CLI. Each
 * word galley prints is looked for where it stands, as the language's table
 * says it, and no English word of galley's is left; Persian's own numbers
 * (a figure's, a page's, a note's, the running foot's) are in Persian
 * digits, as its dates and notes are, and its colophon's date is one
 * unbroken line's run. Before these tables both articles' editions said
 * "By", "Notes", "Sources and credits" and their colophons in English.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { visit } from 'unist-util-visit';
import { toString } from 'hast-util-to-string';
import { entryText, epubcheckAsync, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const CASES = [
  { name: 'words-fa', language: 'fa', authors: ['لیلا نمونه', 'سامان مثال'], digits: '۰۱۲۳۴۵۶۷۸۹', dir: 'rtl' },
  { name: 'words-hi', language: 'hi', authors: ['अनीता उदाहरण', 'राहुल नमूना'], digits: '0123456789', dir: 'ltr' },
] as const;
type Case = (typeof CASES)[number];

type Word = string | Record<string, string>;
const table = (name: string): Record<string, Word> => JSON.parse(readFileSync(path.join(repoRoot, 'templates', 'words', `${name}.json`), 'utf8')) as Record<string, Word>;
const english = table('en');

/** A number in the case's digits. */
const digitsIn = (c: Case, n: number | string): string => String(n).replace(/[0-9]/g, (d) => c.digits[Number(d)]!);

/** A case's word, as its table says it, with its placeholders filled (numbers in its digits). */
function say(c: Case, key: string, fill: Record<string, string | number> = {}): string {
  const word = table(c.language)[key] ?? english[key]!;
  const text = typeof word === 'string' ? word : word.other!;
  return text.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => (typeof fill[name] === 'number' ? digitsIn(c, fill[name]) : String(fill[name])));
}

/** Text as poppler gives it, without the bidi marks it adds around right-to-left runs. */
const plain = (text: string): string => normalize(text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''));
/** Without white space: poppler breaks lines and sets a right-to-left line's runs in an order of its own. */
const squash = (text: string): string => plain(text).replace(/\s+/g, '');
/** The words of a right-to-left text, each to be found in poppler's (which orders a line's runs its own way); a left-to-right text whole. */
const parts = (c: Case, text: string): string[] => (c.dir === 'rtl' ? plain(text).split(/[\s،:.,؛]+/).filter(Boolean) : [text]);

/** English words of galley's (four letters or more, between placeholders) that a case's table never says. */
function englishLeftovers(c: Case): string[] {
  const theirs = JSON.stringify(table(c.language));
  return Object.entries(english)
    .filter(([key, word]) => key !== '//' && typeof word === 'string')
    .flatMap(([, word]) => (word as string).split(/\{[A-Za-z]+\}/).map((part) => part.trim()))
    .filter((part) => /[A-Za-z]{4,}/.test(part) && !theirs.includes(part));
}

/** Whether `text` has `word` as a word of its own. */
const hasWord = (text: string, word: string): boolean => new RegExp(`(?<!\\p{L})${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u').test(text);

/** What a reader of a page gets: its text, and its alt, title, aria-label and content attributes. */
function readerText(markup: string): string {
  const tree = parseHtml(markup);
  const said: string[] = [toString(tree)];
  visit(tree, 'element', (node) => {
    for (const name of ['alt', 'title', 'ariaLabel', 'content']) {
      const value = node.properties[name];
      if (typeof value === 'string') said.push(value);
    }
  });
  return said.join('\n');
}

function pdfPages(file: string): string[] {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  return Array.from({ length: pages }, (_, i) => spawnSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).stdout);
}

/** The day of the fixtures (2024-03-14) as the language writes it, in its calendar and digits. */
const dayIn = (c: Case): string => new Intl.DateTimeFormat(c.language, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 2, 14)));

describe('galley’s words in Persian and Hindi', () => {
  const out = tempDir('galley-words-fa-hi-');
  let built: SpawnSyncReturns<string>;
  const zips = new Map<string, JSZip>();
  const pages = new Map<string, string[]>();
  const sites = new Map<string, string>();

  beforeAll(async () => {
    const cache = tempDir();
    built = runCli(['build', ...CASES.map((c) => good(c.name)), '--out', out], { GALLEY_CACHE_DIR: cache });
    if (built.status !== 0) return;
    for (const c of CASES) {
      zips.set(c.name, await openEpub(path.join(out, `${c.name}.epub`)));
      pages.set(c.name, pdfPages(path.join(out, `${c.name}.pdf`)));
      const own = path.join(out, 'sites', c.name);
      mkdirSync(own, { recursive: true });
      for (const kind of ['epub', 'pdf']) cpSync(path.join(out, `${c.name}.${kind}`), path.join(own, `${c.name}.${kind}`));
      const site = runCli(['site', good(c.name), '--out', own], { GALLEY_CACHE_DIR: cache });
      sites.set(c.name, site.status === 0 ? readFileSync(path.join(own, 'index.html'), 'utf8') : `galley site failed: ${site.stderr}`);
    }
  }, 400_000);

  it('builds every edition, warning of nothing but missing hyphenation patterns (no "galley has no words")', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr.split('\n').filter((line) => /warning|error/.test(line) && !/no hyphenation patterns/.test(line))).toEqual([]);
  });

  it.each(CASES)('$name: the e-book’s navigation, landmarks, page titles and accessibility summary', async (c) => {
    const zip = zips.get(c.name)!;
    const nav = parseHtml(await entryText(zip, 'OEBPS/toc.xhtml'));
    expect(texts(nav, 'title')).toEqual([normalize(say(c, 'contents'))]);
    expect(texts(nav, '#toc-heading')).toEqual([normalize(say(c, 'contents'))]);
    const headline = texts(parseHtml(await entryText(zip, 'OEBPS/article.xhtml')), 'h1.article-title')[0]!;
    expect(texts(nav, 'nav#toc > ol > li > a')).toEqual([say(c, 'titlepage'), headline, say(c, 'credits'), say(c, 'colophon')].map(normalize));
    expect(texts(nav, '#landmarks-heading')).toEqual([normalize(say(c, 'landmarks'))]);
    expect(texts(nav, 'nav#landmarks a')).toEqual([say(c, 'cover'), say(c, 'titlepage'), say(c, 'article'), say(c, 'credits'), say(c, 'colophon')].map(normalize));
    expect(texts(nav, '#page-list-heading')).toEqual([normalize(say(c, 'pageList'))]);
    for (const [file, key] of [['cover', 'cover'], ['titlepage', 'titlepage'], ['credits', 'credits'], ['colophon', 'colophon']] as const) {
      const markup = await entryText(zip, `OEBPS/${file}.xhtml`);
      expect(texts(parseHtml(markup), 'title'), file).toEqual([normalize(say(c, key))]);
      expect(markup, file).toContain(`xml:lang="${c.language}"`);
      // Words of the language's own: none is marked English (a typeface's copyright notice is).
      expect(markup.match(/lang="en"[^>]*>(?!Copyright)/g) ?? [], file).toEqual([]);
    }
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect(opf).toContain(`<reference type="cover" title="${say(c, 'cover')}" href="cover.xhtml" />`);
    const summary = /<meta property="schema:accessibilitySummary">([^<]*)<\/meta>/.exec(opf)![1]!;
    expect(summary).toBe([say(c, 'accessibility'), say(c, 'accessibilityPictures'), say(c, 'accessibilityReaders'), say(c, 'accessibilityPageList')].join(' '));
  });

  it.each(CASES)('$name: the e-book’s byline, notes, table, credits and colophon', async (c) => {
    const zip = zips.get(c.name)!;
    const names = new Intl.ListFormat(c.language, { style: 'long', type: 'conjunction' }).format(c.authors);
    const titlepage = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    expect(texts(titlepage, '.byline')).toEqual([normalize(say(c, 'by', { names }))]);
    expect(texts(titlepage, 'time.date')).toEqual([normalize(dayIn(c))]);

    const markup = await entryText(zip, 'OEBPS/article.xhtml');
    const article = parseHtml(markup);
    expect(texts(article, '.notes-heading')).toEqual([normalize(say(c, 'notes'))]);
    expect(markup).toContain(`aria-label="${say(c, 'noteBack', { n: 1 })}"`);
    expect(markup).toContain(`aria-label="${say(c, 'table', { n: 1 })}"`);

    const credits = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    expect(texts(credits, 'h2')).toEqual([normalize(say(c, 'credits'))]);
    expect(texts(credits, 'h3')).toEqual(['pictures', 'originalPublication', 'agencyMaterial', 'sourcesQuoted', 'rights'].map((key) => normalize(say(c, key))));
    expect(texts(credits, '.credit-figure')).toEqual([normalize(say(c, 'figure', { n: 1 })), normalize(say(c, 'figure', { n: 2 }))]);
    const items = texts(credits, '.credit-list > li');
    // The photo is on the first printed page, the map on the second.
    expect(items[0]!.startsWith(normalize(say(c, 'figureOnPage', { figure: say(c, 'figure', { n: 1 }), page: 1 }))), items[0]).toBe(true);
    expect(items[1]!.startsWith(normalize(say(c, 'figureOnPage', { figure: say(c, 'figure', { n: 2 }), page: 2 }))), items[1]).toBe(true);
    const lines = texts(credits, '.credit-list .credit-line');
    expect(lines[0]!.startsWith(normalize(say(c, 'creditLine', { label: say(c, 'photo'), line: '' })))).toBe(true);
    expect(lines[0]!.endsWith(normalize(say(c, 'licence', { licence: 'CC BY 4.0' })))).toBe(true);
    expect(lines[1]!.startsWith(normalize(say(c, 'creditLine', { label: say(c, 'map'), line: '' })))).toBe(true);
    const source = readFileSync(path.join(good(c.name), 'article.md'), 'utf8');
    const wire = /wire: \["(.*)"\]/.exec(source)![1]!;
    expect(texts(credits, '.wire-note')).toEqual([normalize(say(c, 'includesMaterialFrom', { agencies: wire }))]);

    const colophonMarkup = await entryText(zip, 'OEBPS/colophon.xhtml');
    const colophon = parseHtml(colophonMarkup);
    expect(texts(colophon, 'h2')).toEqual([normalize(say(c, 'colophon'))]);
    const said = texts(colophon, 'p').join('\n');
    expect(said).toContain(normalize(say(c, 'setIn', { family: 'Literata' })));
    expect(said).toContain(normalize(say(c, 'madeWith', { version: '0.1.0' })).split('0.1.0')[0]!.trim());
    expect(texts(colophon, 'time')).toEqual([normalize(dayIn(c))]);
    const identifier = texts(colophon, '.identifier')[0]!;
    expect(said).toContain(normalize(say(c, 'editionArticle', { identifier, date: dayIn(c) })));
    // The colophon's paragraphs take their direction from their words, the language's own; a typeface's copyright
    // notice, English, is marked so and isolated, its full stop its own.
    expect(colophonMarkup).not.toMatch(/<p[^>]* lang="en"/);
    expect(colophonMarkup).toContain('<span lang="en" xml:lang="en" dir="ltr" aria-atomic="false">Copyright 2017 The Literata Project Authors (https://<wbr />github.com/<wbr />googlefonts/<wbr />literata).</span>');
  });

  it.each(CASES)('$name: no English word of galley’s is left in the e-book', async (c) => {
    const zip = zips.get(c.name)!;
    const files = Object.keys(zip.files).filter((name) => /\.(xhtml|opf)$/.test(name));
    const text = (await Promise.all(files.map(async (name) => readerText(await entryText(zip, name))))).join('\n');
    expect(englishLeftovers(c).filter((word) => hasWord(text, word))).toEqual([]);
  });

  it.each(CASES)('$name: the PDF’s running foot, credits and colophon, in the language’s words and digits', (c) => {
    const printed = pages.get(c.name)!;
    expect(printed.length).toBeGreaterThan(1);
    const expectSaid = (text: string, words: string, what: string): void => {
      for (const part of parts(c, words)) expect(squash(text), what).toContain(squash(part));
    };
    // poppler reads a page of mostly Latin lines (the colophon's, with its typefaces' copyright) left to right, and sets
    // the ezafe's hamza (صفحهٔ) of a right-to-left run apart from its word there; pdf.js reads it whole. The foot is
    // looked for without it on such a page.
    for (const [index, text] of printed.entries()) {
      const fold = (words: string): string => (/ٔ\u202b/u.test(text) ? words.replace(/\u0654/gu, '') : words);
      expectSaid(fold(text), fold(say(c, 'runningFoot', { page: index + 1, pages: printed.length })), `page ${index + 1}`);
    }
    const all = printed.join('\n');
    for (const key of ['credits', 'pictures', 'originalPublication', 'agencyMaterial', 'sourcesQuoted', 'rights', 'notes']) expectSaid(all, say(c, key), key);
    expectSaid(all, say(c, 'figureOnPage', { figure: say(c, 'figure', { n: 2 }), page: 2 }), 'figure');
    expectSaid(all, say(c, 'creditLine', { label: say(c, 'map'), line: '' }), 'map');
    expectSaid(all, say(c, 'setIn', { family: 'Literata' }), 'setIn');
    // The colophon's date, on the last page, as the title block writes it, its words on one line.
    const last = printed.at(-1)!;
    expect(plain(last).split('\n').some((line) => parts(c, dayIn(c)).every((part) => line.includes(part))), last).toBe(true);
    expect(all).not.toContain('2024-03-14');
    expect(englishLeftovers(c).filter((word) => hasWord(all, word))).toEqual([]);
    if (c.language === 'fa') {
      // galley's numbers in Persian digits: no Latin digit outside the typefaces' copyright, the edition's identifier and galley's version.
      const latin = plain(all)
        .split('\n')
        .filter((line) => /[0-9]/.test(line) && !/Copyright|https?:|License|urn:uuid|galley \d/.test(line));
      expect(latin).toEqual([]);
    }
    const fonts = spawnSync('pdffonts', [path.join(out, `${c.name}.pdf`)], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
    for (const font of fonts) expect(font, c.name).toMatch(/^[A-Z]{6}\+(Literata|Amiri|NotoSerif)\S* .* yes yes yes/);
  });

  it.each(CASES)('$name: its own download page speaks its language', (c) => {
    const html = sites.get(c.name)!;
    expect(html).toContain(`<html lang="${c.language}"`);
    const page = parseHtml(html);
    const headline = texts(page, 'h2.entry-title')[0]!;
    expect(texts(page, 'title')).toEqual([normalize(say(c, 'siteTitleOne', { title: headline }))]);
    expect(texts(page, 'h1')).toEqual([normalize(say(c, 'siteHeading'))]);
    expect(texts(page, '.download-label')).toEqual([normalize(say(c, 'printEdition')), normalize(say(c, 'ebook'))]);
    expect(texts(page, '.sources h3')).toEqual([normalize(say(c, 'credits'))]);
    // Each picture's number in the language's digits ("عکس ۱").
    expect(texts(page, '.source-kind').slice(0, 2)).toEqual([`${say(c, 'photo')} ${digitsIn(c, 1)}`, `${say(c, 'map')} ${digitsIn(c, 2)}`]);
    expect(texts(page, '.site-footer h2')).toEqual([normalize(say(c, 'checking'))]);
    expect(texts(page, 'dt')[0]).toBe(normalize(say(c, 'file')));
    expect(englishLeftovers(c).filter((word) => hasWord(readerText(html), word))).toEqual([]);
  });

  it('EPUBCheck finds nothing in either e-book', async () => {
    expect(built.status, built.stderr).toBe(0);
    for (const c of CASES) {
      const result = await epubcheckAsync(path.join(out, `${c.name}.epub`));
      expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
    }
  }, 300_000);
});
