/**
 * Touch-ups of the PDF Chromium writes, so that its text reads back as it
 * was written:
 *
 * - Every soft hyphen galley put in for justification comes out of Chromium as
 *   an invisible space glyph marked `/Span <</ActualText (U+00AD)>>`; copying
 *   or searching "defense" would then find "de­fense". The marks and the
 *   invisible glyph are removed (the text position operators stay, so nothing
 *   moves). Where a line did break, the visible hyphen Chromium drew stays.
 * - A cluster of glyphs that stands for its characters together (a Bangla
 *   or Khmer syllable, a letter and its marks) is marked `/ActualText`, and
 *   a reader that honours that (poppler's pdftotext, and with it search and
 *   copy in the viewers built on it) gives the text the span's box: from the
 *   first glyph drawn to the end of the last. Shaping draws a syllable's
 *   marks after its letter, at their anchors, with no advance: a vowel sign
 *   or a reph set left of the pen (জু: ু 0.09 em left of the end of জ; র্ক:
 *   the reph 0.18 em; ঝুঁ: ঁ 0.26 em; Khmer សួ: ួ 0.11 em) ends the box
 *   there, and pdftotext takes a gap of a tenth of an em for a word space:
 *   "জু ন", "সতর্ক তা", "সួ ស្តី". The last glyph of such a span is given the
 *   advance that ends it where the syllable's widest glyph does, by
 *   character spacing (`Tc`) around its `Tj` alone: Chromium places every
 *   glyph by its own `Td` from the start of its line, so nothing moves.
 *   Right to left, Chromium draws a cluster in display order (the point of
 *   אַ, then its alef left of it) and writes its text in reading order;
 *   pdftotext shares the box out among the characters from the left and
 *   reads from the right, so the point came first, and the box, begun at
 *   the point, left a word space after the letter ("ַא נַײ ע"). Such a
 *   span gets its text in display order and its leftmost glyph drawn first.
 * - A letter drawn with no advance (Literata's Uzbek ʻ) is joined to the
 *   letter after it in a span of their two characters: where the line is
 *   letter-spaced, pdftotext read the gap after it as a word space
 *   ("Gʻ ayrat").
 * - Outline entries are made from the headings' laid-out lines: a headline
 *   set on three lines loses the spaces at its line ends, and a heading in
 *   `text-transform: uppercase` appears in capitals. They get the headings'
 *   own text back.
 */
import { inflateSync } from 'node:zlib';
import { parseEntities } from 'parse-entities';
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  decodePDFRawStream,
  type PDFDocument,
} from 'pdf-lib';
import { parseToUnicode, widthsOf } from './print-text.js';
import { mendedCodesFrom } from './unmapped-words.js';
import { structureElements } from './structure.js';
import { markArtifacts } from './artifacts.js';
import { withoutOffPageLines } from './off-page-lines.js';

const softHyphenSpan =
  /\/Span\s*<<\s*\/ActualText\s*<feff00ad>\s*>>\s*BDC\s*((?:[-\d.]+\s+[-\d.]+\s+Td\s*)?)<[0-9a-fA-F]+>\s*Tj\s*EMC\s*/gi;

/** Removes the soft-hyphen marks from one content stream's text; undefined when there are none. */
export function stripSoftHyphenMarks(content: string): string | undefined {
  if (!/ActualText\s*<feff(?:[0-9a-f]{4})*?00ad/i.test(content)) return undefined;
  const cleaned = content
    .replace(softHyphenSpan, (_match, td: string) => (td ? `${td.trim()}\n` : ''))
    // A ligature across a break point (of-fi-cials): its ActualText is "f\u00ADfi".
    .replace(/(\/ActualText\s*<feff)((?:[0-9a-f]{4})*)>/gi, (_match, head: string, units: string) => {
      const kept = (units.match(/[0-9a-f]{4}/gi) ?? []).filter((unit) => unit.toLowerCase() !== '00ad');
      return `${head}${kept.join('')}>`;
    });
  return cleaned === content ? undefined : cleaned;
}

/** A number as a content stream writes it. */
const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)`;
/** A font set: its resource name and size. */
const FONT_SET = new RegExp(String.raw`\/([^\s\/<>\[\]()%{}]+)\s+(${NUMBER})\s+Tf\b`, 'g');
/** A span of marked content with its ActualText, and what it holds (no marked content inside). */
const ACTUAL_TEXT_SPAN = new RegExp(String.raw`\/Span\s*<<\s*\/ActualText\s*<([0-9a-fA-F]*)>\s*>>\s*BDC((?:(?!BDC|EMC)[\s\S])*?)EMC`, 'g');
/** What a span holds, one operation at a time: a font set, a text matrix, a glyph (placed by a `Td` from the start of its line, or where the matrix puts it). */
const SPAN_OPERATION = new RegExp(String.raw`\s*(?:\/([^\s\/<>\[\]()%{}]+)\s+(${NUMBER})\s+Tf|(?:${NUMBER}\s+){6}Tm|(?:(${NUMBER})\s+(${NUMBER})\s+Td\s*)?<([0-9a-fA-F]{4})>\s*Tj)`, 'y');
/** What may follow a span whose last glyph's advance changes: something that places the next glyph anew, never a glyph set where the advance left the pen. */
const PLACED_NEXT = new RegExp(
  String.raw`^\s*(?:EMC\s*|\/[A-Za-z]+\s*<<(?:[^<>]|<[0-9a-fA-F]*>)*>>\s*BDC\s*)*(?:\/[^\s\/<>\[\]()%{}]+\s+${NUMBER}\s+Tf\s*)?(?:${NUMBER}\s+${NUMBER}\s+Td|(?:${NUMBER}\s+){6}Tm|ET\b)`,
);
/** Text written right to left, whose spans' text is given in display order. */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * A span's ActualText (UTF-16BE in hex, after its byte-order mark) with its
 * characters in the order they are displayed, left to right: poppler shares
 * a span's box out among its characters from the left, and reads right-to-
 * left text from the right.
 */
function displayOrder(hex: string): string {
  const units = hex.slice(4).match(/[0-9a-fA-F]{4}/g) ?? [];
  const characters: string[] = [];
  for (const unit of units) {
    const code = parseInt(unit, 16);
    // A low surrogate stays after its high one.
    if (code >= 0xdc00 && code <= 0xdfff && characters.length > 0 && /^d[89ab]/i.test(characters[characters.length - 1]!)) characters[characters.length - 1] += unit;
    else characters.push(unit);
  }
  return `${hex.slice(0, 4)}${characters.reverse().join('')}`;
}

/**
 * Gives the last glyph of each cluster span the character spacing that ends
 * its box where the cluster's widest glyph ends (see above), and gives a
 * right-to-left span its text in display order. `widthOf`: a font's (by its
 * resource name) advance of a glyph, per unit of font size. Undefined when
 * nothing changes. A stream that sets character spacing or horizontal
 * scaling itself keeps its spacing.
 */
export function closeClusterBoxes(
  content: string,
  widthOf: (font: string, code: number) => number | undefined,
  mendedFrom?: (font: string) => number | undefined,
): string | undefined {
  if (!content.includes('/ActualText')) return undefined;
  const spaced = /\b(?:Tc|Tz)\b/.test(content);
  let changed = false;
  // The fonts set, in the stream's order: a span draws in the last set before it, unless it sets its own.
  const fonts = [...content.matchAll(FONT_SET)].map((set) => ({ at: set.index, name: set[1]!, size: Number(set[2]) }));
  let next = 0;
  const result = content.replace(ACTUAL_TEXT_SPAN, (match: string, hex: string, body: string, offset: number) => {
    if (mendedFrom && mendedWord(content, offset, match, body, fonts, mendedFrom)) return match;
    const text = String.fromCharCode(...(hex.slice(4).match(/[0-9a-fA-F]{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
    const opening = match.slice(0, match.length - body.length - 3);
    // Chromium writes a right-to-left cluster's text in reading order: poppler read the point of אַ before its alef ("ַא"), the shadda of بّ before its beh.
    const head = RIGHT_TO_LEFT.test(text) ? opening.replace(`<${hex}>`, `<${displayOrder(hex)}>`) : opening;
    let closed: string | undefined;
    if (!spaced && PLACED_NEXT.test(content.slice(offset + match.length, offset + match.length + 200))) {
      // Spans come in the stream's order: the fonts before each are read on from the last one's.
      while (next < fonts.length && fonts[next]!.at < offset) next++;
      const font = fonts[next - 1];
      closed = closeSpan(body, font && { name: font.name, size: font.size }, widthOf);
    }
    if (closed === undefined && head === opening) return match;
    changed = true;
    return `${head}${closed ?? body}EMC`;
  });
  return changed ? result : undefined;
}

/**
 * Whether a span is a word the mend of unmapped words wrote (./unmapped-words.ts): its glyphs are shown by
 * codes that mend gave their font. Its text is the whole word, in the order its glyphs are drawn, which both
 * readers measured want (poppler reads it at its first-drawn glyph): put in display order again, or its
 * glyphs drawn in another order, it read reversed or apart.
 */
function mendedWord(
  content: string,
  offset: number,
  match: string,
  body: string,
  fonts: Array<{ at: number; name: string }>,
  mendedFrom: (font: string) => number | undefined,
): boolean {
  const bodyAt = offset + match.length - body.length - 3;
  for (const glyphs of body.matchAll(/<([0-9a-fA-F]+)>\s*Tj/g)) {
    const at = bodyAt + glyphs.index;
    let font: string | undefined;
    for (const set of fonts) {
      if (set.at > at) break;
      font = set.name;
    }
    const from = font === undefined ? undefined : mendedFrom(font);
    if (from !== undefined && (glyphs[1]!.match(/[0-9a-fA-F]{4}/g) ?? []).some((unit) => Number.parseInt(unit, 16) >= from)) return true;
  }
  return false;
}

/** A place as galley writes it into a content stream: to a millionth of a unit, as Chromium's own (a thousandth would move a glyph). */
const written = (value: number): string => String(Math.round(value * 1e6) / 1e6);
/** Character spacing: to a thousandth of a unit, which only the text's box uses. */
const spacing = (value: number): string => String(Math.round(value * 1000) / 1000);

/**
 * One span's body with its box closed, or undefined to leave it: a span
 * that places its glyphs on one line, each from the line's start. `start`:
 * the font in force where it begins.
 *
 * The box runs from where the first glyph drawn starts to where the last
 * one's advance ends. The last glyph is given the character spacing that
 * ends it where the span's widest glyph ends. A span whose first glyph is
 * not its leftmost (right-to-left text, drawn in display order: Chromium
 * draws the point of אַ, then the alef 0.2 em left of it) has its glyphs
 * drawn leftmost first, each still placed by its own `Td` at the same
 * place, and ends with the line's start where it ended before: the glyphs
 * are one colour, so which is drawn first changes no pixel.
 */
function closeSpan(body: string, start: { name: string; size: number } | undefined, widthOf: (font: string, code: number) => number | undefined): string | undefined {
  let font = start;
  // Each glyph's place along its line, in text space, from the line's start where the span begins (Td), and where it ends.
  let x: number | undefined;
  let y = 0;
  let placed = false;
  const glyphs: Array<{ at: number; end: number; code: string; x: number; y: number; width: number }> = [];
  // Whether anything but glyphs placed by Td follows the first glyph: such a span is not drawn again in another order.
  let mixed = false;
  let first = -1;
  SPAN_OPERATION.lastIndex = 0;
  while (SPAN_OPERATION.lastIndex < body.length) {
    const at = SPAN_OPERATION.lastIndex;
    const operation = SPAN_OPERATION.exec(body);
    if (!operation) {
      if (/^\s*$/.test(body.slice(at))) break;
      return undefined;
    }
    const [whole, name, size, tx, ty, code] = operation;
    if (name !== undefined) {
      font = { name, size: Number(size) };
      if (glyphs.length > 0) mixed = true;
    } else if (code === undefined) {
      // A text matrix after a glyph of the span: its places no longer share a line.
      if (glyphs.length > 0) return undefined;
      x = 0;
      y = 0;
      placed = true;
    } else {
      if (tx !== undefined) {
        x = (placed ? (x ?? 0) : 0) + Number(tx);
        y = (placed ? y : 0) + Number(ty);
      }
      // A glyph set where the pen is, not from its line's start: its place is not known.
      else if (!placed || glyphs.length > 0) return undefined;
      if (tx === undefined && glyphs.length === 0) mixed = true;
      placed = true;
      const advance = font ? widthOf(font.name, parseInt(code, 16)) : undefined;
      if (advance === undefined || x === undefined || !font) return undefined;
      if (first < 0) first = at + (whole.length - whole.trimStart().length);
      glyphs.push({ at: at + whole.lastIndexOf('<'), end: at + whole.length, code, x, y, width: advance * font.size });
    }
  }
  if (!font || glyphs.length < 2) return undefined;
  const size = font.size;
  const widest = Math.max(...glyphs.map((glyph) => glyph.x + glyph.width));
  const leftmost = glyphs.reduce((best, glyph) => (glyph.x < best.x - size * 0.001 ? glyph : best), glyphs[0]!);
  if (leftmost === glyphs[0]) {
    const last = glyphs[glyphs.length - 1]!;
    const gap = widest - (last.x + last.width);
    if (gap <= size * 0.001) return undefined;
    return `${body.slice(0, last.at)}${spacing(gap)} Tc ${body.slice(last.at).replace(/Tj/, 'Tj 0 Tc')}`;
  }
  if (mixed) return undefined;
  // Drawn again leftmost first, each at its place; the last given the spacing that ends the box at the widest glyph's end.
  const order = [leftmost, ...glyphs.filter((glyph) => glyph !== leftmost)];
  const end = glyphs[glyphs.length - 1]!;
  let penX = 0;
  let penY = 0;
  const drawn = order.map((glyph, i) => {
    const move = `${written(glyph.x - penX)} ${written(glyph.y - penY)} Td`;
    penX = glyph.x;
    penY = glyph.y;
    const gap = i === order.length - 1 ? widest - (glyph.x + glyph.width) : 0;
    return gap > size * 0.001 ? `${move} ${spacing(gap)} Tc <${glyph.code}> Tj 0 Tc` : `${move} <${glyph.code}> Tj`;
  });
  // The line's start where the span left it, for what is placed after it.
  if (end.x !== penX || end.y !== penY) drawn.push(`${written(end.x - penX)} ${written(end.y - penY)} Td`);
  return `${body.slice(0, first)}${drawn.join('\n')}\n${body.slice(end.end).trimStart()}`;
}

/** A glyph shown by itself, placed from its line's start (Td) or where the pen or a text matrix put it. */
const GLYPH = new RegExp(String.raw`(?:(${NUMBER})\s+(${NUMBER})\s+Td\s*)?<([0-9a-fA-F]{4})>\s*Tj`, 'g');
/** A letter that may have no advance of its own (Literata's ʻ, U+02BB, is drawn astride the pen): not a mark, a space or a format character. */
const LETTER = /^\p{L}$/u;

/**
 * Joins a letter that has no advance to the letters either side of it, in
 * a span whose ActualText is their characters. Literata draws the Uzbek ʻ
 * (U+02BB, oʻ, gʻ) with no advance, astride the pen, so that the next letter
 * starts where it does. pdftotext takes a character that starts within a
 * tenth of an em of the one before for a copy of it (text drawn twice, for
 * bold) and begins a new word there; in running text the two touch and are
 * joined again, but in the title block's letter-spaced byline and dateline
 * (0.03 and 0.08 em) the gap left read as a word space: "Gʻ ayrat Oʻ rinov",
 * "FARGʻ O NA". A span's characters share its box, the ʻ no longer alone in
 * a box of no width. The span begins with the letter before (when it is
 * shown just before, on the same line): pdf.js starts a new run of text at
 * every span, and a run that began with the ʻ got a word space after it.
 * Nothing is drawn differently. `textOf`: the characters a font's glyph
 * stands for.
 */
export function joinZeroWidthLetters(content: string, widthOf: (font: string, code: number) => number | undefined, textOf: (font: string, code: number) => string | undefined): string | undefined {
  const fonts = [...content.matchAll(FONT_SET)].map((set) => ({ at: set.index, name: set[1]!, size: Number(set[2]) }));
  // What ActualText already stands for is left as it is.
  const spans = [...content.matchAll(ACTUAL_TEXT_SPAN)].map((span) => [span.index, span.index + span[0].length] as const);
  const inSpan = (from: number, to: number): boolean => spans.some(([start, end]) => from < end && to > start);
  let next = 0;
  const glyphs = [...content.matchAll(GLYPH)].map((glyph) => {
    while (next < fonts.length && fonts[next]!.at < glyph.index) next++;
    return { from: glyph.index, to: glyph.index + glyph[0].length, tx: glyph[1], ty: glyph[2], code: parseInt(glyph[3]!, 16), font: fonts[next - 1] };
  });
  // Two glyphs one after the other, with nothing between them but white space.
  const adjacent = (a: (typeof glyphs)[number], b: (typeof glyphs)[number]): boolean => /^\s*$/.test(content.slice(a.to, b.from));
  let result = '';
  let copied = 0;
  glyphs.forEach((glyph, i) => {
    const { font } = glyph;
    if (!font || glyph.from < copied || widthOf(font.name, glyph.code) !== 0) return;
    const after = glyphs[i + 1];
    if (!after || !adjacent(glyph, after) || after.tx === undefined || Number(after.ty) !== 0 || !(Number(after.tx) > 0 && Number(after.tx) <= font.size * 0.5)) return;
    const letter = textOf(font.name, glyph.code);
    const following = textOf(font.name, after.code);
    if (!letter || !LETTER.test(letter) || !following || !/^[\p{L}\p{N}]/u.test(following)) return;
    const before = glyphs[i - 1];
    const preceding = before && before.from >= copied && adjacent(before, glyph) ? textOf(font.name, before.code) : undefined;
    const first = preceding && /^[\p{L}\p{N}\p{M}]/u.test(preceding) ? before! : glyph;
    if (inSpan(first.from, after.to)) return;
    const text = `${first === glyph ? '' : preceding}${letter}${following}`;
    const hex = Array.from({ length: text.length }, (_, k) => text.charCodeAt(k).toString(16).toUpperCase().padStart(4, '0'));
    result += `${content.slice(copied, first.from)}/Span<</ActualText <FEFF${hex.join('')}> >> BDC\n${content.slice(first.from, after.to)}\nEMC`;
    copied = after.to;
  });
  return copied === 0 ? undefined : result + content.slice(copied);
}

/** The content streams of every page, and of the forms it draws, each with its fonts. */
function contentStreams(pdf: PDFDocument): Array<{ ref: PDFRef; fonts: PDFDict | undefined; page: { height: number } | undefined }> {
  const refs: Array<{ ref: PDFRef; fonts: PDFDict | undefined; page: { height: number } | undefined }> = [];
  const seen = new Set<string>();
  let fonts: PDFDict | undefined;
  let height = 0;
  const add = (ref: PDFRef, page = true): void => {
    if (!seen.has(ref.toString())) {
      seen.add(ref.toString());
      refs.push({ ref, fonts, page: page ? { height } : undefined });
    }
  };
  for (const page of pdf.getPages()) {
    height = page.getHeight();
    const pageFonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    fonts = pageFonts;
    const contents = page.node.get(PDFName.of('Contents'));
    if (contents instanceof PDFRef) {
      const resolved = pdf.context.lookup(contents);
      if (resolved instanceof PDFArray) {
        for (let i = 0; i < resolved.size(); i++) {
          const item = resolved.get(i);
          if (item instanceof PDFRef) add(item);
        }
      } else add(contents);
    } else if (contents instanceof PDFArray) {
      for (let i = 0; i < contents.size(); i++) {
        const item = contents.get(i);
        if (item instanceof PDFRef) add(item);
      }
    }
    // Form XObjects drawn by the page carry text too.
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const [, value] of xobjects?.entries() ?? []) {
      if (!(value instanceof PDFRef)) continue;
      const stream = pdf.context.lookup(value);
      if (!(stream instanceof PDFStream) || stream.dict.get(PDFName.of('Subtype'))?.toString() !== '/Form') continue;
      fonts = stream.dict.lookupMaybe(PDFName.of('Resources'), PDFDict)?.lookupMaybe(PDFName.of('Font'), PDFDict) ?? pageFonts;
      add(value, false);
    }
  }
  return refs;
}

/** A font resource's glyph advances, per unit of font size, read once per font. */
function fontWidths(fonts: PDFDict | undefined): (font: string, code: number) => number | undefined {
  const read = new Map<string, ((code: number) => number) | undefined>();
  return (name, code) => {
    if (!read.has(name)) {
      const font = fonts?.lookupMaybe(PDFName.of(name), PDFDict);
      read.set(name, font ? widthsOf(font, font.lookupMaybe(PDFName.of('Subtype'), PDFName)?.toString() === '/Type0') : undefined);
    }
    return read.get(name)?.(code);
  };
}

/** Fonts' ToUnicode maps, read once per font. */
const unicodeMaps = new WeakMap<PDFDict, Map<number, string>>();

/** The characters a font's glyphs stand for (its ToUnicode map; empty when it has none that can be read). */
function unicodeOf(font: PDFDict): Map<number, string> {
  let map = unicodeMaps.get(font);
  if (!map) {
    const stream = font.lookup(PDFName.of('ToUnicode'));
    try {
      const bytes = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream instanceof PDFStream ? stream.getContents() : undefined;
      map = bytes ? parseToUnicode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')) : new Map();
    } catch {
      map = new Map();
    }
    unicodeMaps.set(font, map);
  }
  return map;
}

/** Each font dictionary's letters with no advance, as the glyph codes a content stream shows them with (`<0129>`, either case). */
const zeroWidthLetterCodes = new WeakMap<PDFDict, string[]>();

/** The glyph codes of the letters with no advance in any of `fonts`: a stream showing none of them has nothing for joinZeroWidthLetters. */
function zeroWidthLettersIn(fonts: PDFDict): string[] {
  let codes = zeroWidthLetterCodes.get(fonts);
  if (!codes) {
    codes = [];
    for (const [, value] of fonts.entries()) {
      const font = fonts.context.lookup(value);
      if (!(font instanceof PDFDict)) continue;
      const type0 = font.lookupMaybe(PDFName.of('Subtype'), PDFName)?.toString() === '/Type0';
      const width = widthsOf(font, type0);
      for (const [code, text] of unicodeOf(font)) {
        if (LETTER.test(text) && width(code) === 0) {
          const hex = code.toString(16).padStart(type0 ? 4 : 2, '0');
          codes.push(`<${hex}>`, `<${hex.toUpperCase()}>`);
        }
      }
    }
    zeroWidthLetterCodes.set(fonts, codes);
  }
  return codes;
}

/** Fonts (by resource name) whose words the mend of unmapped words wrote, each with the first code it gave out. */
function mendedFonts(fonts: PDFDict | undefined): Map<string, number> {
  const mended = new Map<string, number>();
  for (const [name, value] of fonts?.entries() ?? []) {
    const font = fonts!.context.lookup(value);
    const from = font instanceof PDFDict ? mendedCodesFrom(font) : undefined;
    if (from !== undefined) mended.set(name.asString().slice(1), from);
  }
  return mended;
}

/**
 * Cleans every content stream Chromium wrote: removes its soft-hyphen marks (stripSoftHyphenMarks), closes its
 * clusters' boxes (closeClusterBoxes), joins letters with no advance to the next (joinZeroWidthLetters) and, on a
 * page's own stream, leaves out the glyphs of another page's line that reach into it (./off-page-lines.ts) and
 * marks what it draws outside the structure tree as an artifact (./artifacts.ts; a form XObject's content is
 * marked where the page draws it). Returns how many streams changed.
 */
export function cleanContentStreams(pdf: PDFDocument): number {
  let changed = 0;
  for (const { ref, fonts, page } of contentStreams(pdf)) {
    const stream = pdf.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const filter = stream.dict.get(PDFName.of('Filter'));
    if (filter && filter.toString() !== '/FlateDecode') continue;
    // Node's zlib inflates these streams several times faster than pdf-lib's
    // own JavaScript; pdf-lib decodes what has decode parameters. What is
    // written is deflated by pdf-lib (pako) as before: Node's zlib deflates
    // differently on different processors, and the PDF's bytes must not.
    const plain = filter && !stream.dict.has(PDFName.of('DecodeParms'));
    let bytes: Uint8Array;
    try {
      bytes = plain ? inflateSync(stream.getContents()) : filter ? decodePDFRawStream(stream).decode() : stream.getContents();
    } catch {
      continue;
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const stripped = stripSoftHyphenMarks(text);
    const widths = fontWidths(fonts);
    // Words the mend of unmapped words wrote (it runs first: see ./finish.ts) are left as it wrote them.
    const mended = mendedFonts(fonts);
    const closed = closeClusterBoxes(stripped ?? text, widths, mended.size > 0 ? (name) => mended.get(name) : undefined) ?? stripped;
    // Only a stream that shows a letter with no advance is read glyph by glyph.
    const joined =
      fonts && zeroWidthLettersIn(fonts).some((code) => text.includes(code))
        ? joinZeroWidthLetters(closed ?? text, widths, (name, code) => {
            const font = fonts.lookupMaybe(PDFName.of(name), PDFDict);
            return font ? unicodeOf(font).get(code) : undefined;
          })
        : undefined;
    // A line of the next page (or the last) whose letters reach into this one is not drawn here (./off-page-lines.ts).
    const touched = (page ? withoutOffPageLines(joined ?? closed ?? text, page.height) : undefined) ?? joined ?? closed;
    const cleaned = (page ? markArtifacts(touched ?? text, page.height) : undefined) ?? touched;
    if (cleaned === undefined) continue;
    const dict = new Map(stream.dict.entries());
    dict.delete(PDFName.of('Filter'));
    dict.delete(PDFName.of('Length'));
    dict.delete(PDFName.of('DecodeParms'));
    const replacement = pdf.context.flateStream(new Uint8Array(Buffer.from(cleaned, 'latin1')));
    for (const [key, value] of dict) replacement.dict.set(key, value);
    pdf.context.assign(ref, replacement);
    changed++;
  }
  return changed;
}

/**
 * `html` without each `tag` element that `keep` refuses, its contents
 * included; a kept one is searched inside too.
 */
function withoutElements(html: string, tag: string, keep: (element: string) => boolean): string {
  const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
  let result = '';
  let from = 0;
  let start = -1;
  let depth = 0;
  for (const match of html.matchAll(tags)) {
    const closing = match[1] === '/';
    if (start < 0) {
      if (closing) continue;
      start = match.index;
      depth = 1;
      continue;
    }
    depth += closing ? -1 : 1;
    if (depth > 0) continue;
    const end = match.index + match[0].length;
    const element = html.slice(start, end);
    result += html.slice(from, start);
    if (keep(element)) {
      const open = element.indexOf('>') + 1;
      const close = element.lastIndexOf('<');
      result += element.slice(0, open) + withoutElements(element.slice(open, close), tag, keep) + element.slice(close);
    }
    from = end;
    start = -1;
  }
  return result + html.slice(from);
}

/**
 * A heading's words as the outline lists them: without what the print adds to
 * its text or marks in it, the address printed after a link's words
 * (`span.link-url`, links.ts) and a note's call (a `sup` holding its link):
 * "A heading with a link in it", not "…a linkhttps://example.com in it";
 * "Budget 2024", not "Budget1 2024".
 */
function outlineWords(inner: string): string {
  const withoutAddresses = withoutElements(inner, 'span', (element) => !/^<span\b[^>]*\bclass="link-url"/i.test(element));
  return withoutElements(withoutAddresses, 'sup', (element) => !/\bdata-footnote-ref\b/i.test(element));
}

/** A heading's markup as plain text. */
function headingText(inner: string): string {
  return parseEntities(inner.replace(/<[^>]*>/g, ''))
    .replace(/\u00AD/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A heading as the outline lists it (`text`), as Chromium titled its entry from all of its printed text
 * (`printed`), and whether it is a collection's end matter (`endMatter`): outside every article, after them.
 */
export interface OutlineHeading {
  text: string;
  printed: string;
  endMatter?: boolean;
}

/**
 * Every h1–h6 of an HTML page, in document order, as the outline lists it and as Chromium's outline titles it.
 * A heading outside the articles of a collection (`<article class="… part …">`) and after one of them is the
 * collection's end matter ("Sources and credits").
 */
export function outlineHeadingsOf(html: string): OutlineHeading[] {
  const headings: OutlineHeading[] = [];
  let articles = 0;
  let afterPart = false;
  const parts: boolean[] = [];
  for (const match of html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>|<article\b([^>]*)>|<\/article\s*>/gi)) {
    if (match[1] === undefined) {
      if (match[0][1] === '/') {
        articles = Math.max(0, articles - 1);
        if (parts.pop()) afterPart = true;
      } else {
        articles++;
        parts.push(/\bclass\s*=\s*"[^"]*\bpart\b/i.test(match[3] ?? ''));
      }
      continue;
    }
    const printed = headingText(match[2]!);
    if (!printed) continue;
    const heading: OutlineHeading = { text: headingText(outlineWords(match[2]!)) || printed, printed };
    if (afterPart && articles === 0) heading.endMatter = true;
    headings.push(heading);
  }
  return headings;
}

/** The text of every h1–h6 of an HTML page, in document order, as the outline lists it. */
export function headingsOf(html: string): string[] {
  return outlineHeadingsOf(html).map((heading) => heading.text);
}

const outlineKey = (text: string): string => text.replace(/[\s\u00AD]+/g, '').toLocaleLowerCase('en');

/**
 * A title's characters in code point order: Chromium titles an entry of right-to-left words in the order they are
 * displayed ("مرتين غرق الذي الميناء" for "الميناء الذي غرق مرتين"), and, in a collection, twice over. The words
 * are the same, so their characters are.
 */
function looseKey(text: string): string {
  return [...outlineKey(text)].sort().join('');
}

/** Chromium's title of an entry, once: a right-to-left headline in a left-to-right collection is titled twice over. */
function once(title: string): string {
  const half = title.length / 2;
  return Number.isInteger(half) && half > 0 && title.slice(0, half) === title.slice(half) ? title.slice(0, half) : title;
}

/** An outline entry as Chromium wrote it: depth first, in the order of the headings. */
interface OutlineEntry {
  item: PDFDict;
  depth: number;
  children: OutlineEntry[];
}

/** The entries of an outline, depth first. */
function outlineEntries(outlines: PDFDict): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  const seen = new Set<PDFDict>();
  const visit = (first: PDFDict | undefined, depth: number): void => {
    let item = first;
    while (item && !seen.has(item) && depth < 32) {
      seen.add(item);
      entries.push({ item, depth, children: [] });
      visit(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  visit(outlines.lookupMaybe(PDFName.of('First'), PDFDict), 0);
  return entries;
}

/** The heading structure elements (H1–H6) of the structure tree, in reading order. */
function headingElements(pdf: PDFDocument): PDFDict[] {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  return root ? structureElements(pdf, root).filter((element) => /^\/H[1-6]$/.test(element.get(PDFName.of('S'))!.toString())) : [];
}

/**
 * The heading each entry was made from. Chromium's entry names the heading's structure element (/SE): with one
 * heading element for each heading, in the same order, that is the heading. An entry without one is matched by its
 * title, with or without spaces and case, or by its characters (see looseKey).
 */
function headingsOfEntries(pdf: PDFDocument, entries: OutlineEntry[], headings: OutlineHeading[]): Array<OutlineHeading | undefined> {
  const elements = headingElements(pdf);
  const byElement = new Map<PDFDict, OutlineHeading>(elements.length === headings.length ? elements.map((element, index) => [element, headings[index]!]) : []);
  const used = new Set<OutlineHeading>();
  const matched = entries.map(({ item }) => {
    const element = item.lookup(PDFName.of('SE'));
    const heading = element instanceof PDFDict ? byElement.get(element) : undefined;
    if (heading) used.add(heading);
    return heading;
  });
  const keys = headings.map((heading) => ({ heading, key: outlineKey(heading.printed), loose: looseKey(heading.printed) }));
  return matched.map((heading, index) => {
    if (heading) return heading;
    const title = entries[index]!.item.lookup(PDFName.of('Title'));
    if (!(title instanceof PDFString || title instanceof PDFHexString)) return undefined;
    const text = title.decodeText();
    const key = outlineKey(text);
    const loose = looseKey(once(text));
    const found = keys.find((h) => !used.has(h.heading) && h.key === key) ?? keys.find((h) => !used.has(h.heading) && h.loose === loose);
    if (found) used.add(found.heading);
    return found?.heading;
  });
}

/**
 * Links the entries again as `depths` nests them, each open or closed as it was, with their counts of entries shown
 * (ISO 32000-1, 12.3.3).
 */
function relink(outlines: PDFDict, entries: OutlineEntry[], depths: number[]): void {
  const root: OutlineEntry = { item: outlines, depth: -1, children: [] };
  const stack: OutlineEntry[] = [root];
  entries.forEach((entry, index) => {
    entry.children = [];
    const depth = Math.min(depths[index]!, stack.length - 1);
    stack.length = depth + 1;
    stack[depth]!.children.push(entry);
    stack.push(entry);
  });
  const link = (parent: OutlineEntry, parentRef: PDFRef | undefined): number => {
    const { item, children } = parent;
    for (const key of ['First', 'Last']) item.delete(PDFName.of(key));
    let shown = 0;
    children.forEach((child, index) => {
      const ref = child.item.context.getObjectRef(child.item);
      for (const key of ['Prev', 'Next', 'Parent']) child.item.delete(PDFName.of(key));
      if (parentRef) child.item.set(PDFName.of('Parent'), parentRef);
      const previous = children[index - 1];
      const next = children[index + 1];
      if (previous) child.item.set(PDFName.of('Prev'), child.item.context.getObjectRef(previous.item)!);
      if (next) child.item.set(PDFName.of('Next'), child.item.context.getObjectRef(next.item)!);
      const below = link(child, ref);
      const count = child.item.lookup(PDFName.of('Count'));
      const open = !(count instanceof PDFNumber && count.asNumber() < 0);
      shown += 1 + (open ? below : 0);
    });
    const first = children[0];
    const last = children[children.length - 1];
    if (first && last) {
      item.set(PDFName.of('First'), item.context.getObjectRef(first.item)!);
      item.set(PDFName.of('Last'), item.context.getObjectRef(last.item)!);
    }
    if (parent === root) item.set(PDFName.of('Count'), PDFNumber.of(shown));
    else {
      const count = item.lookup(PDFName.of('Count'));
      const open = !(count instanceof PDFNumber && count.asNumber() < 0);
      if (children.length === 0) item.delete(PDFName.of('Count'));
      else item.set(PDFName.of('Count'), PDFNumber.of(open ? shown : -shown));
    }
    return shown;
  };
  link(root, undefined);
}

/**
 * Gives each outline entry the text of the heading it was made from, and
 * puts a collection's end matter at the top of the outline, beside its
 * articles: Chromium nests entries by their headings' levels, so the
 * collection's "Sources and credits" (an h2) went under its last article's
 * headline (an h1). Returns how many titles changed.
 */
export function restoreOutlineTitles(pdf: PDFDocument, headings: Array<string | OutlineHeading>): number {
  const outlines = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return 0;
  const entries = outlineEntries(outlines);
  const listed = headings.map((heading) => (typeof heading === 'string' ? { text: heading, printed: heading } : heading));
  const matched = headingsOfEntries(pdf, entries, listed);
  let changed = 0;
  entries.forEach(({ item }, index) => {
    const heading = matched[index];
    const title = item.lookup(PDFName.of('Title'));
    if (!heading || !(title instanceof PDFString || title instanceof PDFHexString)) return;
    if (heading.text !== title.decodeText()) {
      item.set(PDFName.of('Title'), PDFHexString.fromText(heading.text));
      changed++;
    }
  });
  // The end matter and what follows it, lifted to the top level.
  const endMatter = matched.findIndex((heading) => heading?.endMatter === true);
  const lift = endMatter < 0 ? 0 : entries[endMatter]!.depth;
  if (lift > 0) relink(outlines, entries, entries.map((entry, index) => (index < endMatter ? entry.depth : Math.max(0, entry.depth - lift))));
  return changed;
}
