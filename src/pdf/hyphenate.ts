/**
 * Soft hyphens for justified print. Chromium has no hyphenation dictionaries
 * here, so `hyphens: auto` does nothing; instead the hyphenation points are
 * written into the text as U+00AD, from Liang's patterns (the `hyphen`
 * package, the same patterns TeX uses).
 *
 * Never hyphenated: code, preformatted text, headings, URLs, e-mail
 * addresses, words with digits, capitalised words (names, abbreviations:
 * a name is where keeping it whole left the line before it too loose, as a
 * typesetter hyphenates one rather than letter-space a line; see mending.ts
 * and loose-lines.ts, hyphenateNames), and compounds, which break at their
 * own hyphen. In German, which
 * capitalises every noun, a capitalised word is hyphenated like any other
 * (only words all in capitals are kept whole): its long compound nouns
 * (Personalabteilungsleiterin) set whole left lines of a few words spread
 * across the measure.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
// The patterns and the soft hyphen are shared with the e-book and the cover (src/hyphenation.ts).
import { enforceMinimums, hyphenatorFor, languageOf, SOFT_HYPHEN, type Hyphenator } from '../hyphenation.js';

export { enforceMinimums, hyphenatorFor, hyphenateOverlong, SOFT_HYPHEN } from '../hyphenation.js';

/** Words remembered, at most, per language and in the minimums of a word's pieces. */
const REMEMBERED = 50_000;

/**
 * How a word is named in the set of words to set whole (`keepWhole`):
 * letters only, lower case, so that "Spoken," and "spo-" + "ken" agree.
 */
export function wordKey(word: string): string {
  return word.replace(/[^\p{L}]/gu, '').toLowerCase();
}

/** Elements whose text is never hyphenated. */
const keepWhole = new Set([
  'code', 'pre', 'kbd', 'samp', 'var', 'tt', 'script', 'style', 'math', 'svg', 'textarea',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'time', 'abbr', 'cite',
]);

const urlLike = /^\P{L}*(?:[a-z][a-z0-9+.-]*:\S|www\.)|@|\/|\w\.[a-z]{2,}(?:$|[/?#:])/iu;

function looksLikeUrl(text: string): boolean {
  return /(?:^|\s)(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S/i.test(text) || /^\s*\S+@\S+\.\S+\s*$/.test(text);
}

function classes(element: Element): string[] {
  const value: unknown = element.properties?.className;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

function textOf(node: ElementContent | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function isKeptWhole(element: Element): boolean {
  if (keepWhole.has(element.tagName)) return true;
  const cls = classes(element);
  if (cls.includes('url') || cls.includes('nohyphenate') || cls.includes('credit')) return true;
  if (element.tagName === 'a') {
    const text = textOf(element).trim();
    const href = typeof element.properties?.href === 'string' ? element.properties.href : '';
    if (looksLikeUrl(text) || (href && (text === href || href.endsWith(text)))) return true;
  }
  return false;
}

/** Languages (primary subtags) that capitalise every noun: German, Luxembourgish. */
const CAPITALISED_NOUNS = new Set(['de', 'gsw', 'lb']);

/** Whether `language` (a BCP 47 tag) writes its nouns with a capital, so that a capital does not mark a name. */
export function capitalisesNouns(language: string): boolean {
  return CAPITALISED_NOUNS.has(language.toLowerCase().split('-')[0]!);
}

/**
 * A word of a script that has no capitals and is hyphenated in print: the
 * scripts of India's languages, whose patterns (hyph-utf8: Hindi, Marathi,
 * Bengali, Tamil, Telugu…) TeX sets them with. Without it every such word
 * was taken for an abbreviation (no lower-case letter) and never broken: a
 * Tamil article's justified lines before its long words were set ragged.
 * Thai, Lao, Khmer and Burmese, which break between words without a hyphen,
 * are not among them.
 */
const UNCASED_HYPHENATED = /^[^\p{Lu}\p{Ll}]*[\p{sc=Deva}\p{sc=Beng}\p{sc=Gujr}\p{sc=Guru}\p{sc=Orya}\p{sc=Taml}\p{sc=Telu}\p{sc=Knda}\p{sc=Mlym}][^\p{Lu}\p{Ll}]*$/u;

/** A hyphenated token → its break points kept only inside letter runs, with the minimums (hyphenateText). */
const withinLetters = new Map<string, string>();

/**
 * Hyphenates one run of prose, leaving URL-like and abbreviation tokens as
 * they are; `capitalised` hyphenates capitalised words too (see capitalisesNouns).
 */
export function hyphenateText(text: string, hyphenate: Hyphenator, capitalised = false): string {
  return text
    .split(/(\s+)/)
    .map((token) => {
      if (token.trim() === '' || token.length < 6) return token;
      if (urlLike.test(token) || /\d/.test(token)) return token;
      // Names and abbreviations keep whole: Russian, Thursday, NATO, U.S. A word of a script without capitals (Tamil, Hindi) is neither.
      if ((!capitalised && /^\P{L}*\p{Lu}/u.test(token)) || (!/\p{Ll}/u.test(token) && !UNCASED_HYPHENATED.test(token))) return token;
      // A compound breaks at its own hyphen only: military-to-military, never mil-itary.
      if (/[-\u2010\u2011\u2013\u2014]/.test(token)) return token;
      const done = hyphenate(token, { hyphenChar: SOFT_HYPHEN, minWordLength: 6 });
      let kept = withinLetters.get(done);
      if (kept === undefined) {
        if (withinLetters.size >= REMEMBERED) withinLetters.clear();
        // Break points only inside letter runs (not next to quotes or apostrophes).
        kept = done
          .split(/([^\p{L}\p{M}\u00AD]+)/u)
          .map((piece) => enforceMinimums(piece))
          .join('');
        withinLetters.set(done, kept);
      }
      return kept;
    })
    .join('');
}

/**
 * Writes soft hyphens into the prose of `tree` (in place); `capitalised` as
 * for hyphenateText. In a crowded table (columns too narrow for its longest
 * words, marked by printBody) names are hyphenated too: there a name breaks
 * either at a hyphen or, without one, wherever its column ends.
 */
export function hyphenateTree(tree: Root | Element, hyphenate: Hyphenator, capitalised = false, patternsFor: (language: string) => Hyphenator | undefined = () => undefined): void {
  // Text marked in another language (a span's `lang`) is broken by that language's patterns (`patternsFor`), or not at all:
  // by the article's, a Turkish article's Polish "ogródki" printed as "og-/ródki".
  const walk = (node: Root | Element, names: boolean, own: Hyphenator | undefined, crowded: boolean): void => {
    for (const child of node.children) {
      if (child.type === 'text') child.value = own ? hyphenateText(child.value, own, names || crowded) : child.value;
      else if (child.type === 'element' && !isKeptWhole(child)) {
        const marked = languageOf(child);
        walk(
          child,
          marked === undefined ? names : capitalisesNouns(marked),
          marked === undefined ? own : patternsFor(marked),
          crowded || (child.tagName === 'table' && classes(child).includes('crowded')),
        );
      }
    }
  };
  walk(tree, capitalised, hyphenate, false);
}

const NO_BREAK_SPACE = '\u00A0';

/** A paragraph written without spaces (Chinese, Japanese) ends on no fewer characters than this (its stops after them). */
const CJK_KEPT = 2;
const CJK_TAIL = new RegExp(`(?:[\\p{scx=Han}\\p{scx=Hira}\\p{scx=Kana}][^\\p{L}\\p{N}\\s]*){${CJK_KEPT}}\\s*$`, 'u');

/** Blocks whose last line should not be a single short word. */
const paragraphLike = new Set(['p', 'li', 'dd', 'figcaption', 'blockquote']);

/**
 * Ties the last two words of each paragraph with a no-break space when the
 * last word is short, so that no paragraph ends on a lone short word (a runt).
 */
export function tieLastWords(tree: Root | Element, maxLastWord = 9, maxPair = 18): void {
  const lastText = (node: Element): { value: string; set(v: string): void; keep?(at: number): void } | undefined => {
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i]!;
      if (child.type === 'text') {
        // White space, or punctuation after an element ("… <code>x</code>."): look before it.
        if (/^[^\p{L}\p{N}]*$/u.test(child.value)) continue;
        const keep = (at: number): void => {
          const kept: ElementContent = { type: 'element', tagName: 'span', properties: { className: ['nobreak'] }, children: [{ type: 'text', value: child.value.slice(at) }] };
          node.children.splice(i, 1, ...(at > 0 ? [{ type: 'text' as const, value: child.value.slice(0, at) }] : []), kept);
        };
        return { value: child.value, set: (v) => (child.value = v), keep };
      }
      if (child.type === 'element') {
        if (paragraphLike.has(child.tagName) || child.properties?.hidden !== undefined) return undefined;
        if (isKeptWhole(child)) {
          // A short final word in code or an abbreviation: tie the space before it.
          const word = textOf(child);
          const before = node.children[i - 1];
          if (/\s/.test(word.trim()) || word.length > maxLastWord || before?.type !== 'text') return undefined;
          if (!/[ \t\n]+$/.test(before.value)) return undefined;
          return {
            value: `${before.value.replace(/[ \t\n]+$/, '')} ${word.replace(/\s+/g, '')}`,
            set: (v) => (before.value = `${v.slice(0, v.lastIndexOf('\u00A0') + 1)}`),
          };
        }
        return lastText(child);
      }
    }
    return undefined;
  };
  const walk = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element' || isKeptWhole(child)) continue;
      const hasBlockChild = child.children.some((c) => c.type === 'element' && paragraphLike.has(c.tagName));
      if (paragraphLike.has(child.tagName) && !hasBlockChild) {
        const text = lastText(child);
        // Chinese and Japanese, written without spaces, break between any two characters: the last line could be one
        // character and its stops ("备。”"). The last CJK_KEPT characters and what follows them go on one line.
        const tail = text?.keep && CJK_TAIL.exec(text.value);
        const match = !tail && text && /(\S+)[ \t\n]+(\S+)\s*$/.exec(text.value);
        if (tail && text.keep) text.keep(tail.index);
        else if (text && match) {
          const [, before, last] = match;
          const visible = (s: string): number => s.replace(/\u00AD/g, '').length;
          if (visible(last!) <= maxLastWord && visible(before!) + visible(last!) <= maxPair) {
            const at = match.index + before!.length;
            text.set(text.value.slice(0, at) + NO_BREAK_SPACE + text.value.slice(at).replace(/^[ \t\n]+/, ''));
          }
        }
      } else {
        walk(child);
      }
    }
  };
  walk(tree);
}
