/**
 * Hyphenation patterns, shared by the editions: print writes a soft hyphen
 * (U+00AD) at every break point of its prose (src/pdf/hyphenate.ts); the
 * e-book and the cover only into words too long for a narrow line, which a
 * reading app or the cover would otherwise break between any two letters.
 * Liang's patterns, from the `hyphen` package (the ones TeX uses).
 */
import { phraseBreaksHtml, runsHtml } from './line-breaks.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { cacheDir } from './cache.js';
import { readCacheFileSync, writeCacheFileSync } from './cache-file.js';
import { localeFacts } from './intl-answers.js';
import { PHONE_COLUMN, phoneTableType } from './table-columns.js';
import { TEXT_FACE_AVERAGE_ADVANCE_EM } from './typefaces.js';

export const SOFT_HYPHEN = '\u00AD';

export type Hyphenator = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;

const require = createRequire(import.meta.url);
const loaded = new Map<string, Hyphenator | undefined>();

/** Words remembered, at most, per language and in the minimums of a word's pieces. */
const REMEMBERED = 50_000;

/**
 * A hyphenator that remembers the words it hyphenated: a document is laid
 * out several times (each mending round builds the print page again), and
 * the articles of a batch share most of their words.
 */
function remembering(hyphenate: Hyphenator): Hyphenator {
  const known = new Map<string, string>();
  return (text, options) => {
    const key = `${options?.hyphenChar ?? ''}\u0000${options?.minWordLength ?? ''}\u0000${text}`;
    let done = known.get(key);
    if (done === undefined) {
      if (known.size >= REMEMBERED) known.clear();
      known.set(key, (done = hyphenate(text, options)));
    }
    return done;
  };
}

/** The `hyphen` package's version, read once: part of the name of the patterns kept in the build cache. */
let hyphenVersion: string | undefined;

/**
 * The hyphenator of the `hyphen` package's patterns `name` (`en-us`, `de`),
 * and whether its patterns came from the build cache or the package. Each of
 * the package's languages is a JavaScript file holding its patterns as one
 * literal of nested arrays (en-us: 99 KB), which Node compiles and runs on
 * every run that hyphenates: about 12 ms of CPU for en-us, against 1.5 ms
 * to parse the same patterns as JSON. The first run keeps them as JSON in
 * the build cache (`hyphen/`, named by the language and the package's
 * version, sealed like every file there); the hyphenator made from them is
 * the package's own (its `hyphen.js`, as its language modules make their
 * `hyphenateSync`). Throws when the package has no such language.
 */
export function hyphenatorOfPatterns(name: string, cache: string = cacheDir()): { hyphenate: Hyphenator; from: 'cache' | 'package' } {
  hyphenVersion ??= (require('hyphen/package.json') as { version: string }).version;
  const file = path.join(cache, 'hyphen', `${name}-${hyphenVersion}.json`);
  const create = require('hyphen/hyphen.js') as (patterns: unknown) => Hyphenator;
  const kept = readCacheFileSync(file);
  if (kept) {
    try {
      return { hyphenate: create(JSON.parse(kept.toString('utf8'))), from: 'cache' };
    } catch {
      // Not the patterns after all: read from the package again, below.
    }
  }
  const { patterns } = require(`hyphen/${name}`) as { patterns: unknown };
  writeCacheFileSync(file, Buffer.from(JSON.stringify(patterns)));
  return { hyphenate: create(patterns), from: 'package' };
}

/**
 * The hyphenation patterns for a BCP 47 language tag (`en`, `en-GB`, `de`),
 * or undefined when the `hyphen` package has none.
 */
export function hyphenatorFor(language: string): Hyphenator | undefined {
  const tag = language.toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(tag)) return undefined;
  const subtags = tag.split('-');
  const candidates: string[] = [];
  // Serbian in Latin letters (sr-Latn, sr-ME, sh, cnr): hyphen's `sr` and `sh` are its Cyrillic patterns, which
  // hyphenate no Latin word; its `sh-latn` are Serbo-Croatian's Latin ones ("me-đu-na-rod-ni").
  if (['sr', 'sh', 'cnr'].includes(subtags[0]!) && scriptOf(language) === 'Latn') candidates.push('sh-latn');
  for (let n = subtags.length; n >= 1; n--) candidates.push(subtags.slice(0, n).join('-'));
  for (const name of candidates) {
    if (loaded.has(name)) {
      const cached = loaded.get(name);
      if (cached) return cached;
      continue;
    }
    let hyphenator: Hyphenator | undefined;
    try {
      const patterns = hyphenatorOfPatterns(name).hyphenate;
      hyphenator = remembering(name === 'ro' ? romanianSyllables(patterns) : patterns);
    } catch {
      hyphenator = undefined;
    }
    loaded.set(name, hyphenator);
    if (hyphenator) return hyphenator;
  }
  return undefined;
}

/** The script a tag is written in, as ICU's likely subtags give it (`sh` → Latn, `sr` → Cyrl, `sr-ME` → Latn). */
function scriptOf(language: string): string | undefined {
  try {
    return localeFacts(language).script;
  } catch {
    return undefined;
  }
}

/** Romanian vowels: every syllable has one. */
const RO_VOWEL = /[aăâeiîouyáéíóúàèìòù]/iu;
const RO_LETTER = /\p{L}/u;

/**
 * The Romanian patterns (`hyphen/ro`) with their faults mended: they cut
 * "încălzire" as "în-că-l-zi-re" and "calzi" as "ca-lzi", so that a line ended
 * "încă-" and the next began "lzire". A Romanian syllable always has a vowel,
 * and never begins with l or r before another consonant (DOOM's rule splits
 * such a pair between its consonants: "căl-zi", "câr-lig"). So a break before
 * l or r and a consonant moves after the l or r, and a piece without a vowel
 * joins the syllable its consonants belong to: "în-căl-zi-re", "cal-zi",
 * "abun-da" (not "abu-n-da"), "ab-so-lu-to-riu" (not "ab-so-l-u-to-riu").
 * Measured on the 142,514 words of six letters or more of the Romanian
 * Hunspell dictionary (npm dictionary-ro), 3,595 were cut into a piece
 * without a vowel or one opening with l or r and a consonant; none is now.
 */
export function romanianSyllables(hyphenate: Hyphenator): Hyphenator {
  return (text, options) => {
    const mark = options?.hyphenChar ?? SOFT_HYPHEN;
    const hyphenated = hyphenate(text, options);
    if (!hyphenated.includes(mark)) return hyphenated;
    return hyphenated.split(/(\s+)/u).map((word) => {
      if (!word.includes(mark)) return word;
      const pieces = word.split(mark);
      for (let i = 1; i < pieces.length; i++) {
        const piece = pieces[i]!;
        if (/^[lr]/iu.test(piece) && piece.length > 1 && RO_LETTER.test(piece[1]!) && !RO_VOWEL.test(piece[1]!) && RO_VOWEL.test(pieces[i - 1]!)) {
          pieces[i - 1] = pieces[i - 1]! + piece[0]!;
          pieces[i] = piece.slice(1);
        }
      }
      // A piece without a vowel: its consonants open the next syllable when a vowel follows ("so-l-u" → "so-lu"), else close the one before ("că-l-zi" → "căl-zi").
      const merged: string[] = [];
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i]!;
        if (RO_VOWEL.test(piece) || pieces.length === 1) merged.push(piece);
        else if (i + 1 < pieces.length && (merged.length === 0 || RO_VOWEL.test(pieces[i + 1]![0]!))) pieces[i + 1] = piece + pieces[i + 1]!;
        else if (merged.length > 0) merged[merged.length - 1] += piece;
        else merged.push(piece);
      }
      return merged.join(mark);
    }).join('');
  };
}

/**
 * Drops break points that leave fewer than `left` letters before or `right`
 * letters after them within a word (TeX's \lefthyphenmin, \righthyphenmin).
 */
export function enforceMinimums(word: string, left = 2, right = 3): string {
  if (!word.includes(SOFT_HYPHEN)) return word;
  const parts = word.split(SOFT_HYPHEN);
  const letters = (s: string): number => (s.match(/\p{L}/gu) ?? []).length;
  const merged: string[] = [];
  for (const part of parts) {
    if (merged.length === 1 && letters(merged[0]!) < left) merged[0] += part;
    else merged.push(part);
  }
  while (merged.length > 1 && letters(merged[merged.length - 1]!) < right) {
    const last = merged.pop()!;
    merged[merged.length - 1] += last;
  }
  // A leading part may still be short when the word had a single break point.
  if (merged.length > 1 && letters(merged[0]!) < left) return merged.join('');
  return merged.join(SOFT_HYPHEN);
}

/**
 * Soft hyphens in the words of `text` longer than `longest` letters, and in
 * no other: a heading is never hyphenated, but a word that cannot fit on one
 * of its lines (a German compound) breaks at a syllable rather than between
 * any two letters.
 */
export function hyphenateOverlong(text: string, hyphenate: Hyphenator, longest: number): string {
  return text.replace(/[^\s]+/gu, (token) =>
    ADDRESS_LIKE.test(token)
      ? token
      : token.replace(/\p{L}[\p{L}\p{M}]*/gu, (word) => (word.length > longest ? enforceMinimums(hyphenate(word, { hyphenChar: SOFT_HYPHEN, minWordLength: 6 })) : word)),
  );
}

/**
 * A run of text that is an address, not words: a URL, an e-mail address, a
 * DOI, a path. A hyphen added there would read as part of it (a reader
 * copying "…qrstu-vwxyz…" gets a wrong DOI); the text's line breaks give an
 * address its own break points (src/line-breaks.ts).
 */
const ADDRESS_LIKE = /^\P{L}*(?:[a-z][a-z0-9+.-]*:\S|www\.)|@|\/|\b10\.\d{4,9}\//iu;

/**
 * Scripts whose languages are not hyphenated: Hebrew and Arabic break lines
 * between words only, Chinese and Japanese between any two characters,
 * Korean between words (its syllable blocks are never cut). Thai breaks
 * between words, which the `hyphen` package's patterns find; Lao, Khmer and
 * Burmese break between words too, without a hyphen, where ICU's
 * dictionaries find them (both editions set them ragged), so a PDF of them
 * lacks no patterns: each was warned that it was "set without hyphenation".
 */
/** Lao, Khmer and Burmese: not hyphenated, and set ragged (see screenRagged). */
const UNSPACED_RAGGED_SCRIPTS = new Set(['Laoo', 'Khmr', 'Mymr']);
const UNHYPHENATED_SCRIPTS = new Set(['Hebr', 'Arab', 'Syrc', 'Thaa', 'Nkoo', 'Hani', 'Hans', 'Hant', 'Jpan', 'Kore', 'Hira', 'Kana', 'Hang', ...UNSPACED_RAGGED_SCRIPTS]);

/** Languages written in a hyphenated script that are not hyphenated: Vietnamese writes each syllable as a word of its own. */
const UNHYPHENATED_LANGUAGES = new Set(['vi']);

/**
 * Whether text in `language` (a BCP 47 tag) is hyphenated at all: a language
 * that is not has no patterns to miss, and nothing to warn about.
 */
export function isHyphenated(language: string): boolean {
  try {
    const locale = localeFacts(language);
    if (UNHYPHENATED_LANGUAGES.has(locale.language)) return false;
    const script = locale.script;
    return script === undefined || !UNHYPHENATED_SCRIPTS.has(script);
  } catch {
    return true;
  }
}

/**
 * Whether the e-book sets the justified text of `language` ragged: a
 * language that is hyphenated but for which the `hyphen` package has no
 * patterns (Kazakh, Hausa) gets no soft hyphens, and a phone without a
 * dictionary for it justified its lines with gaping spaces (a Kazakh
 * article at 360 px in Chromium: 2 of 7 lines over three times the face's
 * space, the widest 9.3 times; Hausa 1 of 5, 5.2 times). So is a language
 * whose words are too long for a phone's line even broken (SCREEN_RAGGED_LANGUAGES).
 */
export function screenRagged(language: string): boolean {
  if (isHyphenated(language)) return hyphenatorFor(language) === undefined || SCREEN_RAGGED_LANGUAGES.has(language.toLowerCase().split('-')[0]!);
  // Also by the e-book's class, not only by its style sheet's `:lang()`, which calibre's conversions may not read.
  return UNSPACED_RAGGED_SCRIPTS.has(scriptOf(language) ?? '');
}

/**
 * Languages whose justified text gapes on a phone even with a soft hyphen at
 * every break point, and so is set ragged there too: Tamil agglutinates, and
 * three or four of its words fill a 360 px line. A Tamil article of 53
 * justified lines at 360 px in Chromium: 46 over three times the face's
 * space (the widest 46 times) with soft hyphens in its words over 20
 * letters, 38 of 51 (32.7 times) with every break point. Hindi, whose words
 * are short, had none of 22.
 */
const SCREEN_RAGGED_LANGUAGES = new Set(['ta']);

/** Elements whose text no screen edition hyphenates: code, addresses, pictures' markup. */
const KEPT_WHOLE = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'tt', 'script', 'style', 'math', 'svg', 'textarea', 'time']);

/**
 * The most letters a word may have, on the narrowest screen a reading app
 * shows the e-book on (a 360 px phone, about 320 px of text), before it is
 * given soft hyphens: a headline or heading line holds about 18 of
 * Literata's bold letters at its size, a line of text about 36. A reading app
 * without a hyphenation dictionary for the language (Chromium's, calibre's
 * viewer) otherwise breaks a longer word between any two letters, with no
 * hyphen ("Donaudampfschifffahrtsges" / "ellschaftskapitänswitwe").
 */
export const SCREEN_LONGEST_HEADING_WORD = 15;
export const SCREEN_LONGEST_WORD = 20;

/**
 * The most letters between soft hyphens in a headline on a screen (the
 * e-book's title page and article, the download page): the e-book's title
 * page sets it at twice the text's size, the article at 1.6 times. At a
 * reader's 200 % on a phone (a 330 px column) the article's headline holds
 * about eleven of Literata's bold letters; the title page's, at most 12 % of
 * the column (style.css), about fifteen; where it was 2em, nine, and an
 * ordinary word of eleven ("centimetres") was broken between any two
 * letters ("centimetr / es"). The download page takes the same points, so
 * that the editions break a word alike.
 */
export const SCREEN_LONGEST_HEADLINE_WORD = 10;

/**
 * Greek, Czech, Romanian, Georgian, Serbian, Icelandic and Turkish inflect
 * (Turkish and Georgian agglutinate, Icelandic compounds too), and their
 * ordinary words are as long: "Αρχαιολογικό", "εγκαινίασε", "Reykjavíkurborgar",
 * "kütüphanesinin". With soft hyphens only in words of over 20 letters, a
 * Greek article at 360 px in Chromium set "Το      Εθνικό      Αρχαιολογικό
 * Μουσείο" as one line. Measured on one news article in each (5-13 justified
 * lines each, 56 in all), the lines whose word spaces are over three times
 * the face's space fell from 20 to 5 (Greek 4 of 8 to 1, Czech 1 of 13 to 0,
 * Romanian 4 of 10 to 0, Georgian 5 of 7 to 3, Serbian 3 of 8 to 0,
 * Icelandic 1 of 5 to 1, Turkish 2 of 5 to 0), the widest from 13.7 to 8.5
 * times (Georgian). Ukrainian and Russian inflect too ("запам’ятовують",
 * "вимовляють"): at 360 px over half the justified lines of a Ukrainian
 * article (48 of 91) and of a Russian one (17 of 33) had word spaces over
 * three times the face's, 14 of 90 and 3 of 29 with every break point.
 * Kazakh and Hausa have no patterns in the `hyphen` package.
 */
const INFLECTED_LANGUAGES = ['el', 'cs', 'ro', 'ka', 'sr', 'is', 'tr', 'uk', 'ru'];

/**
 * Languages whose justified text gets soft hyphens at every break point of
 * every word, as print does, not only in words longer than
 * SCREEN_LONGEST_WORD: their ordinary words are long (Finnish, Estonian and
 * Hungarian inflect and compound, German, Dutch and the Scandinavian
 * languages compound, Polish inflects), so that on a phone without a
 * hyphenation dictionary for them a justified line before a 12- to 19-letter
 * word gaped ("Rovaniemen        lentoaseman"). Measured on the Universal
 * Declaration of Human Rights, 1,200–1,900 words a language, at 360 px in
 * Chromium: the lines whose word spaces are over three times the face's
 * space were 61 % in Finnish, 68 % Estonian, 63 % Hungarian, 67 % Polish,
 * 58 % German, 49 % Swedish, 48 % Danish, 45 % Dutch, 41 % Norwegian (English
 * 34 %, Spanish 37 %, French 38 %, Portuguese 40 %); with every break point
 * 23, 16, 13, 18, 20, 14, 11, 11 and 9 %. Fewer did less (in Finnish: the fewest
 * break points that leave no piece over 12 letters, 59 %; every break point
 * of words over 11 or over 9 letters, 42 and 35 %). It costs half a kilobyte of a
 * compressed e-book for 1,200 Finnish words. A reading app with a dictionary
 * for the language loses nothing: the patterns are the ones it would use,
 * and where a word has soft hyphens it breaks only at them.
 */
const EVERY_BREAK_LANGUAGES = new Set(['fi', 'et', 'hu', 'de', 'nl', 'sv', 'da', 'nb', 'nn', 'no', 'pl', ...INFLECTED_LANGUAGES]);

/** The most letters between soft hyphens in the justified text of `language`: SCREEN_LONGEST_WORD, or 1 (every break point) in EVERY_BREAK_LANGUAGES. */
export function screenLongestJustifiedWord(language: string): number {
  return EVERY_BREAK_LANGUAGES.has(language.toLowerCase().split('-')[0]!) ? 1 : SCREEN_LONGEST_WORD;
}

/** Blocks set justified in the e-book (its style sheet), unless inside one set ragged (RAGGED). */
const JUSTIFIED = new Set(['p', 'dd']);
/** Elements whose text the e-book sets ragged: captions, notes, stanzas. */
const RAGGED_CLASSES = ['verse', 'note', 'notes', 'attribution'];

/**
 * A copy of `tree` with soft hyphens in its words too long for a narrow
 * screen's line (hyphenateOverlong): in headings, words longer than
 * SCREEN_LONGEST_HEADING_WORD letters, elsewhere longer than
 * SCREEN_LONGEST_WORD, and in the justified text of some languages at every
 * break point (screenLongestJustifiedWord). Other words, code and addresses are left as they
 * are, so that a reader's search and a copy of the text find them whole.
 */
export function hyphenateForScreens<T extends Root | Element>(tree: T, language: string): T {
  const patterns = hyphenatorFor(language);
  if (!patterns) return tree;
  const copy = structuredClone(tree);
  const justifiedLongest = screenLongestJustifiedWord(language);
  const longestIn = (element: Element, longest: number, ragged: boolean): number =>
    /^h[1-6]$/.test(element.tagName) ? SCREEN_LONGEST_HEADING_WORD : JUSTIFIED.has(element.tagName) && !ragged ? justifiedLongest : longest;
  // Text marked in another language (a span's `lang`) is broken by that language's patterns, or not at all where it has none: a
  // Turkish article's Polish name was cut by the Turkish ones, "Ma-ł-gor-za-ta", "Wi-ś-ni-ews-ka", where Polish has "Mał-go-rza-ta".
  const walk = (node: Root | Element, longest: number, ragged: boolean, own: Hyphenator | undefined): void => {
    for (const child of node.children) {
      if (child.type === 'text') child.value = own ? hyphenateOverlongForScreens(child.value, own, longest) : child.value;
      else if (child.type === 'element' && !isKeptWhole(child)) {
        const inRagged = ragged || child.tagName === 'figcaption' || classesOf(child).some((name) => RAGGED_CLASSES.includes(name));
        const marked = languageOf(child);
        const limit = child.tagName === 'table' ? Math.min(longest, screenLongestCellWord(child)) : longestIn(child, longest, inRagged);
        walk(child, limit, inRagged, marked === undefined ? own : patternsOf(marked));
      }
    }
  };
  walk(copy, copy.type === 'element' ? longestIn(copy, SCREEN_LONGEST_WORD, false) : SCREEN_LONGEST_WORD, false, patterns);
  return copy;
}

/**
 * The most letters a word of a table's cell may have on a phone before it is
 * given soft hyphens: what one column's share of a 360 px screen's text
 * (324 px) holds of Literata's letters at the table's size there (style.css:
 * 0.9 of the text's 16 px, a row of five cells or more 0.85 of that), less a
 * quarter. A cell's long word breaks by itself only where nothing else can, which
 * never narrows a table: a five-column table with "Szczebrzeszyn" and
 * "Reconstruction" ran 80 px past a 360 px screen. Never fewer than 8 letters:
 * a shorter word is broken, if it must be, between letters (style.css).
 */
function screenLongestCellWord(table: Element): number {
  // A wide table (more than six columns) breaks its words wherever its column is too narrow (style.css): no soft hyphens.
  if (classesOf(table).includes('wide')) return SCREEN_LONGEST_WORD;
  let columns = 0;
  const count = (node: Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'tr') columns = Math.max(columns, child.children.filter((cell) => cell.type === 'element' && (cell.tagName === 'td' || cell.tagName === 'th')).length);
      else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') count(child);
    }
  };
  count(table);
  if (columns <= 1) return SCREEN_LONGEST_WORD;
  return Math.max(8, Math.floor((0.75 * PHONE_COLUMN) / columns / (TEXT_FACE_AVERAGE_ADVANCE_EM * phoneTableType(columns))));
}

/** The language an element marks its text in (`lang`), if it marks one. */
export function languageOf(element: Element): string | undefined {
  const lang = element.properties.lang ?? element.properties.xmlLang;
  return typeof lang === 'string' && lang !== '' ? lang : undefined;
}

/** The patterns that break words of `language`, or none where it is not hyphenated (Japanese, Arabic, Vietnamese) or has no patterns. */
export function patternsOf(language: string): Hyphenator | undefined {
  return isHyphenated(language) ? hyphenatorFor(language) : undefined;
}

/** A line of text (a headline, a dek) as hyphenateForScreens sets it, `longest` letters at most between break points. */
export function hyphenateLineForScreens(text: string, language: string, longest: number): string {
  const patterns = hyphenatorFor(language);
  return patterns ? hyphenateOverlongForScreens(text, patterns, longest) : text;
}

/**
 * hyphenateOverlong with the fewest break points that leave no piece longer
 * than `longest` letters: the soft hyphens stay in the text a reading app
 * searches, copies and converts (calibre's TXT keeps them), so a word gets
 * no more of them than a narrow line needs.
 */
function hyphenateOverlongForScreens(text: string, hyphenate: Hyphenator, longest: number): string {
  return hyphenateOverlong(text, hyphenate, longest).replace(/[^\s\u00AD]*\u00AD[^\s]*/gu, (word) => {
    const pieces = word.split(SOFT_HYPHEN);
    let out = pieces[0]!;
    let run = pieces[0]!.length;
    for (const piece of pieces.slice(1)) {
      if (run + piece.length > longest) {
        out += SOFT_HYPHEN + piece;
        run = piece.length;
      } else {
        out += piece;
        run += piece.length;
      }
    }
    return out;
  });
}

/**
 * A headline (or the cover's dek) with soft hyphens in its words longer than
 * `longest` letters, at break points every edition takes in the same order,
 * so that the e-book, the download page, the print and the cover break one
 * word at the same syllables, each at as many as its line needs: a narrower
 * line takes more of them, a wider one the first few. The first is the
 * pattern's point nearest the word's middle (the later of two as near), then
 * the point nearest the middle of its longest piece, and so on until no piece
 * is longer than `longest` (where a piece has no point inside, it stays whole).
 * Halving gives even pieces ("Lentokonesuihkuturbiini|moottoriapumekaanikko",
 * "Arbeitsunfähigkeits|bescheinigungen"), where breaking at the last point
 * each piece allows gave "Gemeenteraadsver|kiezingen". The three editions had
 * each chosen their own: one German compound in an English article broke as
 * "…fahrtselek-", "…fahrtse-" and "…elektriz-". The patterns do not tell a
 * compound's joints from its other syllables (TeX's patterns mark only where
 * a word may break): halves fall on a joint more often, not always.
 */
export function hyphenateHeadline(text: string, language: string, longest: number): string {
  const patterns = hyphenatorFor(language);
  if (!patterns) return text;
  return hyphenateOverlong(text, patterns, longest).replace(/[^\s\u00AD]*\u00AD[^\s]*/gu, (word) => {
    const pieces = word.split(SOFT_HYPHEN);
    // Where each break point falls, in characters from the word's start (the ends excluded).
    const points: number[] = [];
    let at = 0;
    for (const piece of pieces.slice(0, -1)) points.push((at += piece.length));
    const kept = new Set<number>();
    const segments: Array<[number, number]> = [[0, at + pieces.at(-1)!.length]];
    for (;;) {
      // The longest piece still too long that has a point inside (the first of two as long).
      let chosen: { index: number; point: number } | undefined;
      segments.forEach(([from, to], index) => {
        if (to - from <= longest || (chosen && to - from <= segments[chosen.index]![1] - segments[chosen.index]![0])) return;
        const middle = (from + to) / 2;
        let point: number | undefined;
        for (const candidate of points) {
          if (candidate <= from || candidate >= to) continue;
          if (point === undefined || Math.abs(candidate - middle) <= Math.abs(point - middle)) point = candidate;
        }
        if (point !== undefined) chosen = { index, point };
      });
      if (!chosen) break;
      const [from, to] = segments[chosen.index]!;
      segments.splice(chosen.index, 1, [from, chosen.point], [chosen.point, to]);
      kept.add(chosen.point);
    }
    let out = '';
    let position = 0;
    for (const piece of pieces) {
      if (position > 0 && kept.has(position)) out += SOFT_HYPHEN;
      out += piece;
      position += piece.length;
    }
    return out;
  });
}

/**
 * The headline and dek as the e-book's pages set them: a word too long for a
 * phone's line breaks at a syllable, with a hyphen, rather than between any
 * two letters (the headline is large: its words are cut shorter).
 */
export function screenTitles<T extends { title: string; subtitle?: string | undefined; titleRuns?: Runs | undefined; subtitleRuns?: Runs | undefined }>(view: T, language: string): T {
  // A headline or dek in runs is hyphenated run by run, each in its own language.
  // The headline breaks where the other editions do (hyphenateHeadline), each piece short enough for a phone's line at a reader's 200 %.
  const titleRuns = view.titleRuns?.map((run) => ({ ...run, text: hyphenateHeadline(run.text, run.lang ?? language, SCREEN_LONGEST_HEADLINE_WORD) }));
  const title = titleRuns ? titleRuns.map((run) => run.text).join('') : hyphenateHeadline(view.title, language, SCREEN_LONGEST_HEADLINE_WORD);
  const runs = view.subtitleRuns?.map((run) => ({ ...run, text: hyphenateLineForScreens(run.text, run.lang ?? language, SCREEN_LONGEST_WORD) }));
  const subtitle = runs ? runs.map((run) => run.text).join('') : view.subtitle ? hyphenateLineForScreens(view.subtitle, language, SCREEN_LONGEST_WORD) : view.subtitle;
  // A view that also carries them as markup (its Chinese or Japanese words marked) gets them from the hyphenated text.
  const markup =
    'titleHtml' in view
      ? {
          titleHtml: titleRuns ? runsHtml(titleRuns, language) : phraseBreaksHtml(title, language),
          subtitleHtml: subtitle === undefined ? undefined : runs ? runsHtml(runs, language) : phraseBreaksHtml(subtitle, language),
        }
      : {};
  const withRuns = { ...(titleRuns ? { titleRuns } : {}), ...(runs ? { subtitleRuns: runs } : {}) };
  return view.subtitle ? { ...view, title, subtitle, ...withRuns, ...markup } : { ...view, title, ...withRuns, ...markup };
}

/** A headline's or dek's runs, each in its language when the manuscript marks one. */
type Runs = Array<{ text: string; lang?: string; dir?: 'ltr' | 'rtl' }>;

function classesOf(element: Element): string[] {
  const value: unknown = element.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

function isKeptWhole(element: Element): boolean {
  if (KEPT_WHOLE.has(element.tagName)) return true;
  const classes = classesOf(element);
  if (classes.includes('url') || classes.includes('nohyphenate')) return true;
  // A link that shows its address.
  if (element.tagName === 'a') {
    const href = typeof element.properties?.href === 'string' ? element.properties.href : '';
    const text = element.children.map((child) => (child.type === 'text' ? child.value : '')).join('').trim();
    if (href !== '' && (text === href || href.endsWith(text) || /^[a-z][a-z0-9+.-]*:\/\//i.test(text))) return true;
  }
  return false;
}
