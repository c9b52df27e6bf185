/**
 * Text galley sets in capitals (CSS `text-transform: uppercase`: the
 * dateline, a picture's credit line, `#####` headings, the download page's
 * bylines; the cover's collection bylines and imprint) in the capitals of
 * its language. A browser does most of that by the text's `lang` (Greek
 * drops its accents, Turkish keeps its dotted İ), but Chromium does not
 * apply Irish's rule: a letter prefixed to a word (t- and n- before a
 * vowel, h- before a vowel, t before s, and the eclipsing letters m, g, n,
 * bh, b, d before b, c, d/g, f, p, t) stays lower case in capitals, "AN
 * tSPIDÉAL", "Ó hUIGINN", "I mBAILE ÁTHA CLIATH", "NA nGAEL"; Chromium sets
 * "AN TSPIDÉAL", "Ó HUIGINN" (Firefox honours `lang="ga"`). The prefix is
 * marked so that it is not transformed (`span.keepcase`), where the text's
 * language is Irish.
 */
import type { ElementContent } from 'hast';
import { langMark } from './language-mark.js';

/** Whether `language` (a BCP 47 tag) is Irish. */
export function isIrish(language: string): boolean {
  return language.toLowerCase().split('-')[0] === 'ga';
}

/** Irish vowels, lower case and capital, with their length marks (also as a base before a combining acute). */
const VOWEL = 'aeiouáéíóú';
const CAPITAL_VOWEL = 'AEIOUÁÉÍÓÚ';

/**
 * A prefix Irish keeps in lower case, at the start of a word (no letter,
 * mark or digit before it). Written before a capital, the prefix is plain
 * ("tSpidéal", "hUiginn", "mBaile", "nGael", "bhFear", "tAthair"); before a
 * lower-case letter, only where it cannot be the word's own beginning: the
 * eclipses bhf, bp, dt, gc, mb, nd, ng ("i gcathair" → "I gCATHAIR"), t
 * before s and a vowel, l, n or r ("an tsráid" → "AN tSRÁID"), and t- or n-
 * with its hyphen before a vowel ("na n-iascairí" → "NA n-IASCAIRÍ"). An h
 * before a lower-case vowel is left: "hata" is a word of its own.
 */
let irishPrefix: RegExp | undefined;
/** Made at its first use: its eight look-behinds for a letter, mark or digit cost V8 about 1.5 ms of CPU to parse, which a manuscript with no Irish need not pay. */
const irishPrefixes = (): RegExp =>
  (irishPrefix ??= new RegExp(
    [
      `bh(?=[fF])`,
      `b(?=[pP])`,
      `d(?=[tT])`,
      `g(?=[cC])`,
      `m(?=[bB])`,
      `n(?=[dgDG]|[${CAPITAL_VOWEL}]|-[${VOWEL}])`,
      `t(?=[${CAPITAL_VOWEL}]|[sS][${VOWEL}${CAPITAL_VOWEL}lnrLNR]|S|-[${VOWEL}])`,
      `h(?=[${CAPITAL_VOWEL}])`,
    ]
      .map((prefix) => `(?<![\\p{L}\\p{M}\\p{N}])${prefix}`)
      .join('|'),
    'gu',
  ));

/**
 * `text` in runs, each prefix Irish keeps in lower case in capitals a run of
 * its own marked `keepCase`; the text as one run where `language` is not
 * Irish or it has no such prefix.
 */
export function keptCaseRuns(text: string, language: string): Array<{ text: string; keepCase?: true }> {
  if (!isIrish(language)) return [{ text }];
  const runs: Array<{ text: string; keepCase?: true }> = [];
  let last = 0;
  for (const match of text.matchAll(irishPrefixes())) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index) });
    runs.push({ text: match[0], keepCase: true });
    last = match.index + match[0].length;
  }
  if (runs.length === 0) return [{ text }];
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs;
}

/** Whether `text` in `language` has a letter its capitals keep in lower case (keptCaseRuns). */
export function hasKeptCase(text: string, language: string): boolean {
  return keptCaseRuns(text, language).length > 1;
}

/** A run of Georgian letters (and marks), which capitals leave as written (inCapitalsOf); captured, so that splitting keeps it. */
const GEORGIAN_RUN = /(\p{Script=Georgian}+)/u;

/**
 * Whether `text` in `language`, set in capitals, keeps letters as written:
 * an Irish prefix (hasKeptCase) or Georgian, whose Mkhedruli has no
 * capitals in print (a renderer's own uppercase, satori's, turns it into
 * Mtavruli, which the cover's faces do not draw). Such text is set in
 * capitals by inCapitalsOf, not by the renderer.
 */
export function keepsLettersInCapitals(text: string, language: string): boolean {
  return hasKeptCase(text, language) || GEORGIAN_RUN.test(text);
}

/** Elements whose text is set as written (code), which no capitals reach. */
const AS_WRITTEN = new Set(['code', 'kbd', 'samp', 'pre']);

/**
 * A copy of `content` set in capitals, with each prefix Irish keeps in lower
 * case in a `span.keepcase` where the language in force (the nearest `lang`,
 * else `language`) is Irish. The same nodes where nothing is marked.
 */
export function markKeptCase(content: ElementContent[], language: string): ElementContent[] {
  return content.flatMap((node): ElementContent[] => {
    if (node.type === 'text') {
      const runs = keptCaseRuns(node.value, language);
      if (runs.length === 1) return [node];
      return runs.map((run): ElementContent =>
        run.keepCase ? { type: 'element', tagName: 'span', properties: { className: ['keepcase'] }, children: [{ type: 'text', value: run.text }] } : { type: 'text', value: run.text },
      );
    }
    if (node.type !== 'element' || AS_WRITTEN.has(node.tagName)) return [node];
    const lang = langMark(node) ?? language;
    const children = markKeptCase(node.children, lang);
    return [children.every((child, index) => child === node.children[index]) && children.length === node.children.length ? node : { ...node, children }];
  });
}

/**
 * `text` in the capitals of `language`, as `text-transform: uppercase` sets
 * it, and with the prefixes Irish keeps in lower case kept (keptCaseRuns):
 * for what is drawn in capitals without a browser (the cover).
 */
export function inCapitalsOf(text: string, language: string): string {
  // Georgian stays as written: browsers keep Mkhedruli in `text-transform: uppercase`, as CSS Text asks, and the
  // faces are cut to the letters the text uses, so Unicode's Mtavruli capitals would be drawn as nothing.
  const upper = (part: string): string =>
    part
      .split(GEORGIAN_RUN)
      .map((piece, index) => {
        if (index % 2 === 1) return piece;
        try {
          return piece.toLocaleUpperCase(language);
        } catch {
          return piece.toUpperCase();
        }
      })
      .join('');
  return keptCaseRuns(text, language)
    .map((run) => (run.keepCase ? run.text : upper(run.text)))
    .join('');
}
