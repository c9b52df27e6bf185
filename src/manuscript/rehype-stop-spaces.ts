/**
 * A sentence's stop that some scripts write after a space — the danda of
 * Bangla, Hindi and the other scripts of India (। ॥), Burmese ၊ ။, Ethiopic
 * ። ፣ ፤ ፥ ፦ ፧ ፨, Khmer ។ ៕ — never opens a line. Unicode's line-breaking
 * rules keep such a stop (class BA) on its word's line only when nothing
 * stands between them: after a space (a common way to type "কথা ।") the line
 * may break before it, and the print set a Hindi line opening with "।". So in
 * every language, a space before one of these stops becomes U+00A0 in both
 * editions (the headline and dek too), which no line breaks at and which
 * reads, copies and is spoken as the space written.
 */
import type { Root } from 'hast';
import { rewriteTextByLanguage } from './language-text.js';

/** Spaces (of any kind a line may break at) before a stop of class BA that ends or parts a sentence. */
const SPACE_BEFORE_STOP = /[ \t\n\u2000-\u2006\u2008-\u200A\u205F\u3000]+(?=[\u0964\u0965\u104A\u104B\u1362-\u1368\u17D4\u17D5])/g;

/** `text` with a no-break space before each such stop that a space stands before. */
export function bindStops(text: string): string {
  return text.replace(SPACE_BEFORE_STOP, '\u00A0');
}

export default function rehypeGalleyStopSpaces() {
  return (tree: Root): void => {
    rewriteTextByLanguage(tree, 'und', (text) => bindStops(text));
  };
}
