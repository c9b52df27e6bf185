/**
 * Polish, Czech and Slovak typesetting never leaves a one-letter word at the
 * end of a line: "w", "z", "i", "a" (Polish), "v", "k", "s" (Czech and
 * Slovak) go to the next line with the word they belong to ("w / mieście" is
 * an error); nor do Russian, Ukrainian, Belarusian, Bulgarian and Serbian
 * ("в", "к", "с", "и", "я"…). Authors type an ordinary space after them, so
 * in such text (an article in one of these languages, or a
 * `:span[…]{lang=…}` in one)
 * that space becomes a no-break space (U+00A0) in both editions, in the
 * headline and dek as in the body, as the French spacing rule does
 * (rehype-french-spacing.ts). Code and addresses are left as written.
 */
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { rewriteTextByLanguage } from './language-text.js';

const NO_BREAK_SPACE = '\u00A0';

/** The one-letter words each language binds to the word after them. */
const ONE_LETTER_WORDS: Record<string, string> = {
  pl: 'aiouwz',
  cs: 'aikosuvz',
  sk: 'aikosuvz',
  // Russian, Ukrainian, Belarusian and Bulgarian typesetting binds its one-letter prepositions, conjunctions and
  // "я" the same way ("к / юбилею" is an error); Serbian too, in either of its scripts.
  ru: 'авикосуя',
  uk: 'авзійоуя',
  be: 'азіуўя',
  bg: 'авиосу',
  sr: 'аиоуск' + 'aiousk',
};

function lettersOf(language: string): string | undefined {
  return ONE_LETTER_WORDS[language.toLowerCase().split('-')[0]!];
}

/** Whether a BCP 47 tag is a language that binds its one-letter words (pl, cs, sk, ru, uk, be, bg, sr and their regional tags). */
export function bindsOneLetterWords(language: string): boolean {
  return lettersOf(language) !== undefined;
}

const patterns = new Map<string, RegExp>();

/** `text` with the space after each one-letter word of `language` made a no-break space. */
export function bindOneLetterWords(text: string, language: string): string {
  const letters = lettersOf(language);
  if (!letters) return text;
  let pattern = patterns.get(letters);
  if (!pattern) {
    // The letter stands alone: at the start, or after a space, an opening bracket, quote or dash.
    pattern = new RegExp(`(?<=^|[\\s\\u00A0(\\[{„“"‘'«‹—–-])([${letters}${letters.toUpperCase()}])[ \\t\\n]+`, 'gu');
    patterns.set(letters, pattern);
  }
  return text.replace(pattern, `$1${NO_BREAK_SPACE}`);
}

export default function rehypeGalleyOneLetterWords() {
  return (tree: Root, file: VFile): void => {
    const language = file.data.frontMatter?.language ?? 'en';
    rewriteTextByLanguage(tree, language, (text, inForce) => (bindsOneLetterWords(inForce) ? bindOneLetterWords(text, inForce) : text));
  };
}
