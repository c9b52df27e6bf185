/**
 * Gives a word back its text where Chromium's PDF maps its glyphs to none.
 *
 * A Nastaliq face (Noto Nastaliq Urdu) draws a letter as a skeleton shared
 * by several letters and the dots that tell them apart (ت = the ب skeleton
 * + two dots), each in one of many contextual shapes no character of the
 * font's cmap reaches. Skia's ToUnicode map can name only one character per
 * glyph, and names none for these (`<0002> <0000>`); it marks each letter's
 * glyphs `/ActualText` instead. So:
 * - a reader that does not read marked content (pdf.js, and with it
 *   Firefox's viewer and galley's own read-back of right-to-left text) gets
 *   NULs for nearly every letter: "\0\0ا\0 \0\0ور";
 * - poppler (pdftotext, Evince, Okular) reads the letters, but a Nastaliq
 *   word descends from its first letter to its last on the line's baseline,
 *   each letter at a height of its own, and poppler takes each letter's
 *   span for a word of its own, some on another line: "لا ور می ں" for
 *   "لاہور میں".
 *
 * Chromium draws each right-to-left word in a face of its own (the space
 * between comes from Literata) as one `/ReversedChars` run, in visual order.
 * For a run in a font whose ToUnicode maps glyphs to U+0000, this:
 * - puts the run's glyphs in one `/ActualText` span holding the whole word:
 *   poppler reads the word at its first-drawn glyph, its last letter, which
 *   sits on the baseline;
 * - shows the run's first glyph by a code of its own whose ToUnicode entry
 *   is the whole word, and every other glyph by a code mapped to WORD JOINER
 *   (U+2060), a format character that pdf.js leaves out of the text and
 *   that joins nothing in Arabic script: the font's Encoding becomes a CMap
 *   of its own, which sends these codes to the glyphs they stood for (the
 *   codes of other glyphs stay their glyph numbers, as in Identity-H).
 * Both hold the word's characters backwards, in the order the run draws
 * them (left to right): poppler spreads a span's characters over its box
 * from left to right, and pdf.js a glyph's, before each turns the
 * right-to-left line around; in reading order, each word came out reversed
 * (pdftotext "روہال" for "لاہور"). A reader that takes ActualText in reading
 * order, as the PDF standard has it, would read these words reversed; the
 * letter-by-letter spans Chromium wrote read as words in none of those
 * measured (poppler 22.12, pdf.js 5.4).
 * Nothing is drawn differently: every glyph is the same glyph at the same place.
 */
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, decodePDFRawStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { parseToUnicode, widthsOf } from './print-text.js';

/** What a code of the word's other glyphs reads as: nothing, in every reader that leaves out format characters. */
const JOINER = '\u2060';

/** One operation inside such a run. */
const RUN_PART = /\s*(?:(\/Span\s*<<\s*\/ActualText\s*<([0-9a-fA-F]*)>\s*>>\s*BDC)|(EMC)|<([0-9a-fA-F]*)>\s*Tj|(\/([^\s/<>[\]()%{}]+)\s+[-+.\d]+\s+Tf)|((?:[-+.\d]+\s+){2}Td|(?:[-+.\d]+\s+){6}Tm))/y;
/** A stream of this text, with these entries: deflated or not. */
type Write = (text: string, dict?: Parameters<PDFDocument['context']['stream']>[1]) => PDFRawStream;

/** A font set: its resource name. */
const FONT_SET = /\/([^\s/<>[\]()%{}]+)\s+[-+.\d]+\s+Tf\b/g;

interface MendedFont {
  /** The font's ToUnicode map, glyph number → text. */
  toUnicode: Map<number, string>;
  /** Codes given out: `glyph\0text` → code. */
  codes: Map<string, number>;
  /** code → glyph, text. */
  added: Map<number, { glyph: number; text: string }>;
  next: number;
  dict: PDFDict;
  /** A glyph's advance, per unit of font size (its widths' entry). */
  width: (glyph: number) => number;
}

function streamText(stream: PDFObject | undefined): string | undefined {
  if (!(stream instanceof PDFRawStream)) return undefined;
  const filter = stream.dict.get(PDFName.of('Filter'));
  try {
    const bytes = !filter ? stream.getContents() : filter.toString() === '/FlateDecode' && !stream.dict.has(PDFName.of('DecodeParms')) ? inflateSync(stream.getContents()) : decodePDFRawStream(stream).decode();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  } catch {
    return undefined;
  }
}

const utf16Hex = (text: string): string => [...text].flatMap((char) => {
  const code = char.codePointAt(0)!;
  if (code < 0x10000) return [code];
  const offset = code - 0x10000;
  return [0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff)];
}).map((unit) => unit.toString(16).padStart(4, '0')).join('');

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

function fromHex(hex: string): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
  return text;
}

/** A Type 0 font Chromium wrote (Identity-H) whose ToUnicode map sends some glyph to U+0000; undefined for any other. */
function unmappedFont(dict: PDFDict): MendedFont | undefined {
  if (dict.get(PDFName.of('Subtype'))?.toString() !== '/Type0') return undefined;
  // A font mended before has an Encoding CMap of its own, not Identity-H.
  if (dict.get(PDFName.of('Encoding'))?.toString() !== '/Identity-H') return undefined;
  const cmap = streamText(dict.lookup(PDFName.of('ToUnicode')));
  if (!cmap || !/<[0-9a-fA-F]{4}>\s*<0000>/.test(cmap)) return undefined;
  const toUnicode = parseToUnicode(cmap);
  // New codes come after every glyph the font shows: those its ToUnicode map and its widths name.
  const descendant = dict.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0);
  const widths = descendant instanceof PDFDict ? descendant.lookupMaybe(PDFName.of('W'), PDFArray) : undefined;
  let widest = 0;
  const items = widths?.asArray() ?? [];
  for (let i = 0; i < items.length; ) {
    const first = items[i];
    const next = items[i + 1];
    if (!(first instanceof PDFNumber)) break;
    if (next instanceof PDFArray) {
      widest = Math.max(widest, first.asNumber() + next.size() - 1);
      i += 2;
    } else {
      widest = Math.max(widest, next instanceof PDFNumber ? next.asNumber() : first.asNumber());
      i += 3;
    }
  }
  const highest = Math.max(widest, ...toUnicode.keys());
  return { toUnicode, codes: new Map(), added: new Map(), next: highest + 1, dict, width: widthsOf(dict, true) };
}

/** The code that shows `glyph` and reads as `text`. */
function codeFor(font: MendedFont, glyph: number, text: string): number | undefined {
  const key = `${glyph}\0${text}`;
  let code = font.codes.get(key);
  if (code === undefined) {
    if (font.next > 0xffff) return undefined;
    code = font.next++;
    font.codes.set(key, code);
    font.added.set(code, { glyph, text });
  }
  return code;
}

/**
 * The run that starts at `from` (just after its `/ReversedChars BMC`), rewritten (see above), and where it ends
 * (after its EMC); undefined to leave it. `start`: the font in force where it starts.
 */
function mendRun(content: string, from: number, start: string | undefined, fonts: Map<string, MendedFont | undefined>): { end: number; text: string } | undefined {
  let font = start;
  const clusters: string[] = [];
  let span: string | undefined;
  let spanGlyphs = 0;
  const parts: RunParts = [];
  let mended: MendedFont | undefined;
  let end: number | undefined;
  RUN_PART.lastIndex = from;
  while (end === undefined) {
    const part = RUN_PART.exec(content);
    if (!part) return undefined;
    const [, open, actual, close, glyphHex, fontSet, fontName, placing] = part;
    if (open !== undefined) {
      if (span !== undefined) return undefined;
      span = fromHex(actual!.slice(4));
      spanGlyphs = 0;
    } else if (close !== undefined) {
      // The run's own EMC, or its span's.
      if (span === undefined) end = RUN_PART.lastIndex;
      else {
        if (spanGlyphs === 0) return undefined;
        clusters.push(span);
        span = undefined;
      }
    } else if (glyphHex !== undefined) {
      const own = font === undefined ? undefined : fonts.get(font);
      if (!own || (mended && own !== mended) || glyphHex.length % 4 !== 0) return undefined;
      mended = own;
      const glyphs = (glyphHex.match(/.{4}/g) ?? []).map((unit) => Number.parseInt(unit, 16));
      for (const glyph of glyphs) {
        if (span !== undefined) spanGlyphs++;
        else {
          const text = own.toUnicode.get(glyph);
          if (!text || text.includes('\0')) return undefined;
          clusters.push(text);
        }
      }
      parts.push({ kind: 'glyphs', glyphs });
    } else if (fontSet !== undefined) {
      font = fontName;
      parts.push({ kind: 'other', text: fontSet });
    } else parts.push({ kind: 'other', text: placing! });
  }
  if (!mended || clusters.length === 0) return undefined;
  // The word in reading order reads from the last cluster drawn; both readers want it backwards (see above). A glyph
  // the font's cmap reaches only by an Arabic presentation form (Amiri's final ا is U+FE8E) stands for its letter.
  const letters = clusters.reverse().join('').replace(/[\ufb50-\ufdff\ufe70-\ufeff]+/gu, (forms) => forms.normalize('NFKC'));
  const word = [...letters].reverse().join('');
  let first = true;
  const out: string[] = [];
  for (const part of baseFirst(parts, mended.width)) {
    if (part.kind === 'other') {
      out.push(part.text);
      continue;
    }
    const codes: number[] = [];
    for (const glyph of part.glyphs) {
      const code = codeFor(mended, glyph, first ? word : JOINER);
      if (code === undefined) return undefined;
      codes.push(code);
      first = false;
    }
    out.push(`<${codes.map(hex4).join('')}> Tj`);
  }
  return { end, text: `/ReversedChars BMC\n/Span<</ActualText <feff${utf16Hex(word)}> >> BDC\n${out.join('\n')}\nEMC\nEMC` };
}

type RunParts = Array<{ kind: 'glyphs'; glyphs: number[] } | { kind: 'other'; text: string }>;

/** A place as a content stream is given it: to a millionth of a unit, as Chromium's own. */
const written = (value: number): string => String(Math.round(value * 1e6) / 1e6);

/**
 * A run's parts with its leftmost glyph that has an advance drawn first, where the run begins with a mark
 * (a glyph with none) set left of it. poppler gives a span's text the box from its first-drawn glyph, and
 * Amiri draws the tanween of the final اً 0.2 em left of its alef, in the word space before: the box began
 * there, the space was read as none, and "کأساً و" read "کأساًو". Each glyph is placed again by its own Td
 * from the line's start, at the same place, and the line's start is left where the run left it, so
 * nothing moves. A run placed otherwise (a glyph without its own Td, a text matrix or a font between its
 * glyphs) is left as it is.
 */
function baseFirst(parts: RunParts, width: (glyph: number) => number): RunParts {
  const prefix: RunParts = [];
  const glyphs: Array<{ glyph: number; x: number; y: number }> = [];
  let x = 0;
  let y = 0;
  let moved = false;
  for (const part of parts) {
    if (part.kind === 'glyphs') {
      if (part.glyphs.length !== 1 || !moved) return parts;
      glyphs.push({ glyph: part.glyphs[0]!, x, y });
      moved = false;
      continue;
    }
    const move = /^([-+.\d]+)\s+([-+.\d]+)\s+Td$/.exec(part.text.trim());
    if (move) {
      x += Number(move[1]);
      y += Number(move[2]);
      moved = true;
    } else if (glyphs.length > 0 || moved) return parts;
    else {
      // A font or a text matrix before the first glyph: a matrix starts the line anew.
      if (/Tm$/.test(part.text.trim())) x = y = 0;
      prefix.push(part);
    }
  }
  const opening = glyphs[0];
  if (!opening || moved || width(opening.glyph) > 0) return parts;
  const bases = glyphs.filter((glyph) => width(glyph.glyph) > 0);
  if (bases.length === 0) return parts;
  const leftmost = bases.reduce((best, glyph) => (glyph.x < best.x ? glyph : best));
  if (leftmost.x <= opening.x) return parts;
  const out = [...prefix];
  let penX = 0;
  let penY = 0;
  for (const glyph of [leftmost, ...glyphs.filter((glyph) => glyph !== leftmost)]) {
    out.push({ kind: 'other', text: `${written(glyph.x - penX)} ${written(glyph.y - penY)} Td` }, { kind: 'glyphs', glyphs: [glyph.glyph] });
    penX = glyph.x;
    penY = glyph.y;
  }
  const end = glyphs[glyphs.length - 1]!;
  if (end.x !== penX || end.y !== penY) out.push({ kind: 'other', text: `${written(end.x - penX)} ${written(end.y - penY)} Td` });
  return out;
}

/** Rewrites one content stream's runs; undefined when none changes. */
export function mendUnmappedRuns(content: string, fonts: Map<string, MendedFont | undefined>): string | undefined {
  if (!content.includes('/ReversedChars')) return undefined;
  const sets = [...content.matchAll(FONT_SET)].map((set) => ({ at: set.index, name: set[1]! }));
  const RUN = '/ReversedChars BMC';
  let font: string | undefined;
  let next = 0;
  let out = '';
  let done = 0;
  for (let at = content.indexOf(RUN); at >= 0; at = content.indexOf(RUN, at + 1)) {
    if (at < done) continue;
    // Runs come in the stream's order: the fonts set before each are read on from the last one's.
    while (next < sets.length && sets[next]!.at < at) font = sets[next++]!.name;
    const mended = mendRun(content, at + RUN.length, font, fonts);
    if (mended === undefined) continue;
    out += content.slice(done, at) + mended.text;
    done = mended.end;
  }
  return done === 0 ? undefined : out + content.slice(done);
}

/** The content streams of every page with its font resources. */
function pageStreams(pdf: PDFDocument): Array<{ ref: PDFRef; fonts: PDFDict | undefined }> {
  const streams: Array<{ ref: PDFRef; fonts: PDFDict | undefined }> = [];
  for (const page of pdf.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    const contents = page.node.get(PDFName.of('Contents'));
    const resolved = contents instanceof PDFRef ? pdf.context.lookup(contents) : contents;
    const refs = resolved instanceof PDFRawStream && contents instanceof PDFRef ? [contents] : [];
    if (resolved && 'asArray' in resolved && typeof resolved.asArray === 'function') {
      for (const item of (resolved as { asArray(): PDFObject[] }).asArray()) if (item instanceof PDFRef) refs.push(item);
    }
    for (const ref of refs) streams.push({ ref, fonts });
  }
  return streams;
}

/** Whether the print has a font whose glyphs read as nothing, whose words mendUnmappedWords mends. */
export function hasUnmappedWords(pdf: PDFDocument): boolean {
  const seen = new Set<PDFDict>();
  for (const page of pdf.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    for (const [, value] of fonts?.entries() ?? []) {
      const dict = value instanceof PDFRef ? pdf.context.lookup(value) : value;
      if (!(dict instanceof PDFDict) || seen.has(dict)) continue;
      seen.add(dict);
      if (unmappedFont(dict)) return true;
    }
  }
  return false;
}

/**
 * Mends every run of a font whose glyphs read as nothing (see above). Returns how many streams changed.
 * `compress`: deflate what is written (the finished print); a print mended only to be read back leaves it plain.
 */
export function mendUnmappedWords(pdf: PDFDocument, { compress = true }: { compress?: boolean } = {}): number {
  const write: Write = (text, dict) => {
    const bytes = new Uint8Array(Buffer.from(text, 'latin1'));
    return compress ? pdf.context.flateStream(bytes, dict) : pdf.context.stream(bytes, dict);
  };
  const byDict = new Map<PDFDict, MendedFont | undefined>();
  let changed = 0;
  for (const { ref, fonts } of pageStreams(pdf)) {
    if (!fonts) continue;
    const named = new Map<string, MendedFont | undefined>();
    for (const [name, value] of fonts.entries()) {
      const dict = value instanceof PDFRef ? pdf.context.lookup(value) : value;
      if (!(dict instanceof PDFDict)) continue;
      if (!byDict.has(dict)) byDict.set(dict, unmappedFont(dict));
      named.set(name.asString().slice(1), byDict.get(dict));
    }
    if (![...named.values()].some(Boolean)) continue;
    const stream = pdf.context.lookup(ref);
    const content = streamText(stream);
    if (content === undefined || !(stream instanceof PDFRawStream)) continue;
    const mended = mendUnmappedRuns(content, named);
    if (mended === undefined) continue;
    const dict = new Map(stream.dict.entries());
    dict.delete(PDFName.of('Filter'));
    dict.delete(PDFName.of('Length'));
    dict.delete(PDFName.of('DecodeParms'));
    const replacement = write(mended);
    for (const [key, value] of dict) replacement.dict.set(key, value);
    pdf.context.assign(ref, replacement);
    changed++;
  }
  for (const font of byDict.values()) if (font && font.added.size > 0) writeEncoding(pdf, font, write);
  return changed;
}

/** The CMap name a mended font's Encoding gets: the first code the mend gave out, and the one after its last. */
const ENCODING_NAME = /^\/?Galley-Identity-([0-9a-f]{4})-([0-9a-f]{4})$/;

/**
 * The first of the codes the mend gave a font (each shows one of a mended word's glyphs, in its word's span),
 * or undefined for a font not mended: what finishes the print after the mend leaves those spans as they are.
 */
export function mendedCodesFrom(dict: PDFDict): number | undefined {
  const encoding = dict.lookup(PDFName.of('Encoding'));
  if (!(encoding instanceof PDFRawStream)) return undefined;
  const name = ENCODING_NAME.exec(encoding.dict.get(PDFName.of('CMapName'))?.toString() ?? '');
  return name ? Number.parseInt(name[1]!, 16) : undefined;
}

/** In groups of at most 100, as a CMap's begin…end blocks hold. */
function blocks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += 100) out.push(items.slice(i, i + 100));
  return out;
}

/** Gives the font the Encoding CMap and the ToUnicode entries of its new codes. */
function writeEncoding(pdf: PDFDocument, font: MendedFont, write: Write): void {
  const added = [...font.added].sort(([a], [b]) => a - b);
  const base = Math.min(...added.map(([code]) => code));
  const name = `Galley-Identity-${hex4(base)}-${hex4(font.next)}`;
  const encoding = [
    '%!PS-Adobe-3.0 Resource-CMap',
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def',
    `/CMapName /${name} def`,
    '/CMapType 1 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    '1 begincidrange',
    `<0000> <${hex4(base - 1)}> 0`,
    'endcidrange',
    ...blocks(added).flatMap((group) => [`${group.length} begincidchar`, ...group.map(([code, { glyph }]) => `<${hex4(code)}> ${glyph}`), 'endcidchar']),
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
  const encodingStream = write(encoding, {
    Type: 'CMap',
    CMapName: name,
    CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
  });
  font.dict.set(PDFName.of('Encoding'), pdf.context.register(encodingStream));
  const cmap = streamText(font.dict.lookup(PDFName.of('ToUnicode')))!;
  const entries = blocks(added).flatMap((group) => [`${group.length} beginbfchar`, ...group.map(([code, { text }]) => `<${hex4(code)}> <${utf16Hex(text)}>`), 'endbfchar']);
  const extended = cmap.replace(/endcmap/, `${entries.join('\n')}\nendcmap`);
  font.dict.set(PDFName.of('ToUnicode'), pdf.context.register(write(extended)));
}
