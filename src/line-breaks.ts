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
 * Text in any other language is only escaped.
 */
export function phraseBreaksHtml(text: string, language: string): string {
  const escape = (part: string) => part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const primary = language.toLowerCase().split('-')[0];
  if ((primary !== 'zh' && primary !== 'ja') || !HAN_OR_KANA.test(text)) return escape(text);
  let html = '';
  let previous: { segment: string; han: boolean } | undefined;
  for (const part of new Intl.Segmenter(language, { granularity: 'word' }).segment(text)) {
    const han = part.isWordLike === true && HAN_OR_KANA.test(part.segment);
    // Before a word, or before an opening bracket (which keep-all would otherwise hold to the word before it).
    const opens = /^[\p{Ps}\p{Pi}]/u.test(part.segment);
    if ((han || opens) && previous && !OPENING.test(previous.segment) && !(han && previous.han && NUMERAL.test(previous.segment))) html += '<wbr/>';
    html += escape(part.segment);
    previous = { segment: part.segment, han };
  }
  return html;
}
