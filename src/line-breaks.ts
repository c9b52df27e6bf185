/**
 * Where a line may break, for both editions: the reader applies these to the
 * content tree, and the writers to URLs they print from the metadata.
 *
 * - A range of numbers ("7–2", "1987–2017") stays on one line: a word joiner
 *   (U+2060, invisible, no glyph needed) follows the en dash, which Unicode
 *   line breaking would otherwise break after.
 * - A URL breaks only after `/`, `.` or `-`, so that the line ends with the
 *   character that shows the address goes on; never inside a word, and never
 *   at an added hyphen. `<wbr>` marks each place; the stylesheets set URLs
 *   unhyphenated (class `url`).
 */
import type { ElementContent } from 'hast';

export const WORD_JOINER = '\u2060';

/** "7–2" → "7–⁠2": no break after an en dash between digits. */
export function joinNumberRanges(text: string): string {
  return text.replace(/(\d)\u2013(?=\d)/g, `$1\u2013${WORD_JOINER}`);
}

/** A URL or www. address in running text (trailing punctuation left out). */
export const URL_IN_TEXT = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?'’”)\]]/gi;

/** The pieces of a URL between break points: each but the last ends in `/`, `.` or `-`. */
export function urlPieces(url: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < url.length; i++) {
    const char = url[i]!;
    current += char;
    // A run of slashes ("//") stays together.
    if ((char === '/' || char === '.' || char === '-') && url[i + 1] !== char && i < url.length - 1) {
      pieces.push(current);
      current = '';
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** hast for a URL with a `<wbr>` at each break point. */
export function breakableUrl(url: string): ElementContent[] {
  const nodes: ElementContent[] = [];
  urlPieces(url).forEach((piece, i) => {
    if (i > 0) nodes.push({ type: 'element', tagName: 'wbr', properties: {}, children: [] });
    nodes.push({ type: 'text', value: piece });
  });
  return nodes;
}

/** HTML/XHTML for a URL with `<wbr/>` at each break point (for templates). */
export function breakableUrlHtml(url: string): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return urlPieces(url).map(escape).join('<wbr/>');
}
