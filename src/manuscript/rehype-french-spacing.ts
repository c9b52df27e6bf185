/**
 * French sets a space before ; : ! ? and inside guillemets (« Oui ! »), and
 * the line never breaks at it: a line that opens with "!" or "»", or ends
 * with "«", is a typesetting error. Authors type an ordinary space there (or,
 * for guillemets, none), so in French text (an article in `fr`, or a
 * `:span[…]{lang=fr}`) that space becomes a no-break space in both editions:
 * - an ordinary space before ; : ! ? » and after « becomes U+00A0;
 * - guillemets typed without a space get one: «Oui» → « Oui »;
 * - a narrow no-break space (U+202F) becomes U+00A0 (see below).
 * A colon or question mark written without a space (10:30, an address) is
 * left as it is. U+00A0 rather than the narrow U+202F that some French
 * houses set before ; ! ?: the shipped text face draws no U+202F, and a
 * reading app would take it from a font of its own.
 */
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { rewriteTextByLanguage } from './language-text.js';

const NO_BREAK_SPACE = '\u00A0';

/** Whether a BCP 47 tag is French (fr, fr-CA, fr-CH…). */
export function isFrench(language: string): boolean {
  return language.toLowerCase().split('-')[0] === 'fr';
}

/** `text`, in French, with no-break spaces where French typography sets them. */
export function frenchSpacing(text: string): string {
  return text
    .replace(/\u202F/g, NO_BREAK_SPACE)
    .replace(/[ \t\n\u00A0]+(?=[;:!?»])/g, NO_BREAK_SPACE)
    .replace(/«[ \t\n\u00A0]*/g, `«${NO_BREAK_SPACE}`)
    .replace(/(?<=\S)»/g, `${NO_BREAK_SPACE}»`);
}

export default function rehypeGalleyFrenchSpacing() {
  return (tree: Root, file: VFile): void => {
    const language = file.data.frontMatter?.language ?? 'en';
    rewriteTextByLanguage(tree, language, (text, inForce) => (isFrench(inForce) ? frenchSpacing(text) : text));
  };
}
