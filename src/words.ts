/**
 * galley's own words (headings, labels, the running foot, the download
 * page…) in the language of the article: one table per language in
 * templates/words/<language>.json, English in en.json. Code never holds a
 * reader-facing word; it asks for one by its key.
 *
 * A word may hold placeholders, `{name}`, which the caller fills. A word that
 * depends on a count is an object of plural forms (Unicode's categories:
 * zero, one, two, few, many, other), picked with Intl.PluralRules.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { directionOf, writtenLanguage } from './language.js';
import parentLocales from './parent-locales.json' with { type: 'json' };
import { defaultTemplatesDir, onForgetTemplates, readTemplate } from './templates.js';
import { intlAnswer, localeFacts } from './intl-answers.js';

export const pluralCategories = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
export type PluralCategory = (typeof pluralCategories)[number];
/** A word by count: `other` is required; the rest as the language needs them. */
export type PluralWord = Partial<Record<PluralCategory, string>> & { other: string };
export type Word = string | PluralWord;
/** A table of words: key → word. */
export type WordTable = Record<string, Word>;

/** What a placeholder is filled with: text (escaped where markup is made), or markup made safe by the caller. */
export type Filler = string | number | { html: string };

const WORDS_DIR = 'words';
const ENGLISH = 'en';

function tableFile(tag: string): string {
  return `${WORDS_DIR}/${tag}.json`;
}

/** A table as its file has it, without the "//" note. */
function readTable(tag: string, templatesDir: string): WordTable {
  const file = tableFile(tag);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readTemplate(file, templatesDir));
  } catch (error) {
    throw new Error(`${path.join(templatesDir, file)}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path.join(templatesDir, file)}: a table of words is an object of "key": "word".`);
  const table: WordTable = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '//') continue;
    if (!isWord(value)) throw new Error(`${path.join(templatesDir, file)}: "${key}" must be a word ("…") or plural forms ({"one": "…", "other": "…"}).`);
    table[key] = value;
  }
  return table;
}

/** A string, or an object of plural forms with at least `other`. */
export function isWord(value: unknown): value is Word {
  if (typeof value === 'string') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    typeof (value as Record<string, unknown>).other === 'string' &&
    entries.every(([category, form]) => (pluralCategories as readonly string[]).includes(category) && typeof form === 'string')
  );
}

/**
 * The tags a language tag falls back through, most specific first, each a
 * file name: `pt-BR` → pt-br, pt; `de-CH-1996` → de-ch-1996, de-ch, de.
 * A region written in another script than the language's usual one passes
 * through that script before the language alone: `zh-TW` → zh-tw, zh-hant, zh
 * (Traditional, not the Simplified `zh` table). A tag whose CLDR parent is
 * not what it shortens to passes through that parent: `pt-AO` → pt-ao,
 * pt-pt, pt (Angola writes European Portuguese, not Brazil's `pt`); a
 * language CLDR counts as part of another, the other after it: `nb` → nb, no.
 */
export function fallbackTags(language: string): string[] {
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(language)[0] ?? language;
  } catch {
    canonical = language;
  }
  const subtags = canonical.toLowerCase().split('-');
  const tags: string[] = [];
  for (let n = subtags.length; n > 1; n--) {
    const tag = subtags.slice(0, n).join('-');
    tags.push(tag);
    const parent = PARENTS.get(tag);
    if (parent && !tags.includes(parent)) tags.push(parent);
  }
  const script = scriptOf(canonical);
  const usual = scriptOf(subtags[0]!);
  if (script && usual && script !== usual && !tags.includes(`${subtags[0]}-${script}`)) tags.push(`${subtags[0]}-${script}`);
  tags.push(subtags[0]!);
  // Norwegian Bokmål and Nynorsk (nb, nn) are CLDR's children of Norwegian (no). A parent of another language
  // (Haitian Creole's fr-HT) is for CLDR's data, not for words.
  const macro = PARENTS.get(subtags[0]!);
  if (macro && !macro.includes('-') && !tags.includes(macro)) tags.push(macro);
  // Cantonese is written in written Chinese, in its script: yue → yue, zh-hant, zh.
  const written = writtenLanguage(subtags[0]!);
  if (written !== subtags[0]) {
    if (script) tags.push(`${written}-${script}`);
    tags.push(written);
  }
  return tags;
}

/** CLDR's parent locales (src/parent-locales.json, scripts/parent-locales.mjs), lower-cased: pt-ao → pt-pt. */
const PARENTS = new Map(Object.entries(parentLocales as Record<string, string>).map(([tag, parent]) => [tag.toLowerCase(), parent.toLowerCase()]));

/** The script a tag is likely written in, lower-cased (`zh-TW` → hant), by ICU's likely subtags. */
function scriptOf(tag: string): string | undefined {
  try {
    return localeFacts(tag).script?.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The templates folder whose words/ to read: a folder without words of its own (one that changes only the cover, say) speaks galley's. */
function wordsFolder(templatesDir: string): string {
  return templatesDir === defaultTemplatesDir || existsSync(path.join(templatesDir, tableFile(ENGLISH))) ? templatesDir : defaultTemplatesDir;
}

/** The table a language is written with (its tag as the file names it), or undefined when galley has none for it. */
export function tableFor(language: string, templatesDir: string = defaultTemplatesDir): string | undefined {
  const folder = wordsFolder(templatesDir);
  return fallbackTags(language).find((tag) => existsSync(path.join(folder, tableFile(tag))));
}

/** The keys of the English table: every word there is (a word another table lacks falls back to English). */
export function wordKeys(templatesDir: string = defaultTemplatesDir): string[] {
  return Object.keys(readTable(ENGLISH, wordsFolder(templatesDir)));
}

/**
 * Words a manuscript may give that no table has: `and`, the word between the
 * last two names of a byline or a list ("Ann Smith, Bo Li y Cy Wu"). The
 * tables leave it to CLDR (Intl.ListFormat), which knows each language's;
 * a manuscript that says its `by` in a language galley has no table for
 * gives its "and" with it.
 */
export const manuscriptOnlyWords = ['and'] as const;

/** Whether the English word under `key` depends on a count. */
export function isPluralKey(key: string, templatesDir: string = defaultTemplatesDir): boolean {
  const word = readTable(ENGLISH, wordsFolder(templatesDir))[key];
  return word !== undefined && typeof word !== 'string';
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML and XHTML, as ejs's `<%= %>` makes it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/**
 * Spaces and the stops that end or join a sentence (Latin, Arabic, Devanagari and Bengali, CJK) at the start
 * of galley's words: the stop of the sentence before them (". Licence: {licence}").
 */
const LEADING_STOPS = /^[\s.,:;!?\u060C\u061B\u061F\u06D4\u0964\u0965\u3001\u3002\uFF01\uFF0C\uFF1A\uFF1B\uFF1F]+/u;

/**
 * Words.mark: `html` in a span of `marks`, the stop it starts with outside: the text before closes its
 * sentence with it, in its own direction. A stop at the end stays inside: it ends galley's own sentence
 * or label ("Figure 1, page 4:"). A span with a global ARIA attribute (this one the default value,
 * which says nothing) is a structure element of its own in Chromium's tagged PDF, with its /Lang; a
 * plain span is not (keepLanguageSpans, src/pdf/html.ts).
 */
export function markedWords(marks: string, html: string): string {
  const lead = LEADING_STOPS.exec(html)?.[0] ?? '';
  const rest = html.slice(lead.length);
  return rest === '' ? html : `${lead}<span${marks} aria-atomic="false">${rest}</span>`;
}

/** Words joined by hyphens (U+002D or U+2010): a double-barrelled name, or one part of a name. */
const HYPHENATED = /([\p{L}\p{M}]+(?:[-\u2010][\p{L}\p{M}]+)+)/u;

/** Words.name: a name escaped, its hyphenated words each kept on one line. */
function nameHtml(text: string): string {
  return text
    .split(HYPHENATED)
    .map((part, index) => (index % 2 === 1 ? `<span class="nobreak">${escapeHtml(part)}</span>` : escapeHtml(part)))
    .join('');
}

/** A word's own text made safe: an apostrophe stays one (it needs no escape in text or a double-quoted attribute). */
function escapeWord(text: string): string {
  return text.replace(/[&<>"]/g, (c) => escapes[c]!);
}

/** A CSS string literal: "…" with quotes, backslashes and line breaks escaped. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;
}

/** The pieces of a word: its text between placeholders, and the placeholders' names. */
function pieces(word: string): Array<{ text: string } | { name: string }> {
  const out: Array<{ text: string } | { name: string }> = [];
  const pattern = /\{([A-Za-z]+)\}/g;
  let last = 0;
  for (let match = pattern.exec(word); match; match = pattern.exec(word)) {
    if (match.index > last) out.push({ text: word.slice(last, match.index) });
    out.push({ name: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < word.length) out.push({ text: word.slice(last) });
  return out;
}

/**
 * Sentences set one after another with a word space between them, except
 * after a full-width stop (。！？ and the like): Chinese and Japanese stops are
 * a full em wide and carry their own space, so a Western space after one
 * reads as a gap of an em and a half ("內文字體：Literata。Copyright 2017…").
 * Empty parts are left out. Works on markup: a part's last character is its
 * text's, tags aside.
 */
export function joinSentences(parts: readonly string[]): string {
  const kept = parts.filter((part) => part.replace(/<[^>]*>/g, '').trim() !== '');
  return kept.reduce((joined, part, index) => {
    if (index === 0) return part;
    const before = joined.replace(/<[^>]*>/g, '').trimEnd();
    return joined + (fullWidthStop.test(before.slice(-1)) ? '' : ' ') + part;
  }, '');
}
/** Stops and closing marks that are a full em wide: U+3001/U+3002 (、。), the full-width ！，．：；？ and the closing brackets 」』）】. */
const fullWidthStop = /[\u3001\u3002\uff01\uff0c\uff0e\uff1a\uff1b\uff1f\u300d\u300f\uff09\u3011]/u;

/** galley's words in one language, as writers and templates use them. */
export interface Words {
  /** The language the words are in, as a BCP 47 tag (the table's, or the article's when it has its own table). */
  readonly language: string;
  /** The table the words come from (`de`, `pt`, `en`). */
  readonly table: string;
  /** Whether the article's language has no table and the words are English. */
  readonly fellBack: boolean;
  /**
   * The language a list of names is joined in where a word introduces it
   * ("By {names}"): the words' own, or the manuscript's when it gives its
   * own `by`, which it writes in its language.
   */
  readonly listLanguage: string;
  /** The manuscript's own "and" between the last two names of a list (its `words.and`), when it gives one. */
  readonly and: string | undefined;
  /** Every word, as the edition may print it (the typefaces must draw each of their characters). */
  readonly entries: Readonly<WordTable>;
  /** The word under `key` as text, its placeholders filled; a filler given as a number (or as "1-2") is written in the language's digits (Persian "شکل ۲"). */
  t(key: string, fill?: Record<string, Filler>): string;
  /**
   * The word under `key` as markup: its own text escaped, `{html}` fillers as given, text fillers escaped.
   * A word said in English where the article's language is another (it has no table, or its table
   * lacks that word) is set in a span marked `lang="en"` and `dir="ltr"`.
   */
  html(key: string, fill?: Record<string, Filler>): string;
  /**
   * ` lang="en" xml:lang="en" dir="ltr"` where the words fell back to English (an article in a
   * language galley has no table for), for an element that holds only galley's words; else nothing.
   */
  readonly attributes: string;
  /**
   * ` lang="en" xml:lang="en" dir="ltr"` where the word under `key` is said in English in an article
   * of another language (its language has no table, or its table lacks the word), else nothing: for
   * an element that holds that word alone as text, a page's `<title>` (which `html` cannot mark).
   */
  attributesOf(key: string): string;
  /**
   * Markup in the article's own language (its names, its date, a credit's line) set among
   * galley's words: in a span marked with the article's language and direction where those
   * words fell back to English ("By <span lang="cy">…</span> and …"), or may (a table that
   * lacks some words); else as it is.
   */
  own(html: string): string;
  /**
   * galley's words (markup) quoted in text of another language or direction, in a span marked
   * `attributes` (lang, xml:lang, dir: isolated, and a structure element of its own in the PDF).
   * The stop they start with stays outside it, in the text before: ". Licence: CC BY 4.0" after an
   * Arabic credit closes the Arabic sentence with its full stop, where inside the left-to-right span
   * the stop stood at the span's far end (". Licence: …").
   */
  mark(attributes: string, html: string): string;
  /** The word under `key` for a count `n` (its plural form in the language); `{n}` is the count in the language's digits. */
  count(key: string, n: number, fill?: Record<string, Filler>): string;
  /** The word under `key` as CSS `content`: its text as strings, each placeholder as the CSS given (e.g. `counter(page)`, in the language's digits: `counter(page, persian)`). */
  css(key: string, fill: Record<string, string>): string;
  /** escapeHtml, for templates that build a filler's markup. */
  escape(text: string): string;
  /**
   * A person's name as markup (escaped), each of its words joined by a hyphen
   * ("Fitzgerald-Montgomery") in a `span.nobreak`: a byline breaks between
   * names' words, never at a double-barrelled name's hyphen. The hyphen stays
   * the one written, so the text read back is the name.
   */
  name(text: string): string;
  /** Sentences (markup) set one after another, as joinSentences sets them. */
  sentences(parts: readonly string[]): string;
  /** A number in the language's digits and separators, with up to `digits` decimals. */
  number(n: number, digits?: number): string;
  /** A calendar day (`2024-03-14`) as the language writes it in full ("14. März 2024"), as the title block does. */
  date(isoDay: string): string;
}

export interface WordsOptions {
  templatesDir?: string;
  /** The digits to write galley's numbers, dates and page numbers in, where the text's are not its language's (Metadata.digits). */
  digits?: string | undefined;
  /** Words the manuscript gives itself (front matter `words`), over the table's. */
  overrides?: Readonly<WordTable> | undefined;
}

/** A filler that is a number written out, or numbers joined by hyphens (a note's second call, "1-2"): galley's own, in the language's digits. */
const NUMERALS = /^[0-9]+(?:-[0-9]+)*$/;
/** The placeholders galley fills with its own numbers (a figure's, a note's, a page's); any other filler (a title, a name) is the manuscript's, as written. */
const COUNTED = new Set(['n', 'page', 'pages']);

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();
const made = new Map<string, Words>();

/**
 * galley's words for an article in `language`: its table (falling back
 * through the tag: pt-BR → pt), else English. Each table is read over the
 * English one, so a word it lacks is said in English.
 */
export function wordsFor(language: string, options: WordsOptions = {}): Words {
  const templatesDir = wordsFolder(options.templatesDir ?? defaultTemplatesDir);
  const key = options.overrides ? undefined : `${templatesDir}\0${language}\0${options.digits ?? ''}`;
  const known = key ? made.get(key) : undefined;
  if (known) return known;
  const table = tableFor(language, templatesDir);
  const english = readTable(ENGLISH, templatesDir);
  const own = table && table !== ENGLISH ? readTable(table, templatesDir) : {};
  const entries: WordTable = { ...english, ...own, ...(options.overrides ?? {}) };
  // Numbers and plural forms follow the article's language when its table is its own, else English's.
  const locale = table ? language : ENGLISH;
  const fellBack = table === undefined;
  const tableName = table ?? ENGLISH;
  // The digits galley's own numbers are written in (a figure's, a page's): the language's, as its dates and notes' numbers are (Persian ۱۲).
  const digits = options.digits ?? (table ? digitsOf(locale) : 'latn');
  // Intl writes numbers and days in those digits when asked by the tag's extension ("ar-u-nu-arab": ١٢ سبتمبر ٢٠٢٤).
  const inOwnDigits = (tag: string): string => withDigits(tag, options.digits);

  const wordOf = (name: string): Word => {
    const word = entries[name];
    if (word === undefined) throw new Error(`${path.join(templatesDir, tableFile(ENGLISH))}: no word "${name}".`);
    return word;
  };
  const textOf = (name: string, n?: number): string => {
    const word = wordOf(name);
    if (typeof word === 'string') return word;
    // A word said in English where the table lacks it counts by English's rules ("1 article", where Khmer's only form is `other`).
    const category = n === undefined ? 'other' : plural(n, own[name] === undefined && options.overrides?.[name] === undefined ? ENGLISH : locale);
    return word[category] ?? word.other;
  };
  const plural = (n: number, rulesOf: string): PluralCategory => {
    return intlAnswer(`plural\0${rulesOf}\0${n}`, () => {
      let rules = pluralRules.get(rulesOf);
      if (!rules) pluralRules.set(rulesOf, (rules = new Intl.PluralRules(rulesOf)));
      return rules.select(n);
    });
  };
  const number = (n: number, digits = 0): string => {
    const format = `${inOwnDigits(locale)}\0${digits}`;
    return intlAnswer(`number\0${format}\0${n}`, () => {
      let formatter = numberFormats.get(format);
      if (!formatter) numberFormats.set(format, (formatter = new Intl.NumberFormat(inOwnDigits(locale), { maximumFractionDigits: digits })));
      // French groups digits with U+202F, which the shipped text face lacks (see "French spacing"): U+00A0, as in the text.
      return formatter.format(n).replace(/\u202f/g, '\u00a0');
    });
  };
  const fillText = (name: string, word: string, fill: Record<string, Filler> = {}, asHtml: boolean): string => {
    // A filler that ends a sentence with its own full stop ("15 марта 2024 г.") takes the word's: no "г..".
    let endsWithStop = false;
    return pieces(word)
      .map((piece) => {
        if ('text' in piece) {
          const text = endsWithStop && piece.text.startsWith('.') ? piece.text.slice(1) : piece.text;
          endsWithStop = false;
          return asHtml ? escapeWord(text) : text;
        }
        const value = fill[piece.name];
        if (value === undefined) throw new Error(`the word "${name}" ("${word}") has {${piece.name}}, which galley does not fill here`);
        const plain = typeof value === 'object' ? value.html.replace(/<[^>]*>/g, '') : String(value);
        endsWithStop = plain.endsWith('.');
        if (typeof value === 'object') return asHtml ? value.html : plain;
        const text = typeof value === 'number' || (COUNTED.has(piece.name) && NUMERALS.test(plain)) ? inDigits(plain, digits) : plain;
        return asHtml ? escapeHtml(text) : text;
      })
      .join('');
  };

  // Words that fell back to English are marked so, that a screen reader speaks them in English and a
  // right-to-left page sets them left to right, isolated (WCAG 3.1.2, Language of Parts).
  const attributes = fellBack ? ` lang="${ENGLISH}" xml:lang="${ENGLISH}" dir="ltr"` : '';
  const ownTag = language.replace(/[^A-Za-z0-9-]/g, '');
  // A table that lacks some words says them in English: the article's own words may stand among English ones there too.
  const partial = !fellBack && tableName !== ENGLISH && Object.keys(english).some((name) => own[name] === undefined);
  const ownAttributes = fellBack || partial ? ` lang="${ownTag}" xml:lang="${ownTag}" dir="${directionOf(language)}"` : '';
  const span = (marks: string, html: string): string => markedWords(marks, html);
  // A word is English where the article's language has no table, or where its table lacks that word (said as en.json says it).
  const isEnglish = (name: string): boolean => (fellBack || (tableName !== ENGLISH && own[name] === undefined)) && options.overrides?.[name] === undefined;
  const englishAttributes = ` lang="${ENGLISH}" xml:lang="${ENGLISH}" dir="ltr"`;

  const words: Words = {
    language: locale,
    table: tableName,
    fellBack,
    listLanguage: options.overrides?.by !== undefined ? language : locale,
    and: typeof options.overrides?.and === 'string' ? options.overrides.and : undefined,
    entries,
    t: (name, fill) => fillText(name, textOf(name), fill, false),
    html: (name, fill) => {
      const html = fillText(name, textOf(name), fill, true);
      return isEnglish(name) && html !== '' ? span(englishAttributes, html) : html;
    },
    attributes,
    attributesOf: (name) => (isEnglish(name) ? englishAttributes : ''),
    own: (html) => (ownAttributes && html !== '' ? span(ownAttributes, html) : html),
    mark: (marks, html) => (marks && html !== '' ? span(marks, html) : html),
    count: (name, n, fill) => fillText(name, textOf(name, n), { n: number(n), ...fill }, false),
    css: (name, fill) =>
      pieces(textOf(name))
        .map((piece) => {
          if ('text' in piece) return cssString(piece.text);
          const value = fill[piece.name];
          if (value === undefined) throw new Error(`the word "${name}" has {${piece.name}}, which galley does not fill here`);
          return inCounterStyle(value, digits);
        })
        .join(' '),
    escape: escapeHtml,
    name: nameHtml,
    sentences: joinSentences,
    number,
    date: (isoDay) => {
      // In the article's language and calendar even where the words fall back to English: as the title
      // block writes it, so that one edition never writes one day two ways (own() marks its language).
      return formatDay(isoDay, inOwnDigits(canFormat(language) ? language : locale), calendarOf(language));
    },
  };
  if (key) made.set(key, words);
  return words;
}

/**
 * The calendar an article's days are written in, everywhere an edition
 * writes one in words (the title block, the colophon, the download page):
 * the one its language dates in by default in CLDR. For Thai that is the
 * Buddhist Era (2017 is 2560): it is Thailand's official calendar, and Thai newspapers, the imprint
 * pages of Thai books and Thai government print date in it, so a reader of
 * Thai expects it. The title block always wrote it; the colophon, whose
 * words may be another language's (English, for a language galley has no
 * table for), writes its day as the title block does, in the article's
 * language and calendar, so the two never disagree. Machine-readable dates (`<time
 * datetime>`, the e-book's dc:date) stay ISO 8601, Gregorian.
 */
export function calendarOf(language: string): string {
  return dateSystemsOf(language).calendar;
}

/** The calendar and the digits of `language`'s dates (Intl's resolved options, asked once a language). */
function dateSystemsOf(language: string): { calendar: string; numberingSystem: string } {
  let systems = dateSystems.get(language);
  if (systems === undefined) {
    try {
      systems = intlAnswer(`date-systems\0${language}`, () => {
        const { calendar, numberingSystem } = new Intl.DateTimeFormat(language).resolvedOptions();
        return { calendar, numberingSystem };
      });
    } catch {
      systems = { calendar: 'gregory', numberingSystem: 'latn' };
    }
    dateSystems.set(language, systems);
  }
  return systems;
}

/** A calendar day (`2017-02-16`) written in full in `locale`'s words and `calendar` ("16 กุมภาพันธ์ 2560"). The day is a calendar day: no time zone. */
export function formatDay(isoDay: string, locale: string, calendar: string = calendarOf(locale)): string {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  const key = `${locale}\0${calendar}`;
  return intlAnswer(`day\0${key}\0${isoDay}`, () => {
    let formatter = dateFormats.get(key);
    if (!formatter) dateFormats.set(key, (formatter = new Intl.DateTimeFormat(locale, { calendar, year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })));
    return formatter.format(new Date(Date.UTC(y, m - 1, d)));
  });
}

const dateSystems = new Map<string, { calendar: string; numberingSystem: string }>();

/**
 * The digits a language writes its days in, and so its notes' numbers: the
 * numbering system of the date's format, CLDR's default for the language
 * (Persian ۱۴۰۳ `arabext`, Bangla ১৪৩১ `beng`, Marathi and Nepali `deva`,
 * Burmese `mymr`, Arabic as Egypt writes it `ar-EG` `arab`; `latn` for most
 * languages, Arabic `ar`, Urdu and Hindi among them).
 */
export function digitsOf(language: string): string {
  return dateSystemsOf(language).numberingSystem;
}

/**
 * `tag` asking Intl for the numbering system `digits` ("ar" and "arab": "ar-u-nu-arab"); the tag itself where there
 * are none, or where it asks for its own already.
 */
export function withDigits(tag: string, digits: string | undefined): string {
  return digits === undefined || /-u-/i.test(tag) ? tag : `${tag}-u-nu-${digits}`;
}

/** `text` with its digits 0–9 written in the numbering system `system` (digitsOf), each number ungrouped: a note's "12" in Persian is "۱۲". */
export function inDigits(text: string, system: string): string {
  if (system === 'latn') return text;
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat('en', { numberingSystem: system, useGrouping: false });
  } catch {
    return text;
  }
  return text.replace(/[0-9]+/g, (digits) => format.format(BigInt(digits)));
}

/**
 * CSS's predefined counter styles (CSS Counter Styles 3) for the numbering
 * systems a language writes its digits in (digitsOf): a running foot's
 * `counter(page)` in Persian is `counter(page, persian)`, ۱۲.
 */
const COUNTER_STYLES: Readonly<Record<string, string>> = {
  arab: 'arabic-indic',
  arabext: 'persian',
  beng: 'bengali',
  deva: 'devanagari',
  gujr: 'gujarati',
  guru: 'gurmukhi',
  khmr: 'khmer',
  knda: 'kannada',
  laoo: 'lao',
  mlym: 'malayalam',
  mymr: 'myanmar',
  orya: 'oriya',
  tamldec: 'tamil',
  telu: 'telugu',
  thai: 'thai',
  tibt: 'tibetan',
};

/** CSS content `counter(name)` in the counter style of the numbering system `system`; anything else as it is. */
function inCounterStyle(css: string, system: string): string {
  const style = COUNTER_STYLES[system];
  return style ? css.replace(/^counter\(\s*([A-Za-z-]+)\s*\)$/, `counter($1, ${style})`) : css;
}

/** Whether Intl takes `language` as a tag (a manuscript's language is checked when it is read; a collection's too). */
function canFormat(language: string): boolean {
  try {
    Intl.getCanonicalLocales(language);
    return true;
  } catch {
    return false;
  }
}

/** The text of every word and every plural form, without placeholders: what the editions may print of galley's own. */
export function wordsText(words: Words): string {
  return Object.values(words.entries)
    .flatMap((word) => (typeof word === 'string' ? [word] : Object.values(word)))
    .join('\n')
    .replace(/\{[A-Za-z]+\}/g, '');
}

// `galley dev` forgets the templates when one is saved: the words made from them go too.
onForgetTemplates(() => made.clear());
