/**
 * Where a line may break, for both editions: the reader applies these to the
 * content tree, and the writers to URLs they print from the metadata.
 *
 * - A range of numbers ("7–2", "1987–2017") stays on one line: it is set in
 *   a `span.nobreak` (`white-space: nowrap` in both style sheets), as Unicode
 *   line breaking would otherwise break after the en dash. Markup rather than
 *   a character: a word joiner (U+2060) there stayed in the e-book's and the
 *   PDF's text, so that searching or copying "3–1" found nothing.
 * - A closing quotation mark or bracket keeps the Korean particle or ending
 *   written after it ("…있다”고 말했다", "(주)는"): it is held in a
 *   `span.nobreak` too. Unicode line breaking (UAX #14 LB19a, Unicode 15.1,
 *   which Chromium's ICU follows) breaks between a quotation mark and East
 *   Asian letters, and `word-break: keep-all` holds only letters to letters,
 *   so "있다” / 고 말했다" broke where no Korean reader sees a line start.
 * - A number keeps its unit on its line ("100 °C", "572 kJ", "24 cm", "45 %",
 *   and a mixed number, "1 1/2" or "1 ½"): the space between becomes a no-break space
 *   (U+00A0), in the text and in the headline and dek (`bindUnits`); so do an
 *   abbreviation and the number it names ("p. 47", "No. 5", "§ 5"), and a
 *   title or an initial and the name after it ("Dr. Jürgen", "J. Nowak":
 *   `bindAbbreviations`), and a dash set between spaces and the word before
 *   it, which it never opens a line (`bindDashes`).
 * - A number grouped with spaces ("649 851") in a language that groups its
 *   digits so keeps its groups on one line, by no-break spaces
 *   (`bindDigitGroups`).
 * - A URL (a DOI, an e-mail address) breaks only after `/`, `.`, `?`, `&`,
 *   `=`, `_` or `@`, so that the line ends with the character that shows the
 *   address goes on, or before `-`; never inside a word, and never at an
 *   added hyphen. `<wbr>` marks each place; the stylesheets set URLs
 *   unhyphenated (class `url`).
 * - A long run of inline code (an identifier, a call, a path) breaks after
 *   `/`, `.`, `-`, `_`, `=` or `(` between its parts, and between the humps
 *   of a camel-case name: unbreakable, it would leave the line before it four
 *   words spread across the measure (print is justified), or run off a
 *   phone's screen. Never after a run's first two characters or before its
 *   last three, never inside `//`, `--`, `==`, `=>` or `()`.
 * - A listing's line wider than the screen or the page wraps at its spaces
 *   first; a word of it too long for a line breaks as inline code does, and
 *   an option (`-name`, `--template=`) never after its leading dashes. Each
 *   line of the listing is a box of its own (`span.code-line`), so that the
 *   stylesheets set what a line wraps onto with a hanging indent.
 */
import type { ElementContent } from 'hast';
import { writtenLanguage } from './language.js';

/** Text made safe for HTML and XHTML text and double-quoted attributes (an apostrophe stays one, as in the rest of the markup). */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A range of numbers: "7–2", "1987–2017", "1,200–1,500", "3.5–4". */
const NUMBER_RANGE = /\d+(?:[.,]\d+)*\u2013\d+(?:[.,]\d+)*/g;

/** Closing quotation marks or brackets and the Hangul written right after them: a Korean particle or ending ("”고", "”라며", ")는"). */
const CLOSER_PARTICLE = /[\p{Pe}\p{Pf}]+\p{Script=Hangul}+/u;

/**
 * A word joined by a non-breaking hyphen (U+2011, as a word processor writes
 * "20‑liter" and "Rimsky‑Korsakov"). No face galley ships draws U+2011 but
 * Amiri, an Arabic face: its Latin hyphen came into the text, and the whole
 * face (four files, a line in the colophon) into the e-book, for one
 * character. The word is held whole instead, and its hyphens set as the
 * hyphen every face draws (`withNumberRanges`).
 */
const NO_BREAK_HYPHENED = /[^\s\u2011]*\u2011\S*/u;

/** What a line never breaks inside: a range of numbers, a closing mark with its particle, a word of non-breaking hyphens. */
const HELD = new RegExp(`${NUMBER_RANGE.source}|${CLOSER_PARTICLE.source}|${NO_BREAK_HYPHENED.source}`, 'gu');

/** A non-breaking hyphen as the hyphen every face draws (see NO_BREAK_HYPHENED): a line's break is held by markup. */
export function asHyphen(text: string): string {
  return text.includes('\u2011') ? text.replace(/\u2011/g, '-') : text;
}

/**
 * A one-letter prefix at a word's start, or an elided one of one or two
 * letters after an apostrophe, its hyphen and the next letter: the Irish and
 * Maltese t-, n-, h- ("an t-aos", "u n-nies"), the Dutch ’s-, ’t-
 * ("’s-Hertogenbosch"), "e-mail", "X-ray". Left at a line's end, the prefix
 * reads as a stray letter. (Two letters without an apostrophe, "US-Russian",
 * "al-Assad", may break.)
 */
const SHORT_PREFIX = /(?<![\p{L}\p{M}\p{N}\u00AD'‘’-])(?:['‘’]\p{L}{1,2}|\p{L})-\p{L}/gu;

/** What a headline or dek never breaks inside: a closing mark with its particle, a short prefix with its word. */
const HELD_IN_HEADLINES = new RegExp(`${CLOSER_PARTICLE.source}|${SHORT_PREFIX.source}`, 'gu');

/**
 * Languages whose rules repeat a word's own hyphen at the next line's start
 * when a line breaks there ("segunda- / -feira"): Portuguese (the Acordo's
 * Base XX), Galician, Polish, Czech, Slovak, Croatian, Slovenian. Neither
 * edition's browser can repeat it, and without it a reader takes the hyphen
 * for a syllable's ("segundafeira"): the line does not break there at all
 * (the word may still break at a syllable).
 */
const HYPHEN_REPEATING = new Set(['pt', 'gl', 'pl', 'cs', 'sk', 'hr', 'sl']);
const WORD_HYPHENS = /\p{L}(?:-\p{L})+/gu;

/** Whether `language` (a BCP 47 tag) repeats a word's own hyphen at a line's start (HYPHEN_REPEATING). */
export function repeatsHyphen(language: string): boolean {
  return HYPHEN_REPEATING.has(language.toLowerCase().split('-')[0]!);
}

/**
 * Text with each range of numbers and each closing mark with its Korean
 * particle in a `span.nobreak` (see above), and each
 * hyphen a line must not break at with the letters on either side
 * (SHORT_PREFIX; in `language`, when it repeats hyphens, every hyphen inside
 * a word), and each word of non-breaking hyphens (NO_BREAK_HYPHENED); the
 * text itself as it was, but for those hyphens.
 */
export function withNumberRanges(text: string, language?: string): ElementContent[] {
  const matches = [...text.matchAll(HELD)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  if (text.includes('-')) {
    for (const match of text.matchAll(SHORT_PREFIX)) matches.push({ start: match.index, end: match.index + match[0].length });
    if (language && repeatsHyphen(language)) for (const match of text.matchAll(WORD_HYPHENS)) matches.push({ start: match.index, end: match.index + match[0].length });
    matches.sort((a, b) => a.start - b.start || b.end - a.end);
  }
  const nodes: ElementContent[] = [];
  let last = 0;
  for (const { start, end } of matches) {
    if (start < last) continue;
    if (start > last) nodes.push({ type: 'text', value: asHyphen(text.slice(last, start)) });
    nodes.push(element('span', ['nobreak'], [{ type: 'text', value: asHyphen(text.slice(start, end)) }]));
    last = end;
  }
  if (last < text.length || nodes.length === 0) nodes.push({ type: 'text', value: asHyphen(text.slice(last)) });
  return nodes;
}

/**
 * Units a number keeps on its line: SI and everyday units with their
 * prefixes, temperatures, percentages, and the Unicode symbols for them.
 * Only as a whole word ("5 min", not "5 minutes"; "3 m", not "3 mice"); not
 * "in" nor "mi", which are words more often than inches and miles.
 */
const UNIT = [
  '°[CFK]?', '℃', '℉', '%', '‰', '′', '″',
  '(?:[kMGTmµμnp]|da|c|h)?(?:m|g|s|Hz|W|Wh|J|V|A|Ω|Pa|N|L|l|t|mol|cd|lm|lx|Bq|Gy|Sv|eV|B|b|bit)',
  '(?:km|cm|mm|m|ft)[²³2³]?', 'K', 'min', 'h', 'd', 'bar', 'mbar', 'cal', 'kcal', 'kWh', 'MWh', 'GWh', 'ha', 'dB', 'ppm', 'ppb',
  'km/h', 'm/s', 'mph', 'kn', 'lb', 'lbs', 'oz', 'yd', 'gal', 'mL', 'dl', 'cl', 'ml', 'kB', 'MB', 'GB', 'TB',
].join('|');
/** A fraction's own character (½, ¾, ⅔, ⅛…), as a recipe writes "1 ½ cups": the whole number keeps it, as it keeps "1/2". */
const VULGAR_FRACTION = '[\u00BC-\u00BE\u2150-\u215E]';
const NUMBER_UNIT = new RegExp(String.raw`(?<![\p{L}\p{N}.,])(\d+(?:[.,]\d+)*) (?=(?:${UNIT}|\d+/\d+|${VULGAR_FRACTION})(?![\p{L}\p{N}]))`, 'gu');

/** A licence's version on the line of its name: "ODbL 1.0", "CC BY-SA 4.0" (a credit's "Licence: ODbL / 1.0" broke there). */
export function bindVersions(text: string): string {
  return text.replace(/ (?=\d+(?:\.\d+)+(?![\p{L}\p{N}]))/gu, '\u00A0');
}

/**
 * Abbreviations that name what the number after them counts: a page ("p. 47", "pp. 12–14", German "S. 12",
 * Polish and Czech "s. 12"), a number ("No. 5", "Nr. 3", "n° 3", "nº 3", "№ 3"), a section ("§ 5"), an
 * article, a volume, a chapter, a figure. A note's "2023, p. / 47." parted them.
 */
const NUMBER_LABEL = /(?<![\p{L}\p{N}])((?:pp?|S|s|[Nn]os?|[Nn]r|[Vv]ol|[Cc]h|[Cc]hap|[Aa]rt|[Ff]ig)\.|[Nn][°º]|№|§§?) (?=\d)/gu;

/**
 * A title abbreviated before a name ("Dr. Jürgen Weißmüller", "Gen. Joseph Dunford", "Mr. Putin", "Mme Dupont",
 * "д-р Иванов", "проф. Петров"), or an initial before the name it belongs to ("J. Nowak", "T. S. Eliot"). A
 * headline on a phone ended a line with "Dr.", "Jürgen Weißmüller" opening the next.
 */
const TITLE = /(?<![\p{L}\p{N}.])((?:Dr|Prof|Mr|Mrs|Ms|Mx|Mme|Mlle|Mgr|Messrs|St|Sr|Sra|Srta|Hr|Fr|Dir|Gen|Col|Lt|Capt|Sgt|Rev|Sen|Rep|Gov|Pres|Ing|Mag|Dipl|Dott|Sig|Adm|Maj|Cpl|Hon|д-р|проф|акад|ген|[\p{Lu}])\.|Mme|Mlle|Mgr|Dr|Mr|Mrs|Ms|д-р) (?=\p{Lu})/gu;

/** "572 kJ" → "572\u00A0kJ": a number and its unit (or a mixed number's fraction, "1 1/2", "1 ½") on one line. */
export function bindUnits(text: string): string {
  return text.replace(NUMBER_UNIT, '$1\u00A0');
}

/**
 * "p. 47" → "p.\u00A047", a number and the abbreviation that names what it counts (NUMBER_LABEL); "Dr. Jürgen" →
 * "Dr.\u00A0Jürgen", a name and the title or initial before it (TITLE).
 */
export function bindAbbreviations(text: string): string {
  return text.replace(NUMBER_LABEL, '$1\u00A0').replace(TITLE, '$1\u00A0');
}

/** The spaces before a dash set between spaces, "itself — which", "ловил, — говорит", "2022 – 2023". */
const SPACE_BEFORE_DASH = /[ \t]+(?=[\u2013\u2014\u2015](?:[ \t\n]|$))/gu;

/**
 * A dash set between spaces keeps to the word before it: it never opens a line ("— which, for the 38 % of renters"
 * began a line on a phone), as typesetters of English and Russian alike require. A dash that opens a paragraph
 * (a line of dialogue, an attribution) has no space before it and is left as it is.
 */
export function bindDashes(text: string): string {
  return text.replace(SPACE_BEFORE_DASH, '\u00A0');
}

/** A number with its unit and label, a name with its title, a dash with the word before it (bindUnits, bindAbbreviations, bindDashes). */
export function bindNeighbours(text: string): string {
  return bindDashes(bindAbbreviations(bindUnits(text)));
}

/**
 * Languages that group a number's digits with a space ("649 851", "9 000"),
 * beyond those whose CLDR grouping separator is one: Spanish, whose CLDR
 * separator is a full stop, but whose Academy has recommended the space
 * since its Ortografía of 2010 (and whose press writes it).
 */
const SPACE_GROUPING_TOO = new Set(['es']);
const spaceGrouping = new Map<string, boolean>();

/**
 * Whether `language` (a BCP 47 tag) groups digits with a space: its CLDR
 * grouping separator is a space, a no-break space or a narrow one (French,
 * European Portuguese, Finnish, Swedish, Polish, Czech, Russian…), or it is
 * one of SPACE_GROUPING_TOO.
 */
export function groupsDigitsWithSpace(language: string): boolean {
  let answer = spaceGrouping.get(language);
  if (answer === undefined) {
    try {
      const group = new Intl.NumberFormat(language).formatToParts(1234567).find((part) => part.type === 'group')?.value ?? '';
      answer = /^\s$/u.test(group) || SPACE_GROUPING_TOO.has(new Intl.Locale(language).language);
    } catch {
      answer = false;
    }
    spaceGrouping.set(language, answer);
  }
  return answer;
}

/**
 * A number grouped with spaces: a group of one to three digits, then groups of
 * exactly three, not inside a longer number ("in 2024 1,000 people" holds no
 * such number: 2024 is four digits).
 */
const DIGIT_GROUPS = /(?<!\p{N}[.,]?)\p{Nd}{1,3}(?: \p{Nd}{3})+(?!\p{N})/gu;

/**
 * "649 851 euros" → "649\u00A0851 euros" in a language that groups digits
 * with a space (groupsDigitsWithSpace): a line broke inside the number, and a
 * reader read "649" and then "851 euros", another number. A no-break space,
 * not a narrow one: the shipped text face draws no U+202F. Other languages'
 * text is returned as it is, where two numbers may well stand side by side.
 */
export function bindDigitGroups(text: string, language: string): string {
  if (!/\p{Nd} \p{Nd}/u.test(text) || !groupsDigitsWithSpace(language)) return text;
  return text.replace(DIGIT_GROUPS, (number) => number.replaceAll(' ', '\u00A0'));
}

/**
 * A URL or www. address in running text, a DOI (10.1234/abc.2019, also
 * written doi:10.…), which is an address too, or an e-mail address: set as
 * one, it breaks at its punctuation rather than being hyphenated like a word,
 * broken at its own hyphens, or left whole to spread its line (trailing
 * punctuation left out).
 */
export const URL_IN_TEXT = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|(?:doi:)?10\.\d{4,9}\/)[^\s<>"]*[^\s<>".,;:!?'’”)\]]|(?<![\p{L}\p{N}._%+-])[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/giu;

/** After these a URL may break: the line ends with a mark that shows the address goes on. */
const BREAK_AFTER = new Set(['/', '.', '?', '&', '=', '_', '@']);

/**
 * The pieces of a URL (or an e-mail address) between break points: after
 * `/`, `.`, `?`, `&`, `=`, `_` and `@`, and before `-` (as the Chicago Manual
 * asks), so that a line never ends in a hyphen a reader takes for a word's
 * ("www.example-" / "research-institute.org", which poppler's text joins as
 * "exampleresearch-institute.org"), and a query string breaks between its
 * fields rather than inside a word ("utm_campaign=wee" / "kly"). A run of
 * marks ("//", "/?", "--") stays together; nothing breaks before the
 * address's third character or leaves a piece of one character at its end.
 */
export function urlPieces(url: string): string[] {
  const chars = [...url];
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const next = chars[i + 1];
    if (char === '-' && chars[i - 1] !== '-' && current.length >= 2 && i < chars.length - 2) {
      pieces.push(current);
      current = '';
    }
    current += char;
    if (BREAK_AFTER.has(char) && !(next !== undefined && BREAK_AFTER.has(next)) && next !== '-' && i < chars.length - 2 && (pieces.length > 0 || current.length >= 2)) {
      pieces.push(current);
      current = '';
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** A hyphen of an address with the character after it: a browser breaks after a hyphen, which an address's must not (urlPieces). */
const ADDRESS_HYPHEN = /-+./gu;

/** A piece of a URL as hast: each hyphen held to the character after it in a `span.nobreak`. */
function urlPieceNodes(piece: string): ElementContent[] {
  if (!piece.includes('-')) return [{ type: 'text', value: piece }];
  const nodes: ElementContent[] = [];
  let last = 0;
  for (const match of piece.matchAll(ADDRESS_HYPHEN)) {
    if (match.index > last) nodes.push({ type: 'text', value: piece.slice(last, match.index) });
    nodes.push(element('span', ['nobreak'], [{ type: 'text', value: match[0] }]));
    last = match.index + match[0].length;
  }
  if (last < piece.length) nodes.push({ type: 'text', value: piece.slice(last) });
  return nodes;
}

/** hast for a URL with a `<wbr>` at each break point, and no break after a hyphen. */
export function breakableUrl(url: string): ElementContent[] {
  const nodes: ElementContent[] = [];
  urlPieces(url).forEach((piece, i) => {
    if (i > 0) nodes.push({ type: 'element', tagName: 'wbr', properties: {}, children: [] });
    nodes.push(...urlPieceNodes(piece));
  });
  return nodes;
}

/** HTML/XHTML for a URL with `<wbr/>` at each break point, and no break after a hyphen (for templates). */
export function breakableUrlHtml(url: string): string {
  return urlPieces(url)
    .map((piece) => urlPieceNodes(piece).map((node) => (node.type === 'text' ? escapeText(node.value) : node.type === 'element' && node.children[0]?.type === 'text' ? `<span class="nobreak">${escapeText(node.children[0].value)}</span>` : '')).join(''))
    .join('<wbr/>');
}

/** A run of code shorter than this many characters is left whole: it fits a line as it is. */
export const CODE_RUN_BREAKABLE = 16;

/** The pieces of a run of code without spaces between break points (see above); one piece when it is short. */
export function codePieces(run: string): string[] {
  const chars = [...run];
  if (chars.length < CODE_RUN_BREAKABLE) return [run];
  const word = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}]/u.test(char);
  const breakAfter = (i: number): boolean => {
    const char = chars[i]!;
    const next = chars[i + 1];
    const previous = chars[i - 1];
    switch (char) {
      case '/':
        return next !== '/';
      case '.':
      case '-':
      case '_':
        // Inside a name ("files.length", "in-full", "snake_case"), not "--flag" or "...".
        return word(previous) && word(next);
      case '=':
        return next !== '=' && next !== '>' && previous !== '=' && previous !== '!' && previous !== '<' && previous !== '>';
      case '(':
        return next !== ')';
      default:
        // A camel-case hump: "Identifier|Name".
        return /\p{Ll}/u.test(char) && next !== undefined && /\p{Lu}/u.test(next);
    }
  };
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i < chars.length - 3; i++) {
    if (i + 1 - start < 2 || !breakAfter(i)) continue;
    pieces.push(chars.slice(start, i + 1).join(''));
    start = i + 1;
  }
  pieces.push(chars.slice(start).join(''));
  return pieces;
}

/** Inline code's text with a `<wbr>` at each break point of its long runs (see `codePieces`). */
export function breakableCode(text: string): ElementContent[] {
  const nodes = breakableWords(text);
  return nodes.length === 0 ? [{ type: 'text', value: text }] : nodes;
}

/** An option's name, up to its `=`: `-n`, `--template=`. */
const OPTION = /^-{1,2}[^-=\s][^=\s]*=?/;

/**
 * Text with a `<wbr>` at each break point of its long words, and each
 * option's name in a `span.nobreak`: a browser may break a line after a
 * hyphen, and would leave "--" at the end of one line and the name on the next.
 */
function breakableWords(text: string): ElementContent[] {
  const nodes: ElementContent[] = [];
  let pending = '';
  const flush = (): void => {
    if (pending) nodes.push({ type: 'text', value: pending });
    pending = '';
  };
  for (const part of text.split(/(\s+)/)) {
    if (part === '') continue;
    if (/\s/.test(part)) {
      pending += part;
      continue;
    }
    let word = part;
    const option = OPTION.exec(word);
    if (option) {
      flush();
      nodes.push(element('span', ['nobreak'], [{ type: 'text', value: option[0] }]));
      word = word.slice(option[0].length);
      if (word) nodes.push(wbr());
    }
    codePieces(word).forEach((piece, i) => {
      if (i > 0) {
        flush();
        nodes.push(wbr());
      }
      pending += piece;
    });
  }
  flush();
  return nodes;
}

const element = (tagName: string, className: string[], children: ElementContent[]): ElementContent => ({ type: 'element', tagName, properties: { className }, children });
const wbr = (): ElementContent => ({ type: 'element', tagName: 'wbr', properties: {}, children: [] });

/**
 * A listing's text (the text of `pre > code`) as one `span.code-line` per
 * line, each holding its newline; an option's name (up to its `=`) in a
 * `span.nobreak` (a line may otherwise break after a hyphen), the rest of a
 * long word with a `<wbr>` at each of its break points.
 */
export function breakableListing(text: string): ElementContent[] {
  return text.split(/(?<=\n)/).map((line) => element('span', ['code-line'], breakableWords(line)));
}

/** Text with each URL set in a `span.url` with its break points (`breakableUrl`), and its other words' numbers held to their ranges and units, and their hyphens as `language` keeps them (withNumberRanges). */
export function textWithBreakableUrls(text: string, language?: string): ElementContent[] {
  const nodes: ElementContent[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const start = match.index;
    if (start > last) nodes.push(...withNumberRanges(bindNeighbours(text.slice(last, start)), language));
    nodes.push(element('span', ['url'], breakableUrl(match[0])));
    last = start + match[0].length;
  }
  if (last < text.length) nodes.push(...withNumberRanges(bindNeighbours(text.slice(last)), language));
  return nodes;
}

/**
 * Content (a credit's line, as the credits list quotes it) with its URLs
 * breakable as in the text: "Photo: Lena Ortiz/https://example.com/a/…"
 * broke inside the name, the address being one unbreakable word. Code and
 * an address already marked are left as they are.
 */
export function withBreakableUrls(content: ElementContent[]): ElementContent[] {
  return content.flatMap((node): ElementContent[] => {
    if (node.type === 'text') return textWithBreakableUrls(node.value);
    if (node.type !== 'element' || ['code', 'pre', 'kbd', 'samp'].includes(node.tagName)) return [node];
    if (Array.isArray(node.properties.className) && node.properties.className.includes('url')) return [node];
    return [{ ...node, children: withBreakableUrls(node.children) }];
  });
}

/** A Han character or kana: what Chinese and Japanese break between anywhere. */
const HAN_OR_KANA = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
/** A numeral, which holds on to the word it counts (三代目: the dictionary cuts 三 / 代目). */
const NUMERAL = /^[〇一二三四五六七八九十百千万億兆0-9０-９]+$/;
/** Opening brackets and quotes, which a line never ends with. */
const OPENING = /[\p{Ps}\p{Pi}]$/u;

/**
 * HTML/XHTML for a Chinese or Japanese headline or dek with `<wbr/>` between
 * its words (Intl.Segmenter's, which knows their dictionaries); the style
 * sheets set these `word-break: keep-all`, so that a line breaks there or at
 * punctuation, never inside a word (渔/民, 店/主), as editors set headlines.
 * Text in any other language is only escaped, a closing mark with the Korean
 * particle after it held together (`span.nobreak`, see CLOSER_PARTICLE).
 */
export function phraseBreaksHtml(text: string, language: string): string {
  return phraseBreaksOf(text, language);
}

/**
 * phraseBreaksHtml for a headline or dek in runs, a run the manuscript marks
 * in its own language (`:span[…]{lang=…}`) in a span with its `lang`,
 * `xml:lang` (which XHTML reading systems read; HTML allows it beside a `lang`
 * of the same value) and `dir` when it runs the other way: each run's
 * Chinese or Japanese words marked in its own language. `attributes`: more
 * for each span (print's `aria-atomic="false"`, see keepLanguageSpans).
 */
export function runsHtml(runs: ReadonlyArray<{ text: string; lang?: string | undefined; dir?: 'ltr' | 'rtl' | undefined }>, language: string, attributes = ''): string {
  return runs
    .map((run) => {
      if (!run.lang) return phraseBreaksOf(run.text, language);
      const tag = escapeText(run.lang);
      return `<span lang="${tag}" xml:lang="${tag}"${run.dir ? ` dir="${run.dir}"` : ''}${attributes}>${phraseBreaksOf(run.text, run.lang)}</span>`;
    })
    .join('');
}

/**
 * Escaped text with each closing mark and the Korean particle after it
 * (CLOSER_PARTICLE) and each short prefix's hyphen (SHORT_PREFIX) in a
 * `span.nobreak`: a headline broke "”" / "고" and "‘s-" / "Hertogenbosch".
 */
function escapeHolding(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(HELD_IN_HEADLINES)) {
    html += `${escapeText(text.slice(last, match.index))}<span class="nobreak">${escapeText(match[0])}</span>`;
    last = match.index + match[0].length;
  }
  return html + escapeText(text.slice(last));
}

function phraseBreaksOf(text: string, language: string): string {
  // Cantonese (yue) is written as Chinese is, and broken as it is.
  const primary = writtenLanguage(language.toLowerCase().split('-')[0]!);
  if ((primary !== 'zh' && primary !== 'ja') || !HAN_OR_KANA.test(text)) return escapeHolding(text);
  let html = '';
  let previous: { segment: string; han: boolean } | undefined;
  for (const part of new Intl.Segmenter(language, { granularity: 'word' }).segment(text)) {
    const han = part.isWordLike === true && HAN_OR_KANA.test(part.segment);
    // Before a word, or before an opening bracket (which keep-all would otherwise hold to the word before it).
    const opens = /^[\p{Ps}\p{Pi}]/u.test(part.segment);
    if ((han || opens) && previous && !OPENING.test(previous.segment) && !(han && previous.han && NUMERAL.test(previous.segment))) html += '<wbr/>';
    html += escapeText(part.segment);
    previous = { segment: part.segment, han };
  }
  return html;
}
