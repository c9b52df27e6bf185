/**
 * galley's own words in the article's language (templates/words/): one table
 * of fictional articles, test/fixtures/good/words-<case>, each in a language
 * galley has a full table for, with two authors, a photo with a licence, a
 * map, a note, a first publication and a wire service (most with a table, a
 * source quoted and a rights holder too), built together to both editions,
 * and each to a download page of its own, with the real CLI. Each word galley
 * prints is looked for where it stands (the e-book's navigation, page titles,
 * byline, credits, notes and colophon; the PDF's text, running foot and
 * fonts; the download pages), as the language's table says it, and no English
 * word of galley's is left. German is de-CH, which falls back to de, with one
 * word given in its front matter; Persian writes galley's numbers (a
 * figure's, a page's, a note's, the running foot's) in its own digits, as its
 * dates; Serbian is in both its scripts; the byline's "and" is CLDR's, bound
 * to the next name where the language binds one-letter words. Before their
 * tables, the Persian, Hindi, Georgian and Vietnamese articles' editions said
 * "By", "Notes", "Sources and credits" and their colophons in English, as a
 * Romanian article's did.
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
import { parse } from 'yaml';
import { buildArticle, entryText, epubcheckAsync, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);

/** A case: its fixture, and what of its language a test cannot read from the fixture or the table. */
interface Case {
  /** The fixture, test/fixtures/good/<name>. */
  name: string;
  /** The article's `language`. */
  language: string;
  /** The table of words it is set with, templates/words/<table>.json. */
  table: string;
  /** The digits galley's numbers are written in, where they are not 0–9. */
  digits?: string;
  /** Right to left: poppler gives a line's words, numbers and stops in an order of its own, so each word is looked for. */
  rtl?: true;
  /** poppler gives Arabic's vowel marks in another order: they are left out of what is looked for. */
  vowelMarks?: true;
  /** Georgian keeps its Mkhedruli letters in the PDF's capitals (print.css). */
  noCapitals?: true;
  /** The byline and the day as the e-book writes them, letter for letter (a no-break space where the language binds). */
  byline?: string;
  date?: string;
  /** The printed pages of the photo and the map, where a reader's number cannot be read from the credits (Persian's ۱). */
  pages?: [number, number];
  /** The faces the PDF may embed: galley's own for the language's script (Serbian's Cyrillic and Latin are Noto Serif's, with their own forms). */
  faces: RegExp;
}

const CASES: readonly Case[] = [
  { name: 'words-de', language: 'de-CH', table: 'de', faces: /^Literata-/ },
  { name: 'words-fr', language: 'fr', table: 'fr', faces: /^Literata-/ },
  { name: 'words-ru', language: 'ru', table: 'ru', byline: 'Текст: Анна Пример и\u00a0Иван Образцов', faces: /^Literata-/ },
  { name: 'words-ja', language: 'ja', table: 'ja', faces: /^(Literata-|NotoSerifJP)/ },
  { name: 'words-ar', language: 'ar', table: 'ar', rtl: true, vowelMarks: true, faces: /^(Literata|Amiri)-/ },
  { name: 'words-fa', language: 'fa', table: 'fa', rtl: true, digits: '۰۱۲۳۴۵۶۷۸۹', pages: [1, 2], faces: /^(Literata|Amiri)-/ },
  { name: 'words-hi', language: 'hi', table: 'hi', pages: [1, 2], faces: /^(Literata|NotoSerifDevanagari)-/ },
  // Serbian writes its date with ordinal stops: "14. март 2024."
  { name: 'words-sr', language: 'sr', table: 'sr', byline: 'Текст: Јована Петровић и\u00a0Марко Јовић', date: '14. март 2024.', faces: /^(Literata|NotoSerif)-/ },
  { name: 'words-sr-latn', language: 'sr-Latn', table: 'sr-latn', byline: 'Tekst: Jovana Petrović i\u00a0Marko Jović', date: '14. mart 2024.', faces: /^(Literata|NotoSerif)-/ },
  { name: 'words-ka', language: 'ka', table: 'ka', noCapitals: true, byline: 'ტექსტი: ნინო ბერიძე და გიორგი კაპანაძე', date: '14 მარტი, 2024', faces: /^(Literata|NotoSerifGeorgian)-/ },
  { name: 'words-hy', language: 'hy', table: 'hy', byline: 'Տեքստը՝ Անի Պետրոսյան և Արամ Սարգսյան', date: '14 մարտի, 2024 թ.', faces: /^(Literata|NotoSerifArmenian)-/ },
  // Vietnamese: "Bài:" as its papers credit a writer, the date as CLDR writes it, every letter composed (NFC).
  { name: 'words-vi', language: 'vi', table: 'vi', byline: 'Bài: Nguyễn Thị Mẫu và Trần Văn Thử', date: '14 tháng 3, 2024', pages: [1, 2], faces: /^Literata-/ },
  // Romanian: its letters with a comma below (ș, ț), not a cedilla, in Literata.
  { name: 'words-ro', language: 'ro', table: 'ro', byline: 'De Ioana Popescu și Andrei Ionescu', date: '14 martie 2024', faces: /^Literata-/ },
  // Norwegian Bokmål (nb) takes Norwegian's table (no), as CLDR counts it.
  { name: 'words-nb', language: 'nb', table: 'no', byline: 'Av Kari Nordmann og Ola Hansen', date: '14. mars 2024', faces: /^Literata-/ },
  { name: 'words-da', language: 'da', table: 'da', byline: 'Af Mette Jensen og Lars Nielsen', date: '14. marts 2024', faces: /^Literata-/ },
  { name: 'words-id', language: 'id', table: 'id', byline: 'Oleh Siti Rahayu dan Budi Santoso', date: '14 Maret 2024', faces: /^Literata-/ },
  { name: 'words-fi', language: 'fi', table: 'fi', byline: 'Teksti: Aino Virtanen ja Mikko Korhonen', date: '14. maaliskuuta 2024', faces: /^Literata-/ },
  { name: 'words-ca', language: 'ca', table: 'ca', byline: 'Per Marta Puig i Jordi Vidal', date: '14 de març del 2024', faces: /^Literata-/ },
  // Hungarian numbers its figures, tables, notes and pages before the word: "1. ábra", "2. oldal".
  { name: 'words-hu', language: 'hu', table: 'hu', byline: 'Írta: Nagy Anna és Kovács Péter', date: '2024. március 14.', faces: /^Literata-/ },
  { name: 'words-hr', language: 'hr', table: 'hr', byline: 'Tekst: Ana Horvat i Marko Kovač', date: '14. ožujka 2024.', faces: /^Literata-/ },
  { name: 'words-sl', language: 'sl', table: 'sl', byline: 'Besedilo: Ana Novak in Marko Kranjc', date: '14. marec 2024', faces: /^Literata-/ },
  { name: 'words-bg', language: 'bg', table: 'bg', byline: 'Текст: Мария Иванова и\u00a0Петър Георгиев', date: '14 март 2024 г.', faces: /^Literata-/ },
  // Lithuanian numbers its figures before the word ("1 pav.", "1 psl."), Latvian with an ordinal stop ("1. attēls", "1. lappuse").
  { name: 'words-lt', language: 'lt', table: 'lt', byline: 'Tekstas: Ona Petraitienė ir Jonas Kazlauskas', date: '2024 m. kovo 14 d.', faces: /^Literata-/ },
  { name: 'words-lv', language: 'lv', table: 'lv', byline: 'Teksts: Anna Bērziņa un Mārtiņš Ozols', date: '2024. gada 14. marts', faces: /^Literata-/ },
  { name: 'words-et', language: 'et', table: 'et', byline: 'Tekst: Anna Tamm ja Mart Saar', date: '14. märts 2024', faces: /^Literata-/ },
  // Bengali writes galley's numbers in its own digits (চিত্র ২, পৃষ্ঠা ১ / ৩), as its dates; Urdu is right to left, in Nastaliq.
  { name: 'words-bn', language: 'bn', table: 'bn', digits: '০১২৩৪৫৬৭৮৯', pages: [1, 2], byline: 'লেখক: অনিতা উদাহরণ এবং রাহুল নমুনা', date: '১৪ মার্চ, ২০২৪', faces: /^(Literata|NotoSerifBengali)-/ },
  { name: 'words-ta', language: 'ta', table: 'ta', byline: 'எழுத்து: அனிதா மாதிரி மற்றும் ராகுல் எடுத்துக்காட்டு', date: '14 மார்ச், 2024', faces: /^(Literata|NotoSerifTamil)-/ },
  { name: 'words-ur', language: 'ur', table: 'ur', rtl: true, byline: 'تحریر: عائشہ نمونہ اور احمد مثال', date: '14 مارچ، 2024', faces: /^(Literata|NotoNastaliqUrdu)-/ },
  { name: 'words-ms', language: 'ms', table: 'ms', byline: 'Oleh Siti Aminah dan Ahmad Faizal', date: '14 Mac 2024', faces: /^Literata-/ },
  { name: 'words-sk', language: 'sk', table: 'sk', byline: 'Text: Jana Horváthová a\u00a0Marek Kováč', date: '14. marca 2024', faces: /^Literata-/ },
];

type Word = string | Record<string, string>;
const table = (name: string): Record<string, Word> => JSON.parse(readFileSync(path.join(repoRoot, 'templates', 'words', `${name}.json`), 'utf8')) as Record<string, Word>;
const english = table('en');

/** What a fixture says of itself: its front matter, and its figures' credits and licences, in order. */
interface Source {
  text: string;
  authors: string[];
  words: Record<string, string>;
  wire: string[];
  cited: string[];
  rights?: string;
  figures: Array<{ credit: string; license?: string }>;
}
const sources = new Map<string, Source>();
function source(c: Pick<Case, 'name'>): Source {
  const known = sources.get(c.name);
  if (known) return known;
  // A collection's folder has no article of its own: nothing of its own to say.
  const file = path.join(good(c.name), 'article.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '---\n{}\n---\n';
  const front = (parse(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]!) ?? {}) as {
    authors?: string[];
    words?: Record<string, string>;
    rights?: string;
    source?: { wire?: string[]; cited?: string[] };
  };
  const figures = [...text.matchAll(/^:::figure\{([^}]*)\}/gm)].map((match) => {
    const attributes = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((attribute) => [attribute[1]!, attribute[2]!]));
    return { credit: attributes.credit!, ...(attributes.license ? { license: attributes.license } : {}) };
  });
  const said: Source = {
    text,
    authors: front.authors ?? [],
    words: front.words ?? {},
    wire: front.source?.wire ?? [],
    cited: front.source?.cited ?? [],
    ...(front.rights ? { rights: front.rights } : {}),
    figures,
  };
  sources.set(c.name, said);
  return said;
}

/** A number in the case's digits. */
const digitsIn = (c: Pick<Case, 'digits'>, n: number | string): string => String(n).replace(/[0-9]/g, (d) => (c.digits ? c.digits[Number(d)]! : d));

/** A case's word, as its front matter or else its table says it, with its placeholders filled (numbers in its digits). */
function say(c: Pick<Case, 'name' | 'table' | 'language' | 'digits'>, key: string, fill: Record<string, string | number> = {}, count?: number): string {
  const word = source(c).words[key] ?? table(c.table)[key] ?? english[key]!;
  const text = typeof word === 'string' ? word : (count === undefined ? undefined : word[new Intl.PluralRules(c.language).select(count)]) ?? word.other!;
  return text.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => (typeof fill[name] === 'number' ? digitsIn(c, fill[name]) : String(fill[name])));
}

/** The credits' headings a case's article has, in their order. */
const headings = (c: Case): string[] => {
  const { cited, rights } = source(c);
  return ['pictures', 'originalPublication', 'agencyMaterial', ...(cited.length > 0 ? ['sourcesQuoted'] : []), ...(rights ? ['rights'] : [])];
};

/** The day of the fixtures (2024-03-14) as the language writes it, in its calendar and digits. */
const dayIn = (language: string): string => new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 2, 14)));

/** The byline, as the case's table says "By" and CLDR joins its names. */
const bylineOf = (c: Case, authors: string[] = source(c).authors): string => say(c, 'by', { names: new Intl.ListFormat(c.language, { style: 'long', type: 'conjunction' }).format(authors) });

/** Text as poppler gives it, without the bidi marks it adds around right-to-left runs, soft hyphens folded. */
function plain(text: string): string {
  return normalize(text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''));
}

/**
 * Text to look for in poppler's: without white space (letter-spaced capitals come out as "МАТЕРИА ЛЫ", a
 * right-to-left line as "1من"), and without Arabic's vowel marks where poppler gives them in another order.
 */
function squash(c: Pick<Case, 'vowelMarks'>, text: string): string {
  const squashed = plain(text).replace(/\s+/g, '');
  return c.vowelMarks ? squashed.replace(/[\u064b-\u065f\u0670]/g, '') : squashed;
}

/** The words of a right-to-left text, each to be found in poppler's (which orders a line's runs, and the stops between them, Urdu's ۔ among them, its own way); a left-to-right text whole. */
const parts = (c: Pick<Case, 'rtl'>, text: string): string[] => (c.rtl ? plain(text).split(/[\s،:.,؛۔]+/).filter(Boolean) : [text]);

/**
 * Expects poppler's text of a page to say `words`: as written, in any case (the credits' headings are set in
 * capitals, print.css), or in capitals.
 */
function expectPrinted(c: Case, printed: string, words: string, what: string, as: 'written' | 'any case' | 'capitals' = 'written'): void {
  const fold = (text: string): string => (as === 'any case' ? squash(c, text).toLocaleUpperCase(c.language) : squash(c, text));
  const looked = as === 'capitals' && !c.noCapitals ? words.toLocaleUpperCase(c.language) : words;
  for (const part of parts(c, looked)) expect(fold(printed), what).toContain(fold(part));
}

function pdfPages(file: string): string[] {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  return Array.from({ length: pages }, (_, i) => spawnSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).stdout);
}

/** English words of galley's (four letters or more, between placeholders) that a case's table never says. */
function englishLeftovers(c: Pick<Case, 'table'>): string[] {
  const theirs = JSON.stringify(table(c.table));
  return Object.entries(english)
    .filter(([key, word]) => key !== '//' && typeof word === 'string')
    .flatMap(([, word]) => (word as string).split(/\{[A-Za-z]+\}/).map((part) => part.trim()))
    .filter((part) => /[A-Za-z]{4,}/.test(part) && !theirs.includes(part));
}

/** galley's short English words ("By", "Map", "Notes") that a case's table says otherwise, each as English says it. */
function englishShortWords(c: Case): Array<[string, string]> {
  return ['by', 'credits', 'photo', 'map', 'pictures', 'colophon', 'agencyMaterial', 'notes']
    .map((key): [string, string] => [key, (english[key] as string).replace(/\{[A-Za-z]+\}/g, '').trim()])
    .filter(([key, word]) => !String(table(c.table)[key]).includes(word));
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

/** The download page's list of what each edition credits: each picture's kind and number (in the case's digits), then the article's sources. */
function sourceKinds(c: Case): string[] {
  const { cited, rights } = source(c);
  return [`${say(c, 'photo')} ${digitsIn(c, 1)}`, `${say(c, 'map')} ${digitsIn(c, 2)}`, say(c, 'agencies'), ...(cited.length > 0 ? [say(c, 'quoted')] : []), say(c, 'firstPublished'), ...(rights ? [say(c, 'rights')] : [])].map(normalize);
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
      // A page of one article: in its language (the build's page lists them all, in English).
      const own = path.join(out, 'sites', c.name);
      mkdirSync(own, { recursive: true });
      for (const kind of ['epub', 'pdf']) cpSync(path.join(out, `${c.name}.${kind}`), path.join(own, `${c.name}.${kind}`));
      const site = runCli(['site', good(c.name), '--out', own], { GALLEY_CACHE_DIR: cache });
      sites.set(c.name, site.status === 0 ? readFileSync(path.join(own, 'index.html'), 'utf8') : `galley site failed: ${site.stderr}`);
    }
  }, 600_000);

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
      // Words of the language’s own: none is marked English (a typeface’s copyright notice, "Copyright …" or "(c) …", is).
      expect(markup.match(/lang="en"[^>]*>(?!Copyright|\(c\)|©)/g) ?? [], file).toEqual([]);
    }
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect(opf).toContain(`<reference type="cover" title="${say(c, 'cover')}" href="cover.xhtml" />`);
    const summary = /<meta property="schema:accessibilitySummary">([^<]*)<\/meta>/.exec(opf)![1]!;
    expect(summary).toBe([say(c, 'accessibility'), say(c, 'accessibilityPictures'), say(c, 'accessibilityReaders'), say(c, 'accessibilityPageList')].join(' '));
  });

  it.each(CASES)('$name: the e-book’s byline, date, notes, table, credits and colophon', async (c) => {
    const zip = zips.get(c.name)!;
    const { text, wire, figures } = source(c);
    const titlepageMarkup = await entryText(zip, 'OEBPS/titlepage.xhtml');
    const titlepage = parseHtml(titlepageMarkup);
    expect(texts(titlepage, '.byline')).toEqual([normalize(bylineOf(c))]);
    // The byline's "and" is CLDR's, bound to the next name where the language binds one-letter words (Russian's "и").
    if (c.byline) {
      expect(texts(titlepage, '.byline')).toEqual([c.byline.replace(/\u00a0/g, ' ')]);
      expect(titlepageMarkup).toContain(c.byline);
    }
    // The date in the article's language, as Intl writes it.
    const date = dayIn(c.language);
    expect(texts(titlepage, 'time.date')).toEqual([normalize(date)]);
    if (c.date) expect(texts(titlepage, 'time.date')).toEqual([c.date]);

    const markup = await entryText(zip, 'OEBPS/article.xhtml');
    const article = parseHtml(markup);
    expect(texts(article, '.notes-heading')).toEqual([normalize(say(c, 'notes'))]);
    expect(markup).toContain(`aria-label="${say(c, 'noteBack', { n: 1 })}"`);
    if (/^\| /m.test(text)) expect(markup).toContain(`aria-label="${say(c, 'table', { n: 1 })}"`);

    const credits = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    expect(texts(credits, 'h2')).toEqual([normalize(say(c, 'credits'))]);
    expect(texts(credits, 'h3')).toEqual(headings(c).map((key) => normalize(say(c, key))));
    // The publication's line says where, without saying its heading again (Japanese had 初出 over 初出：…).
    const publication = texts(credits, '.source-publication')[0]!;
    expect(publication.toLocaleLowerCase(c.language)).not.toContain(normalize(say(c, 'originalPublication')).toLocaleLowerCase(c.language));
    const labels = texts(credits, '.credit-figure');
    expect(labels).toEqual([normalize(say(c, 'figure', { n: 1 })), normalize(say(c, 'figure', { n: 2 }))]);
    const items = texts(credits, '.credit-list > li');
    for (const [index, item] of items.entries()) {
      // The photo's and the map's printed page: as the case says it, or the number the credit gives.
      const page = c.pages?.[index] ?? Number(/\d+/.exec(item.slice(labels[index]!.length))![0]);
      expect(item.startsWith(normalize(say(c, 'figureOnPage', { figure: say(c, 'figure', { n: index + 1 }), page }))), item).toBe(true);
    }
    const lines = texts(credits, '.credit-list .credit-line');
    expect(lines[0]!.startsWith(normalize(say(c, 'creditLine', { label: say(c, 'photo'), line: '' })))).toBe(true);
    expect(lines[0]!.endsWith(normalize(say(c, 'licence', { licence: 'CC BY 4.0' })))).toBe(true);
    expect(lines[1]!.startsWith(normalize(say(c, 'creditLine', { label: say(c, 'map'), line: '' })))).toBe(true);
    expect(lines).toEqual(
      [
        say(c, 'creditLine', { label: say(c, 'photo'), line: figures[0]!.credit }) + say(c, 'licence', { licence: figures[0]!.license! }),
        say(c, 'creditLine', { label: say(c, 'map'), line: figures[1]!.credit }),
      ].map(normalize),
    );
    expect(texts(credits, '.wire-note')).toEqual([normalize(say(c, 'includesMaterialFrom', { agencies: wire.join(', ') }))]);

    const colophonMarkup = await entryText(zip, 'OEBPS/colophon.xhtml');
    const colophon = parseHtml(colophonMarkup);
    expect(texts(colophon, 'h2')).toEqual([normalize(say(c, 'colophon'))]);
    const said = texts(colophon, 'p').join('\n');
    expect(said).toContain(normalize(say(c, 'setIn', { family: 'Literata' })));
    // A word space between sentences, but none after a full-width stop (。), which is an em wide and carries its own.
    const setIn = say(c, 'setIn', { family: 'Literata' });
    expect(said).toContain(normalize(`${setIn}${/[。！？]$/.test(setIn) ? '' : ' '}Copyright 2017`));
    expect(said).toContain(normalize(say(c, 'madeWith', { version: '0.1.0' })).split('0.1.0')[0]!.trim());
    // The edition's date as the title block writes it, not ISO; the machine-readable one stays ISO.
    expect(texts(colophon, 'time')).toEqual([normalize(date)]);
    if (c.date) expect(texts(colophon, 'time')).toEqual([c.date]);
    expect(colophonMarkup).toContain('<time datetime="2024-03-14T12:00:00Z">');
    const identifier = texts(colophon, '.identifier')[0]!;
    expect(said).toContain(normalize(say(c, 'editionArticle', { identifier, date })));
    // A date that ends with its stop ("2024.", "թ.") ends the sentence: no doubled stop.
    expect(said).not.toMatch(/\.\.|\.։\./);
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
    // Nor a short one ("By", "Map"), in its pages' text, outside the navigation.
    const pagesText = (await Promise.all(files.filter((name) => !name.endsWith('toc.xhtml')).map((name) => entryText(zip, name)))).join('\n').replace(/<[^>]+>/g, ' ');
    for (const [key, word] of englishShortWords(c)) expect(pagesText, `${key}: "${word}"`).not.toMatch(new RegExp(`(?<![\\p{L}-])${word}(?![\\p{L}-])`, 'u'));
  });

  it.each(CASES)('$name: the PDF’s byline, running foot, credits and colophon, in the language’s words and digits; only shipped faces', (c) => {
    const printed = pages.get(c.name)!;
    expect(printed.length).toBeGreaterThan(1);
    // poppler reads a page of mostly Latin lines (the colophon's, with its typefaces' copyright) left to right, and sets
    // the ezafe's hamza (صفحهٔ) of a right-to-left run apart from its word there; pdf.js reads it whole. The foot is
    // looked for without it on such a page.
    for (const [index, text] of printed.entries()) {
      const fold = (words: string): string => (/ٔ\u202b/u.test(text) ? words.replace(/\u0654/gu, '') : words);
      expectPrinted(c, fold(text), fold(say(c, 'runningFoot', { page: index + 1, pages: printed.length })), `page ${index + 1}`);
    }
    const all = printed.map(plain).join('\n');
    const { figures } = source(c);
    expectPrinted(c, all, c.byline ?? bylineOf(c), 'byline');
    for (const key of ['credits', 'notes']) expectPrinted(c, all, say(c, key), key);
    for (const key of headings(c)) expectPrinted(c, all, say(c, key), key, 'any case');
    if (c.pages) expectPrinted(c, all, say(c, 'figureOnPage', { figure: say(c, 'figure', { n: 2 }), page: c.pages[1] }), 'figure');
    else expectPrinted(c, all, say(c, 'figure', { n: 2 }), 'figure');
    expectPrinted(c, all, say(c, 'creditLine', { label: say(c, 'map'), line: figures[1]!.credit }), 'map');
    expectPrinted(c, all, say(c, 'setIn', { family: 'Literata' }), 'setIn');
    // The small headings and the figures' credit lines are set in capitals (print.css), every letter in the shipped
    // face cut for the article: Serbian's Р, Љ, Њ and Armenian's Թ, Ր, Ռ were left out of the cut (drawn by a
    // fallback face, or not at all). Georgian keeps Mkhedruli in capitals.
    for (const text of [say(c, 'pictures'), say(c, 'originalPublication'), say(c, 'agencyMaterial'), figures[0]!.credit]) expectPrinted(c, all, text, `in capitals: ${text}`, 'capitals');
    // The colophon (on the last page) dates the edition as the title block does, never in ISO, its words on one line.
    const date = c.date ?? dayIn(c.language);
    const last = printed.at(-1)!;
    expectPrinted(c, last, date, 'the colophon’s date');
    expect(plain(last).split('\n').some((line) => parts(c, date).every((part) => line.includes(part))), last).toBe(true);
    expect(all).not.toContain('2024-03-14');
    expect(englishLeftovers(c).filter((word) => hasWord(all, word))).toEqual([]);
    for (const [key, word] of englishShortWords(c)) expect(all, `${key}: "${word}"`).not.toMatch(new RegExp(`(?<![\\p{L}-])${word}(?![\\p{L}-])`, 'u'));
    if (c.digits) {
      // galley's numbers in the language's digits: no Latin digit outside the typefaces' copyright, the edition's identifier and galley's version.
      const latin = plain(all)
        .split('\n')
        .filter((line) => /[0-9]/.test(line) && !/Copyright|https?:|License|urn:uuid|galley \d/.test(line));
      expect(latin).toEqual([]);
    }
    const fonts = spawnSync('pdffonts', [path.join(out, `${c.name}.pdf`)], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
    // galley's words are drawn by the faces it ships, like the article's: a Japanese "ページ" fell back to a system font.
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font, c.name).toMatch(/^[A-Z]{6}\+\S* .* yes yes yes/);
      expect(font.slice(7), c.name).toMatch(c.faces);
    }
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
    expect(texts(page, '.source-kind')).toEqual(sourceKinds(c));
    expect(texts(page, '.site-footer h2')).toEqual([normalize(say(c, 'checking'))]);
    expect(texts(page, 'dt')[0]).toBe(normalize(say(c, 'file')));
    expect(englishLeftovers(c).filter((word) => hasWord(readerText(html), word))).toEqual([]);
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
    expect(String(entry.properties.lang).toLowerCase()).toBe(c.language.toLowerCase());
    expect(entry.properties.dir).toBe(c.rtl ? 'rtl' : undefined);
    // "By" and the "and" between the names in one language (not "By Анна Пример и Иван Образцов").
    expect(texts(root, '.byline')).toEqual([normalize(bylineOf(c))]);
    expect(texts(root, '.download-label')).toEqual([normalize(say(c, 'printEdition')), normalize(say(c, 'ebook'))]);
    expect(texts(root, '.sources h3')).toEqual([normalize(say(c, 'credits'))]);
    expect(texts(root, '.source-kind')).toEqual(sourceKinds(c));
    const said = readerText(toHtml(entry));
    expect(englishLeftovers(c).filter((word) => hasWord(said, word))).toEqual([]);
  });

  it('the page of several languages has every font file its style sheet names, for each script', () => {
    expect(built.status, built.stderr).toBe(0);
    const named = (dir: string): string[] => [...readFileSync(path.join(dir, 'site.css'), 'utf8').matchAll(/url\("([^"]+)"\)/g)].map((match) => decodeURIComponent(match[1]!));
    const check = (dir: string) => {
      const files = named(dir);
      expect(files.filter((file) => !existsSync(path.join(dir, file))), dir).toEqual([]);
      // Cyrillic, Arabic, Japanese and Vietnamese are set in the editions' faces, not the reader's machine's.
      for (const face of [/^fonts\/literata-cyrillic-/, /^fonts\/amiri-arabic-/, /^fonts\/noto-serif-jp-/, /^fonts\/literata-vietnamese-/]) expect(files.some((file) => face.test(file)), `${dir}: ${face}`).toBe(true);
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
  }, 600_000);

  describe('a collection in Russian, of a Russian and a German article', () => {
    const ru: Case = { name: 'words-collection-ru', language: 'ru', table: 'ru', faces: /^Literata-/ };
    const de = CASES.find((c) => c.name === 'words-de')!;
    const germanDate = dayIn('de-CH');
    const germanByline = bylineOf(de, ['Klara Beispiel', 'Jonas Muster']);

    it('builds, and its e-book speaks Russian in its own pages, the German article German in its own', async () => {
      expect(collectionBuilt.status, collectionBuilt.stderr).toBe(0);
      const zip = await openEpub(path.join(collectionOut, 'words-collection-ru.epub'));
      const contents = parseHtml(await entryText(zip, 'OEBPS/contents.xhtml'));
      expect(texts(contents, 'title')).toEqual([normalize(say(ru, 'contents'))]);
      const byline = (names: string[]) => normalize(bylineOf(ru, names));
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
      const printed = pdfPages(path.join(collectionOut, 'words-collection-ru.pdf')).map(plain);
      // The cover (page 1) carries no folio.
      for (const [index, text] of printed.entries()) if (index > 0) expect(squash(ru, text), `page ${index + 1}`).toContain(squash(ru, say(ru, 'runningFoot', { page: index + 1, pages: printed.length })));
      expect(englishLeftovers(ru).filter((word) => hasWord(printed.join('\n'), word))).toEqual([]);
      // The German article's headline block, on its own page, in German.
      const germanPages = printed.filter((text) => squash(ru, text).includes(squash(ru, germanByline)));
      expect(germanPages).toHaveLength(1);
      expect(squash(ru, germanPages[0]!)).toContain(squash(ru, germanDate));
      expect(germanPages[0]).toContain('Die Fähre über den Bodensee');
      expect(squash(ru, printed.at(-1)!)).toContain(squash(ru, 'дата 15 марта 2024 г.'));
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

describe('a byline in words the manuscript gives itself', () => {
  it('joins the names in the language of its own "by", or with its own "and", in both editions and on the download page', async () => {
    const { out, zip } = await buildArticle(
      'own-byline',
      `---
title: "Pasar terapung di kota rekaan"
authors: ["Siti Rahayu", "Budi Santoso"]
date: 2024-03-14
language: id
words: { by: "Oleh {names}" }
---

Pasar terapung di kota rekaan ini buka sejak subuh.
`,
    );
    const titlepage = await entryText(zip, 'OEBPS/titlepage.xhtml');
    // Indonesian, which galley has no table for: its own "Oleh" is followed by Indonesian's "dan", not English's "and".
    expect(texts(parseHtml(titlepage), '.byline')).toEqual(['Oleh Siti Rahayu dan Budi Santoso']);
    expect(spawnSync('pdftotext', [path.join(out, 'own-byline.pdf'), '-'], { encoding: 'utf8' }).stdout).toContain('Oleh Siti Rahayu dan Budi Santoso');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8').replace(/<[^>]+>/g, '')).toContain('Oleh Siti Rahayu dan Budi Santoso');
  }, 120_000);
});
