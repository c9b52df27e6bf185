/**
 * Each language's quotation marks for the quotes an author types straight
 * (`"…"`, `'…'`): SmartyPants decides which quote opens and which closes,
 * and writes stand-ins (QUOTE_STAND_INS, Unicode noncharacters, which no text
 * holds); `resolveQuotes` then puts the marks of the language in force there:
 * „…“ ‚…‘ in German, „…” «…» in Polish and Romanian, „…” »…« in Hungarian,
 * «…» „…“ in Russian, « … » in French (whose spacing rule then spaces them).
 * The marks are CLDR's (quote-marks.json, made by scripts/quote-marks.mjs
 * from npm cldr-misc-full); a language CLDR gives English marks to, or has
 * no data for, keeps “…” ‘…’ as before.
 *
 * SmartyPants writes its closing single quote for an apostrophe too (it’s,
 * l’homme, ’80s): only the closing single quote that ends a quote opened in
 * the same block, and is not followed by a letter, takes the language's
 * inner closing mark; any other stays the apostrophe ’.
 *
 * SmartyPants also opens a quote where a word starts with an elision: Dutch
 * ’s-Hertogenbosch, ’s avonds, ’t Zand, ’n (and ’k, ’m), Afrikaans ’n,
 * English ’tis, ’twas, ’em, rock ’n’ roll, a year ’80er. Those are
 * apostrophes (Taalunie; every Dutch and English style book), and a ‘ there
 * reads as a quotation that never closes: see ELISION.
 *
 * Uzbek in the Latin alphabet writes oʻ and gʻ with the turned comma ʻ
 * (U+02BB) and its tutuq belgisi (maʼno) with ʼ (U+02BC); keyboards and
 * websites type both as ASCII ', which SmartyPants makes the apostrophe ’.
 * Between letters in Uzbek text, after o or g it is ʻ, after any other
 * letter ʼ (the 1995 alphabet as amended in 2021; as galley sets it when it
 * is typed so).
 */
import type { Element, Root, Text } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import table from './quote-marks.json' with { type: 'json' };
import { langMark } from '../language-mark.js';

/** The stand-ins SmartyPants writes: opening double, opening single, closing double, closing single. */
export const QUOTE_STAND_INS = { openingQuotes: { double: '\uFDD0', single: '\uFDD1' }, closingQuotes: { double: '\uFDD2', single: '\uFDD3' } } as const;

const STAND_IN = /[\uFDD0-\uFDD3]/g;
const HAS_STAND_IN = /[\uFDD0-\uFDD3]/;
const ENGLISH: readonly string[] = ['“', '”', '‘', '’'];
const MARKS = table as Record<string, string[]>;

/** [start, end, inner start, inner end] for a language tag: its own, else its shorter tag's (de-CH, then de), else English. */
export function quoteMarks(language: string): readonly string[] {
  const parts = language.split('-');
  for (let n = parts.length; n > 0; n--) {
    const tag = parts.slice(0, n).join('-');
    const found = MARKS[tag] ?? MARKS[Object.keys(MARKS).find((key) => key.toLowerCase() === tag.toLowerCase()) ?? ''];
    if (found) return found;
  }
  return ENGLISH;
}

/** What a block remembers between its texts: how many inner quotes are open. */
export interface QuoteState {
  singles: number;
}

/**
 * What follows an opening single quote that is an elision's apostrophe: a
 * word that is only an elided article or pronoun (’s, ’t, ’n, ’tis, ’twas,
 * ’em) followed by no letter, ’n’ (rock ’n’ roll), or a year's last two
 * digits (’80s, ’90er). A quotation rarely opens with one of them.
 */
const ELISION = /^(?:(?:s|t|n|tis|twas|twere|em)(?![\p{L}\p{N}\uFDD3])|n\uFDD3|\d\d(?!\d))/iu;
/** Dutch (and Afrikaans, Frisian, Limburgish) elide more: ’k (ik), ’m (hem). */
const DUTCH_ELISION = /^(?:k|m)(?![\p{L}\p{N}])/iu;
const DUTCH = /^(?:nl|af|fy|li|zea|vls)(?:-|$)/i;
/** Uzbek in the Latin alphabet: a tag `uz` not marked Cyrillic or Arabic. */
const UZBEK_LATIN = /^uz(?!-(?:cyrl|arab))(?:-|$)/i;

/** `text` with SmartyPants' stand-ins made the quotation marks of `language`. */
export function resolveQuotes(text: string, language: string, state: QuoteState = { singles: 0 }): string {
  if (!HAS_STAND_IN.test(text)) return text;
  const [start, end, innerStart, innerEnd] = quoteMarks(language) as [string, string, string, string];
  const dutch = DUTCH.test(language);
  const uzbek = UZBEK_LATIN.test(language);
  return text.replace(STAND_IN, (stand, offset: number) => {
    switch (stand) {
      case '\uFDD0':
        return start;
      case '\uFDD2':
        return end;
      case '\uFDD1': {
        const after = text.slice(offset + 1, offset + 8);
        if (ELISION.test(after) || (dutch && DUTCH_ELISION.test(after))) return '’';
        state.singles++;
        return innerStart;
      }
      default: {
        const beforeLetter = /^\p{L}/u.test(text.slice(offset + 1, offset + 3));
        if (uzbek && beforeLetter && /\p{L}$/u.test(text.slice(Math.max(0, offset - 2), offset))) return /[oOgG]$/.test(text.slice(0, offset)) ? '\u02BB' : '\u02BC';
        if (state.singles === 0 || beforeLetter) return '’';
        state.singles--;
        return innerEnd;
      }
    }
  });
}

/** Elements whose text starts afresh: a quote opened in one does not close in the next. */
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'dt', 'dd', 'figcaption', 'blockquote', 'caption']);

/** Resolves the stand-ins in every text of `tree`, by the language in force there (the nearest `lang`, else `language`). */
export function resolveQuotesInTree(tree: Root | Element, language: string): void {
  const states = new Map<unknown, QuoteState>();
  visitParents(tree, 'text', (node: Text, ancestors) => {
    if (!HAS_STAND_IN.test(node.value)) return;
    let inForce: string | undefined;
    let block: unknown = tree;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const ancestor = ancestors[i];
      if (ancestor?.type !== 'element') continue;
      if (inForce === undefined) inForce = langMark(ancestor);
      if (block === tree && BLOCKS.has(ancestor.tagName)) block = ancestor;
    }
    let state = states.get(block);
    if (!state) states.set(block, (state = { singles: 0 }));
    node.value = resolveQuotes(node.value, inForce ?? language, state);
  });
}

/** The body's quotes, right after the Markdown becomes HTML: before anything reads or parses the text again. */
export default function rehypeGalleyQuotes() {
  return (tree: Root, file: VFile): void => {
    resolveQuotesInTree(tree, file.data.frontMatter?.language ?? 'en');
  };
}
