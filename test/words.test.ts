/**
 * galley's own words in the article's language (templates/words/): five
 * fictional articles, in German (de-CH, which falls back to de, with one word
 * given in its front matter), French, Russian, Japanese and Arabic, are built
 * to both editions and the download page. Each word galley prints is looked
 * for where it stands (the e-book's navigation, page titles, credits, notes
 * and colophon; the PDF's text, running foot and fonts; the download page),
 * as its language's table says it, and no English word of galley's is left.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Root } from 'hast';
import { select } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { entryText, epubcheckAsync, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const CASES = [
  { name: 'words-de', language: 'de-CH', table: 'de', own: { pictures: 'Bildnachweis' } },
  { name: 'words-fr', language: 'fr', table: 'fr', own: {} },
  { name: 'words-ru', language: 'ru', table: 'ru', own: {} },
  { name: 'words-ja', language: 'ja', table: 'ja', own: {} },
  { name: 'words-ar', language: 'ar', table: 'ar', own: {} },
] as const;
type Case = (typeof CASES)[number];

type Word = string | Record<string, string>;
const table = (name: string): Record<string, Word> => JSON.parse(readFileSync(path.join(repoRoot, 'templates', 'words', `${name}.json`), 'utf8')) as Record<string, Word>;
const english = table('en');

/** A case's word, as its table (and its front matter) says it, with its placeholders filled. */
function say(c: Case, key: string, fill: Record<string, string | number> = {}, count?: number): string {
  const own = (c.own as Record<string, string>)[key];
  const word = own ?? table(c.table)[key] ?? english[key]!;
  const text = typeof word === 'string' ? word : word[new Intl.PluralRules(c.language).select(count ?? 0)] ?? word.other!;
  return text.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => String(fill[name]));
}

/** Text as poppler gives it, without the bidi marks it adds around right-to-left runs, soft hyphens folded. */
function plain(text: string): string {
  return normalize(text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''));
}

/**
 * Text to look for in poppler's: without white space (letter-spaced capitals come out as "МАТЕРИА ЛЫ", a
 * right-to-left line as "1من") and without Arabic's vowel marks (which it gives in another order).
 */
function squash(text: string): string {
  return plain(text).replace(/\s+/g, '').replace(/[\u064b-\u065f\u0670]/g, '');
}

function pdfPages(file: string): string[] {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  return Array.from({ length: pages }, (_, i) => plain(spawnSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).stdout));
}

/** English words of galley's (four letters or more, between placeholders) that a case's table never says. */
function englishLeftovers(c: Case): string[] {
  const theirs = JSON.stringify(table(c.table));
  return Object.entries(english)
    .filter(([key, word]) => key !== '//' && typeof word === 'string')
    .flatMap(([, word]) => (word as string).split(/\{[A-Za-z]+\}/).map((part) => part.trim()))
    .filter((part) => /[A-Za-z]{4,}/.test(part) && !theirs.includes(part));
}

/** Whether `text` has `word` as a word of its own (not inside "tableOfContents" or "Get-FileHash"). */
function hasWord(text: string, word: string): boolean {
  return new RegExp(`(?<!\\p{L})${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u').test(text);
}

/** What a reader of a page gets: its text, and the words of its alt, title, aria-label and description attributes. */
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

describe("galley's words in the article's language", () => {
  const out = tempDir('galley-words-');
  let built: SpawnSyncReturns<string>;
  const zips = new Map<string, JSZip>();
  const pages = new Map<string, string[]>();
  const sites = new Map<string, string>();
  const collectionOut = tempDir('galley-words-collection-');
  let collectionBuilt: SpawnSyncReturns<string>;

  beforeAll(async () => {
    const cache = tempDir();
    built = runCli(['build', ...CASES.map((c) => good(c.name)), '--out', out], { GALLEY_CACHE_DIR: cache });
    collectionBuilt = runCli(['build', good('words-collection-ru'), '--out', collectionOut], { GALLEY_CACHE_DIR: cache });
    if (built.status !== 0) return;
    for (const c of CASES) {
      zips.set(c.name, await openEpub(path.join(out, `${c.name}.epub`)));
      pages.set(c.name, pdfPages(path.join(out, `${c.name}.pdf`)));
      // A page of one article: in its language (the build's page lists all five, in English).
      const own = path.join(out, 'sites', c.name);
      mkdirSync(own, { recursive: true });
      for (const kind of ['epub', 'pdf']) cpSync(path.join(out, `${c.name}.${kind}`), path.join(own, `${c.name}.${kind}`));
      const site = runCli(['site', good(c.name), '--out', own], { GALLEY_CACHE_DIR: cache });
      if (site.status === 0) sites.set(c.name, readFileSync(path.join(own, 'index.html'), 'utf8'));
      else sites.set(c.name, `galley site failed: ${site.stderr}`);
    }
  }, 400_000);

  it('builds every edition, warning about nothing but missing hyphenation patterns', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr.split('\n').filter((line) => /warning|error/.test(line) && !/no hyphenation patterns/.test(line))).toEqual([]);
  });

  it.each(CASES)('$name: the e-book’s navigation, landmarks and page titles', async (c) => {
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
      const page = parseHtml(await entryText(zip, `OEBPS/${file}.xhtml`));
      expect(texts(page, 'title'), file).toEqual([normalize(say(c, key))]);
      expect(await entryText(zip, `OEBPS/${file}.xhtml`), file).toContain(`xml:lang="${c.language}"`);
    }
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect(opf).toContain(`<reference type="cover" title="${say(c, 'cover')}" href="cover.xhtml" />`);
    const summary = /<meta property="schema:accessibilitySummary">([^<]*)<\/meta>/.exec(opf)![1]!;
    expect(summary).toBe([say(c, 'accessibility'), say(c, 'accessibilityPictures'), say(c, 'accessibilityReaders'), say(c, 'accessibilityPageList')].join(' '));
  });

  it.each(CASES)('$name: the e-book’s title page, notes, credits and colophon', async (c) => {
    const zip = zips.get(c.name)!;
    const source = readFileSync(path.join(good(c.name), 'article.md'), 'utf8');
    const authors = JSON.parse(/^authors: (.*)$/m.exec(source)![1]!) as string[];
    const names = new Intl.ListFormat(c.language, { style: 'long', type: 'conjunction' }).format(authors);
    const titlepage = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    expect(texts(titlepage, '.byline')).toEqual([normalize(say(c, 'by', { names }))]);
    // Russian's one-letter "и" keeps to the name after it, as in the text.
    if (c.name === 'words-ru') expect(await entryText(zip, 'OEBPS/titlepage.xhtml')).toContain('Анна Пример и\u00a0Иван Образцов');
    // The date in the article's language, as Intl writes it.
    const date = new Intl.DateTimeFormat(c.language, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 2, 14)));
    expect(texts(titlepage, 'time.date')).toEqual([normalize(date)]);

    const article = parseHtml(await entryText(zip, 'OEBPS/article.xhtml'));
    expect(texts(article, '.notes-heading')).toEqual([normalize(say(c, 'notes'))]);
    expect(await entryText(zip, 'OEBPS/article.xhtml')).toContain(`aria-label="${say(c, 'noteBack', { n: 1 })}"`);

    const credits = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    expect(texts(credits, 'h2')).toEqual([normalize(say(c, 'credits'))]);
    expect(texts(credits, 'h3')).toEqual(['pictures', 'originalPublication', 'agencyMaterial', 'sourcesQuoted', 'rights'].map((key) => normalize(say(c, key))));
    // The publication's line says where, without saying its heading again (Japanese had 初出 over 初出：…).
    const publication = texts(credits, '.source-publication')[0]!;
    expect(publication.toLocaleLowerCase(c.language)).not.toContain(normalize(say(c, 'originalPublication')).toLocaleLowerCase(c.language));
    const figures = texts(credits, '.credit-figure');
    expect(figures).toEqual([normalize(say(c, 'figure', { n: 1 })), normalize(say(c, 'figure', { n: 2 }))]);
    const items = texts(credits, '.credit-list > li');
    for (const [index, item] of items.entries()) {
      const page = Number(/\d+/.exec(item.slice(figures[index]!.length))![0]);
      expect(item.startsWith(normalize(say(c, 'figureOnPage', { figure: figures[index]!, page }))), item).toBe(true);
    }
    const lines = texts(credits, '.credit-list .credit-line');
    expect(lines[0]!.startsWith(normalize(say(c, 'creditLine', { label: say(c, 'photo'), line: '' })))).toBe(true);
    expect(lines[0]!.endsWith(normalize(say(c, 'licence', { licence: 'CC BY 4.0' })))).toBe(true);
    expect(lines[1]!.startsWith(normalize(say(c, 'creditLine', { label: say(c, 'map'), line: '' })))).toBe(true);
    const wire = /wire: \["(.*)"\]/.exec(source)![1]!;
    expect(texts(credits, '.wire-note')).toEqual([normalize(say(c, 'includesMaterialFrom', { agencies: wire }))]);

    const colophon = parseHtml(await entryText(zip, 'OEBPS/colophon.xhtml'));
    expect(texts(colophon, 'h2')).toEqual([normalize(say(c, 'colophon'))]);
    const said = texts(colophon, 'p').join('\n');
    expect(said).toContain(normalize(say(c, 'setIn', { family: 'Literata' })));
    // A word space between sentences, but none after a full-width stop (。), which is an em wide and carries its own.
    const setIn = say(c, 'setIn', { family: 'Literata' });
    expect(said).toContain(normalize(`${setIn}${/[。！？]$/.test(setIn) ? '' : ' '}Copyright 2017`));
    expect(said).toContain(normalize(say(c, 'madeWith', { version: '0.1.0' })).split('0.1.0')[0]!.trim());
    // The edition's date as the title block writes it, not ISO; the machine-readable one stays ISO.
    expect(texts(colophon, 'time')).toEqual([normalize(date)]);
    expect(await entryText(zip, 'OEBPS/colophon.xhtml')).toContain('<time datetime="2024-03-14T12:00:00Z">');
    const identifier = texts(colophon, '.identifier')[0]!;
    expect(said).toContain(normalize(say(c, 'editionArticle', { identifier, date })));
  });

  it.each(CASES)('$name: no English word of galley’s is left in the e-book', async (c) => {
    const zip = zips.get(c.name)!;
    const files = Object.keys(zip.files).filter((name) => /\.(xhtml|opf)$/.test(name));
    const text = (await Promise.all(files.map(async (name) => readerText(await entryText(zip, name))))).join('\n');
    const left = englishLeftovers(c).filter((word) => hasWord(text, word));
    expect(left).toEqual([]);
  });

  it.each(CASES)('$name: the PDF’s running foot, credits and colophon; only shipped faces', (c) => {
    const printed = pages.get(c.name)!;
    expect(printed.length).toBeGreaterThan(1);
    // poppler gives a right-to-left line's words, numbers and stops in another order: each word, then.
    const parts = (text: string): string[] => (c.name === 'words-ar' ? plain(text).split(/[\s،:.,]+/).filter(Boolean) : [text]);
    const expectSaid = (printedText: string, text: string, what: string) => {
      for (const part of parts(text)) expect(squash(printedText).toLocaleUpperCase(c.language), what).toContain(squash(part).toLocaleUpperCase(c.language));
    };
    for (const [index, text] of printed.entries()) expectSaid(text, say(c, 'runningFoot', { page: index + 1, pages: printed.length }), `page ${index + 1}`);
    const all = printed.join('\n');
    // The credits' headings are set in capitals (print.css): compared in capitals.
    for (const key of ['credits', 'pictures', 'agencyMaterial', 'sourcesQuoted']) expectSaid(all, say(c, key), key);
    expectSaid(all, say(c, 'figure', { n: 2 }), 'figure');
    expectSaid(all, say(c, 'creditLine', { label: say(c, 'map'), line: '' }), 'map');
    expectSaid(all, say(c, 'setIn', { family: 'Literata' }), 'setIn');
    // The colophon (on the last page) dates the edition as the title block does, never in ISO.
    const date = new Intl.DateTimeFormat(c.language, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 2, 14)));
    expectSaid(printed.at(-1)!, date, 'the colophon’s date');
    expect(all).not.toContain('2024-03-14');
    const words = printed.join('\n');
    const left = englishLeftovers(c).filter((word) => hasWord(words, word));
    expect(left).toEqual([]);
    const fonts = spawnSync('pdffonts', [path.join(out, `${c.name}.pdf`)], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
    // galley's words are drawn by the faces it ships, like the article's: a Japanese "ページ" fell back to a system font.
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
    expect(texts(page, '.source-kind')).toEqual([`${say(c, 'photo')} 1`, `${say(c, 'map')} 2`, say(c, 'agencies'), say(c, 'quoted'), say(c, 'firstPublished'), say(c, 'rights')].map(normalize));
    expect(texts(page, '.site-footer h2')).toEqual([normalize(say(c, 'checking'))]);
    expect(texts(page, 'dt')[0]).toBe(normalize(say(c, 'file')));
    const said = readerText(html);
    const left = englishLeftovers(c).filter((word) => hasWord(said, word));
    expect(left).toEqual([]);
  });

  it('a page of articles in several languages speaks English', () => {
    expect(built.status, built.stderr).toBe(0);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(texts(parseHtml(html), 'h1')).toEqual([normalize(english.siteHeading as string)]);
  });

  it('words-ar: every page of the e-book reads right to left, and still does after calibre’s AZW3 and back', async () => {
    expect(built.status, built.stderr).toBe(0);
    const zip = zips.get('words-ar')!;
    const own = Object.keys(zip.files).filter((name) => name.endsWith('.xhtml'));
    expect(own.length).toBeGreaterThan(4);
    // On <body> too: calibre keeps the body's dir and drops the root element's.
    for (const name of own) expect(await entryText(zip, name), name).toMatch(/<body\b[^>]*\sdir="rtl"/);
    const dir = tempDir('galley-words-calibre-');
    const env = { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' };
    const convert = (from: string, to: string) => promisify(execFile)('ebook-convert', [from, to], { env, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    await convert(path.join(out, 'words-ar.epub'), path.join(dir, 'words-ar.azw3'));
    await convert(path.join(dir, 'words-ar.azw3'), path.join(dir, 'back.epub'));
    const back = path.join(dir, 'back');
    await promisify(execFile)('unzip', ['-q', path.join(dir, 'back.epub'), '-d', back]);
    const pages = readdirSync(back, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.x?html$/.test(entry.name))
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      // calibre's own pages (its inline contents, the page it wraps the cover picture in) are calibre's, not the article's.
      .filter((page) => !page.includes('calibre_generated_inline_toc') && !page.includes('name="calibre:cover"'));
    expect(pages.length).toBeGreaterThan(4);
    for (const page of pages) expect(page.match(/<body\b[^>]*>/)?.[0]).toMatch(/\sdir="rtl"/);
  }, 400_000);

  it.each(CASES)('$name: its entry on the page of several languages speaks its own language throughout', (c) => {
    expect(built.status, built.stderr).toBe(0);
    const page = parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8'));
    const entry = select(`article.entry[aria-labelledby="${c.name}-title"]`, page);
    if (!entry) throw new Error(`no entry for ${c.name}`);
    const root: Root = { type: 'root', children: [entry] };
    // The entry says which language it speaks (the page's is English), and its direction where it differs.
    expect(String(entry.properties.lang).split('-')[0]).toBe(c.table);
    expect(entry.properties.dir).toBe(c.name === 'words-ar' ? 'rtl' : undefined);
    const authors = { 'words-de': ['Klara Beispiel', 'Jonas Muster'], 'words-fr': ['Claire Exemple', 'Julien Modèle'], 'words-ru': ['Анна Пример', 'Иван Образцов'], 'words-ja': ['山田花子', '佐藤一郎'], 'words-ar': ['ليلى مثال', 'سامي نموذج'] }[c.name];
    // "By" and the "and" between the names in one language (not "By Анна Пример и Иван Образцов").
    expect(texts(root, '.byline')).toEqual([normalize(say(c, 'by', { names: new Intl.ListFormat(c.language, { style: 'long', type: 'conjunction' }).format(authors) }))]);
    expect(texts(root, '.download-label')).toEqual([normalize(say(c, 'printEdition')), normalize(say(c, 'ebook'))]);
    expect(texts(root, '.sources h3')).toEqual([normalize(say(c, 'credits'))]);
    expect(texts(root, '.source-kind')).toEqual([`${say(c, 'photo')} 1`, `${say(c, 'map')} 2`, say(c, 'agencies'), say(c, 'quoted'), say(c, 'firstPublished'), say(c, 'rights')].map(normalize));
    const said = readerText(toHtml(entry));
    expect(englishLeftovers(c).filter((word) => hasWord(said, word))).toEqual([]);
  });

  it('the page of several languages has every font file its style sheet names, for each script', () => {
    expect(built.status, built.stderr).toBe(0);
    const named = (dir: string): string[] => [...readFileSync(path.join(dir, 'site.css'), 'utf8').matchAll(/url\("([^"]+)"\)/g)].map((match) => decodeURIComponent(match[1]!));
    const check = (dir: string) => {
      const files = named(dir);
      expect(files.filter((file) => !existsSync(path.join(dir, file))), dir).toEqual([]);
      // Cyrillic, Arabic and Japanese are set in the editions' faces, not the reader's machine's.
      for (const face of [/^fonts\/literata-cyrillic-/, /^fonts\/amiri-arabic-/, /^fonts\/noto-serif-jp-/]) expect(files.some((file) => face.test(file)), `${dir}: ${face}`).toBe(true);
    };
    check(out);
    // galley site alone, on a folder with the editions and their entries but without the font files: it writes them.
    const again = tempDir('galley-words-site-');
    for (const name of readdirSync(out)) if (name !== 'fonts' && name !== 'sites') cpSync(path.join(out, name), path.join(again, name), { recursive: true });
    const site = runCli(['site', ...CASES.map((c) => good(c.name)), '--out', again], { GALLEY_CACHE_DIR: tempDir() });
    expect(site.status, site.stderr).toBe(0);
    check(again);
  });

  it('EPUBCheck finds nothing in any of the e-books', async () => {
    expect(built.status, built.stderr).toBe(0);
    const limit = pLimit(2);
    const files = [...CASES.map((c) => path.join(out, `${c.name}.epub`)), path.join(collectionOut, 'words-collection-ru.epub')];
    const results = await Promise.all(files.map((file) => limit(() => epubcheckAsync(file))));
    for (const [index, result] of results.entries()) expect([result.fatals, result.errors, result.warnings], `${files[index]}\n${result.output}`).toEqual([0, 0, 0]);
  }, 300_000);

  describe('a collection in Russian, of a Russian and a German article', () => {
    const ru = { name: 'words-collection-ru', language: 'ru', table: 'ru', own: {} } as unknown as Case;
    const de = CASES.find((c) => c.name === 'words-de')!;
    const germanDate = new Intl.DateTimeFormat('de-CH', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 2, 14)));
    const germanByline = say(de, 'by', { names: new Intl.ListFormat('de-CH', { style: 'long', type: 'conjunction' }).format(['Klara Beispiel', 'Jonas Muster']) });

    it('builds, and its e-book speaks Russian in its own pages, the German article German in its own', async () => {
      expect(collectionBuilt.status, collectionBuilt.stderr).toBe(0);
      const zip = await openEpub(path.join(collectionOut, 'words-collection-ru.epub'));
      const contents = parseHtml(await entryText(zip, 'OEBPS/contents.xhtml'));
      expect(texts(contents, 'title')).toEqual([normalize(say(ru, 'contents'))]);
      const byline = (names: string[]) => normalize(say(ru, 'by', { names: new Intl.ListFormat('ru', { style: 'long', type: 'conjunction' }).format(names) }));
      expect(texts(contents, '.contents-byline')).toEqual([byline(['Анна Пример', 'Иван Образцов']), byline(['Klara Beispiel', 'Jonas Muster'])]);
      expect(texts(parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml')), '.editors')).toEqual([normalize(say(ru, 'editedBy', { names: 'Ольга Редакторова' }))]);
      // The German article's own page, marked de-CH, says its byline, date and notes' heading in German, as it does alone.
      const german = parseHtml(await entryText(zip, 'OEBPS/article-2.xhtml'));
      expect(texts(german, '.notes-heading')).toEqual([normalize(say(de, 'notes'))]);
      expect(texts(german, 'time.date')).toEqual([normalize(germanDate)]);
      expect(texts(german, '.titlepage .byline')).toEqual([normalize(germanByline)]);
      expect(texts(parseHtml(await entryText(zip, 'OEBPS/article-1.xhtml')), 'time.date')).toEqual([normalize(new Intl.DateTimeFormat('ru', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 2, 14))))]);
      const credits = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
      expect(texts(credits, 'h4')).toEqual([...['pictures', 'originalPublication', 'agencyMaterial', 'sourcesQuoted', 'rights'], ...['pictures', 'originalPublication', 'agencyMaterial', 'sourcesQuoted', 'rights']].map((key) => normalize(say(ru, key))));
      const files = Object.keys(zip.files).filter((name) => /\.(xhtml|opf)$/.test(name));
      const text = (await Promise.all(files.map(async (name) => readerText(await entryText(zip, name))))).join('\n');
      expect(englishLeftovers(ru).filter((word) => hasWord(text, word))).toEqual([]);
      // A collection's date is its own, not an article's first publication: the plain wording, the date in Russian.
      const colophon = parseHtml(await entryText(zip, 'OEBPS/colophon.xhtml'));
      const identifier = texts(colophon, '.identifier')[0]!;
      const said = texts(colophon, 'p').join('\n');
      // (The date's own full stop ends the sentence: "15 марта 2024 г.", not "г..".)
      expect(said).toContain(normalize(say(ru, 'editionDated', { identifier, date: '15 марта 2024 г' })));
      expect(said).not.toContain(normalize((table('ru').editionArticle as string).split('{date}')[1]!));
    });

    it('its PDF has the Russian running foot on every page, and its page counts its articles in Russian', () => {
      expect(collectionBuilt.status, collectionBuilt.stderr).toBe(0);
      const printed = pdfPages(path.join(collectionOut, 'words-collection-ru.pdf'));
      // The cover (page 1) carries no folio.
      for (const [index, text] of printed.entries()) if (index > 0) expect(squash(text), `page ${index + 1}`).toContain(squash(say(ru, 'runningFoot', { page: index + 1, pages: printed.length })));
      expect(englishLeftovers(ru).filter((word) => hasWord(printed.join('\n'), word))).toEqual([]);
      // The German article's headline block, on its own page, in German.
      const germanPages = printed.filter((text) => squash(text).includes(squash(germanByline)));
      expect(germanPages).toHaveLength(1);
      expect(squash(germanPages[0]!)).toContain(squash(germanDate));
      expect(germanPages[0]).toContain('Die Fähre über den Bodensee');
      expect(squash(printed.at(-1)!)).toContain(squash('дата 15 марта 2024 г.'));
      expect(printed.at(-1)!).not.toMatch(/день первой публикации|2024-03-15/);
      const page = parseHtml(readFileSync(path.join(collectionOut, 'index.html'), 'utf8'));
      // Two articles: Russian's "few" form ("2 статьи"), not English's plural.
      expect(texts(page, '.kicker')).toEqual([normalize(say(ru, 'collectionOf', { n: 2 }, 2))]);
      expect(texts(page, '.collection-contents h3')).toEqual([normalize(say(ru, 'inThisCollection'))]);
    });

    it('names its editor as the PDF’s author', () => {
      expect(collectionBuilt.status, collectionBuilt.stderr).toBe(0);
      const info = spawnSync('pdfinfo', [path.join(collectionOut, 'words-collection-ru.pdf')], { encoding: 'utf8' }).stdout;
      expect(/^Author:\s+(.*)$/m.exec(info)?.[1]).toBe('Ольга Редакторова');
    });
  });
});

describe('the words of "Sources and credits"', () => {
  it.each(readdirSync(path.join(repoRoot, 'templates', 'words')).filter((file) => file.endsWith('.json')))('%s: the original publication\'s line does not say its heading again', (file) => {
    // A table in part (km) says in English what it lacks.
    const words = { ...english, ...table(file.replace('.json', '')) };
    const heading = String(words.originalPublication).toLocaleLowerCase();
    for (const key of ['firstPublishedIn', 'firstPublishedInAt']) expect(String(words[key]).toLocaleLowerCase(), key).not.toContain(heading);
  });
});
