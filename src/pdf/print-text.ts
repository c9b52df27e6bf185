/**
 * The text of a print's pages, read from its content streams: where each
 * line of text is printed and what it says. galley reads back only PDFs that
 * Chromium wrote (Skia's PDF backend), whose text is regular: each glyph is
 * shown by its own `Tj`, placed by a `Td` from the start of its line, in
 * fonts whose ToUnicode map says which characters each glyph stands for;
 * marked content may give a glyph's text instead (`/ActualText`: a soft
 * hyphen, a ligature across a break point). pdf-lib (which finishes the
 * print anyway) finds the pages, their fonts and their streams; this module
 * reads the text operators, as pdf.js's text extraction does, at a small
 * part of its cost (pdf.js parses every embedded font, and loading it was
 * most of a cold read-back).
 *
 * One piece per run of glyphs on a line; a piece ends its line (`hasEOL`)
 * when the next glyph is set on another line, or when the page ends.
 */
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';
import { IDENTITY, multiply, type Matrix } from './matrix.js';
import { readOnlyPrint } from './print-document.js';

/** A piece of text as pdf.js gives it: where its baseline starts, in PDF units from the page's bottom left. */
export interface TextPiece {
  str: string;
  x: number;
  y: number;
  /** The piece ends a line. */
  hasEOL: boolean;
  /** Which way the piece is written: `ltr`, `rtl` or `ttb`. */
  dir?: string;
}

/** One page's text, pieces in the order they are printed. */
export interface PageText {
  /** The page's height, in points. */
  height: number;
  items: TextPiece[];
}

/** A font as the text needs it: how many bytes a code takes, the text of each code, and its advance (in text space units per unit of font size). */
interface FontText {
  bytes: 1 | 2;
  text(code: number): string;
  width(code: number): number;
}

/** Text this reader leaves to pdf.js: written right to left (pdf.js reorders it), or in vertical lines. */
export class NotPlainText extends Error {}

const numbers = (array: PDFArray | undefined): number[] => (array?.asArray() ?? []).map((value) => (value instanceof PDFNumber ? value.asNumber() : 0));

/** The advances of a font's glyphs: a CID font's /W and /DW, a simple font's /Widths from /FirstChar (a Type 3 font's scaled by its /FontMatrix). */
export function widthsOf(font: PDFDict, type0: boolean): (code: number) => number {
  if (type0) {
    const descendant = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookup(0);
    if (!(descendant instanceof PDFDict)) return () => 0;
    const fallback = descendant.lookupMaybe(PDFName.of('DW'), PDFNumber)?.asNumber() ?? 1000;
    const widths = new Map<number, number>();
    const w = descendant.lookupMaybe(PDFName.of('W'), PDFArray);
    for (let i = 0; w && i < w.size(); ) {
      const first = w.lookup(i);
      const next = w.lookup(i + 1);
      if (!(first instanceof PDFNumber)) break;
      if (next instanceof PDFArray) {
        numbers(next).forEach((width, offset) => widths.set(first.asNumber() + offset, width));
        i += 2;
      } else {
        const last = next instanceof PDFNumber ? next.asNumber() : first.asNumber();
        const width = w.lookupMaybe(i + 2, PDFNumber)?.asNumber() ?? fallback;
        for (let code = first.asNumber(); code <= last && code - first.asNumber() < 0x10000; code++) widths.set(code, width);
        i += 3;
      }
    }
    return (code) => (widths.get(code) ?? fallback) / 1000;
  }
  const firstChar = font.lookupMaybe(PDFName.of('FirstChar'), PDFNumber)?.asNumber() ?? 0;
  const widths = numbers(font.lookupMaybe(PDFName.of('Widths'), PDFArray));
  const matrix = font.lookupMaybe(PDFName.of('FontMatrix'), PDFArray);
  const scale = matrix ? (numbers(matrix)[0] ?? 0.001) : 0.001;
  return (code) => (widths[code - firstChar] ?? 0) * scale;
}

function utf16(hex: string): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
  return text;
}

/** A ToUnicode CMap's `bfchar` and `bfrange` entries. */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(Number.parseInt(code!, 16), utf16(text!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, start, list] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]*)>|\[([^\]]*)\])/g)) {
      const from = Number.parseInt(low!, 16);
      const to = Number.parseInt(high!, 16);
      if (to - from > 0xffff) continue;
      if (list !== undefined) {
        const texts = [...list.matchAll(/<([0-9a-fA-F]*)>/g)].map((match) => utf16(match[1]!));
        for (let code = from; code <= to && code - from < texts.length; code++) map.set(code, texts[code - from]!);
      } else {
        // The last UTF-16 unit counts up through the range.
        const first = utf16(start!);
        const head = first.slice(0, -1);
        const last = first.charCodeAt(first.length - 1);
        for (let code = from; code <= to; code++) map.set(code, head + String.fromCharCode(last + code - from));
      }
    }
  }
  return map;
}

function streamBytes(stream: PDFObject | undefined): Uint8Array | undefined {
  if (!(stream instanceof PDFRawStream)) return stream instanceof PDFStream ? stream.getContents() : undefined;
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (!filter) return stream.getContents();
  // Node's zlib for plain deflated streams (several times faster than pdf-lib's JavaScript); pdf-lib for the rest.
  if (filter.toString() === '/FlateDecode' && !stream.dict.has(PDFName.of('DecodeParms'))) return inflateSync(stream.getContents());
  return decodePDFRawStream(stream).decode();
}

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

const winAnsi = new TextDecoder('windows-1252');

function fontText(font: PDFDict): FontText {
  const type0 = font.lookupMaybe(PDFName.of('Subtype'), PDFName)?.toString() === '/Type0';
  if (type0 && /-V$/.test(font.lookupMaybe(PDFName.of('Encoding'), PDFName)?.toString() ?? '')) throw new NotPlainText('vertical text');
  const bytes = type0 ? 2 : 1;
  const width = widthsOf(font, type0);
  const toUnicode = streamBytes(font.lookup(PDFName.of('ToUnicode')));
  if (toUnicode) {
    const map = parseToUnicode(latin1(toUnicode));
    for (const [code, text] of map) if (INVISIBLE.test(text)) map.set(code, text.replace(INVISIBLE, ''));
    return { bytes, width, text: (code) => map.get(code) ?? '' };
  }
  if (bytes === 2) return { bytes, width, text: () => '' };
  // A simple font without a map (not Chromium's): its codes read as Windows-1252, as pdf-lib's standard fonts write them.
  return { bytes, width, text: (code) => winAnsi.decode(new Uint8Array([code])) };
}

/** The content stream's tokens: numbers, names, strings (as their bytes in Latin-1), arrays, dictionaries, operators. */
type Operand = number | string | { name: string } | { bytes: string } | Operand[] | { dict: Map<string, Operand> };

type Token = Operand | { op: string };
const isOp = (token: Token): token is { op: string } => typeof token === 'object' && !Array.isArray(token) && 'op' in token;
const isName = (token: Token | undefined): token is { name: string } => typeof token === 'object' && !Array.isArray(token) && 'name' in token;
const isBytes = (token: Token | undefined): token is { bytes: string } => typeof token === 'object' && !Array.isArray(token) && 'bytes' in token;

/** Character classes of PDF's syntax, by code: 1 white space, 2 delimiter. */
const CLASS = new Uint8Array(256);
for (const char of ' \n\r\t\f\0') CLASS[char.charCodeAt(0)] = 1;
for (const char of '()<>[]{}/%') CLASS[char.charCodeAt(0)] = 2;
/** Where a regular word (a number, an operator, a name's letters) ends. */
function wordEnd(source: string, from: number): number {
  let index = from;
  while (index < source.length) {
    const code = source.charCodeAt(index);
    if (code < 256 && CLASS[code] !== 0) break;
    index++;
  }
  return index;
}

class Lexer {
  index = 0;
  constructor(readonly source: string) {}

  skipSpace(): void {
    const source = this.source;
    for (;;) {
      let code = source.charCodeAt(this.index);
      while (code < 256 && CLASS[code] === 1) code = source.charCodeAt(++this.index);
      if (code !== 37 /* % */) return;
      while (this.index < source.length && source[this.index] !== '\n' && source[this.index] !== '\r') this.index++;
    }
  }

  /** The next token: an operand, or an operator as `{ op }`; undefined at the end. */
  next(): Token | undefined {
    this.skipSpace();
    const source = this.source;
    if (this.index >= source.length) return undefined;
    const char = source[this.index]!;
    if (char === '/') {
      const start = ++this.index;
      this.index = wordEnd(source, start);
      return { name: source.slice(start, this.index) };
    }
    if (char === '<' && source[this.index + 1] === '<') {
      this.index += 2;
      const dict = new Map<string, Operand>();
      for (;;) {
        this.skipSpace();
        if (this.index >= source.length) break;
        if (source[this.index] === '>' && source[this.index + 1] === '>') {
          this.index += 2;
          break;
        }
        const key = this.next();
        const value = this.next();
        if (key === undefined || value === undefined) break;
        if (isName(key) && !isOp(value)) dict.set(key.name, value);
      }
      return { dict };
    }
    if (char === '<') {
      const end = source.indexOf('>', this.index);
      let hex = source.slice(this.index + 1, end < 0 ? source.length : end);
      if (/[^0-9a-fA-F]/.test(hex)) hex = hex.replace(/[^0-9a-fA-F]/g, '');
      if (hex.length % 2 === 1) hex += '0';
      this.index = end < 0 ? source.length : end + 1;
      return { bytes: Buffer.from(hex, 'hex').toString('latin1') };
    }
    if (char === '(') return { bytes: this.literal() };
    if (char === '[') {
      this.index++;
      const items: Operand[] = [];
      for (;;) {
        this.skipSpace();
        if (this.index >= source.length) break;
        if (source[this.index] === ']') {
          this.index++;
          break;
        }
        const item = this.next();
        if (item === undefined) break;
        if (!isOp(item)) items.push(item);
      }
      return items;
    }
    if (char === ']' || char === '>' || char === ')' || char === '{' || char === '}') {
      this.index++;
      return this.next();
    }
    const start = this.index;
    this.index = wordEnd(source, start);
    const word = source.slice(start, this.index);
    const first = word.charCodeAt(0);
    if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46) {
      const value = Number(word);
      if (!Number.isNaN(value)) return value;
    }
    return { op: word };
  }

  private literal(): string {
    const source = this.source;
    let depth = 1;
    let out = '';
    this.index++;
    while (this.index < source.length) {
      const char = source[this.index++]!;
      if (char === '\\') {
        const next = source[this.index++] ?? '';
        const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
        if (next in escapes) out += escapes[next];
        else if (/[0-7]/.test(next)) {
          let octal = next;
          while (octal.length < 3 && /[0-7]/.test(source[this.index] ?? '')) octal += source[this.index++];
          out += String.fromCharCode(Number.parseInt(octal, 8) & 0xff);
        } else if (next === '\r') {
          if (source[this.index] === '\n') this.index++;
        } else if (next !== '\n') out += next;
        continue;
      }
      if (char === '(') depth++;
      if (char === ')' && --depth === 0) break;
      out += char;
    }
    return out;
  }

  /** Skips an inline image's data (`BI … ID <data> EI`). */
  skipInlineImage(): void {
    const end = this.source.slice(this.index).search(/\sEI(?=\s|$)/);
    this.index = end < 0 ? this.source.length : this.index + end + 3;
  }
}

const num = (operand: Operand | undefined): number => (typeof operand === 'number' ? operand : 0);

/** Glyphs on one line closer than this (in units of the font size) to the line's baseline belong to it. */
const SAME_LINE = 0.5;

interface Resources {
  fonts: PDFDict | undefined;
  xobjects: PDFDict | undefined;
}

function resourcesOf(dict: PDFDict | undefined): Resources {
  return {
    fonts: dict?.lookupMaybe(PDFName.of('Font'), PDFDict),
    xobjects: dict?.lookupMaybe(PDFName.of('XObject'), PDFDict),
  };
}

/** Reads one page's text pieces (and those of the forms it draws). */
function readPage(pdf: PDFDocument, contents: string, resources: Resources): TextPiece[] {
  const pieces: TextPiece[] = [];
  const fonts = new Map<PDFDict, FontText>();
  // The piece being gathered: its text, where it starts, its size; and where the last glyph ended.
  let current: { str: string; x: number; y: number; size: number } | undefined;
  let last: { x: number; y: number } | undefined;
  const end = (eol: boolean): void => {
    if (current && current.str !== '') pieces.push({ str: current.str, x: current.x, y: current.y, hasEOL: eol, dir: 'ltr' });
    else if (eol && pieces.length > 0) pieces[pieces.length - 1]!.hasEOL = true;
    current = undefined;
    if (eol) last = undefined;
  };

  const run = (source: string, res: Resources, ctm: Matrix, depth: number): void => {
    const lexer = new Lexer(source);
    const stack: Array<{ ctm: Matrix }> = [];
    let graphics = ctm;
    let textMatrix: Matrix = IDENTITY;
    let lineMatrix: Matrix = IDENTITY;
    let font: FontText | undefined;
    let fontSize = 0;
    let leading = 0;
    let rise = 0;
    let horizontal = 1;
    let charSpacing = 0;
    let wordSpacing = 0;
    // Marked content with ActualText: its text stands for the glyphs inside it.
    const marks: Array<string | undefined> = [];
    let actualTexts = 0;
    let operands: Operand[] = [];

    // Each glyph is placed as pdf.js places it (its text content's rules, in
    // units of the piece's type size): a glyph more than a type size above or
    // below the last, or back to the left and half a size off, starts a new
    // line; a gap of more than a tenth of a size is a word space.
    const glyph = (text: string, advance: number): void => {
      // The glyph's matrix, [size × horizontal scale, 0, 0, size, 0, rise] × text matrix × graphics matrix, in scalars.
      const [t0, t1, t2, t3, t4, t5] = textMatrix;
      const [g0, g1, g2, g3, g4, g5] = graphics;
      const m0 = t0 * g0 + t1 * g2;
      const m1 = t0 * g1 + t1 * g3;
      const m2 = t2 * g0 + t3 * g2;
      const m3 = t2 * g1 + t3 * g3;
      if (m1 !== 0 || m2 !== 0) throw new NotPlainText('rotated text');
      const x = rise * m2 + t4 * g0 + t5 * g2 + g4;
      const y = rise * m3 + t4 * g1 + t5 * g3 + g5;
      const size = Math.abs(fontSize * m3) || 1;
      if (current && last) {
        const height = current.size;
        const advanceX = x - last.x;
        const advanceY = y - last.y;
        if (advanceX < -0.2 * height) end(Math.abs(advanceY) > 0.5 * height);
        else if (Math.abs(advanceY) > height) end(true);
        else {
          if (advanceX > 0.102 * height && !/\s/.test(current.str.at(-1) ?? ' ')) current.str += ' ';
          if (Math.abs(advanceY) > 0.25 * height) end(false);
        }
      }
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x590 && RTL.test(text[i]!)) throw new NotPlainText('right-to-left text');
      current ??= { str: '', x, y, size };
      current.str += text;
      last = { x: x + advance * fontSize * horizontal * m0, y };
    };

    const showCode = (font: FontText, code: number): void => {
      let text = font.text(code);
      if (actualTexts > 0) {
        const actual = marks.findLast((mark) => mark !== undefined);
        if (actual !== undefined) {
          // A mark's text is said once, at its first glyph.
          // Soft hyphens (the break points Chromium did not take: an invisible glyph marked as one) and the other invisible format characters (word joiners) are left out, as pdf.js leaves them out.
          text = actual.replace(INVISIBLE, '');
          marks[marks.lastIndexOf(actual)] = '';
        }
      }
      const width = font.width(code);
      glyph(text, width);
      const spacing = charSpacing + (font.bytes === 1 && code === 32 ? wordSpacing : 0);
      const move = (width * fontSize + spacing) * horizontal;
      textMatrix = [textMatrix[0], textMatrix[1], textMatrix[2], textMatrix[3], textMatrix[4] + move * textMatrix[0], textMatrix[5] + move * textMatrix[1]];
    };

    const show = (bytes: string): void => {
      if (!font) return;
      for (let i = 0; i + font.bytes <= bytes.length; i += font.bytes) showCode(font, font.bytes === 2 ? (bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1) : bytes.charCodeAt(i));
    };

    // What Chromium writes for nearly every glyph: `dx dy Td <code> Tj`, read in one match.
    const placedGlyph = /([-+]?(?:\d+\.?\d*|\.\d+))[ \t\r\n]+([-+]?(?:\d+\.?\d*|\.\d+))[ \t\r\n]+Td[ \t\r\n]*<([0-9a-fA-F]{4})>[ \t\r\n]*Tj(?=[\s<\/\[(]|$)/y;

    for (;;) {
      if (operands.length === 0 && font?.bytes === 2) {
        lexer.skipSpace();
        const first = source.charCodeAt(lexer.index);
        if ((first >= 48 && first <= 57) || first === 45 || first === 46 || first === 43) {
          placedGlyph.lastIndex = lexer.index;
          const match = placedGlyph.exec(source);
          if (match) {
            lexer.index = placedGlyph.lastIndex;
            const tx = Number(match[1]);
            const ty = Number(match[2]);
            const [l0, l1, l2, l3, l4, l5] = lineMatrix;
            lineMatrix = [l0, l1, l2, l3, tx * l0 + ty * l2 + l4, tx * l1 + ty * l3 + l5];
            textMatrix = lineMatrix;
            showCode(font, Number.parseInt(match[3]!, 16));
            continue;
          }
        }
      }
      const token = lexer.next();
      if (token === undefined) break;
      if (!isOp(token)) {
        operands.push(token);
        continue;
      }
      const op = token.op;
      const args = operands;
      operands = [];
      switch (op) {
        case 'q':
          stack.push({ ctm: graphics });
          break;
        case 'Q':
          graphics = stack.pop()?.ctm ?? graphics;
          break;
        case 'cm':
          graphics = multiply(args.slice(0, 6).map(num) as Matrix, graphics);
          break;
        case 'BT':
          textMatrix = IDENTITY;
          lineMatrix = IDENTITY;
          break;
        case 'ET':
          break;
        case 'Tf': {
          const name = args[0];
          const dict = isName(name) ? res.fonts?.lookupMaybe(PDFName.of(name.name), PDFDict) : undefined;
          if (dict) {
            if (!fonts.has(dict)) fonts.set(dict, fontText(dict));
            font = fonts.get(dict);
          } else font = undefined;
          fontSize = num(args[1]);
          break;
        }
        case 'Tc':
          charSpacing = num(args[0]);
          break;
        case 'Tw':
          wordSpacing = num(args[0]);
          break;
        case 'Tz':
          horizontal = num(args[0]) / 100;
          break;
        case 'TL':
          leading = num(args[0]);
          break;
        case 'Ts':
          rise = num(args[0]);
          break;
        case 'Td':
          lineMatrix = multiply([1, 0, 0, 1, num(args[0]), num(args[1])], lineMatrix);
          textMatrix = lineMatrix;
          break;
        case 'TD':
          leading = -num(args[1]);
          lineMatrix = multiply([1, 0, 0, 1, num(args[0]), num(args[1])], lineMatrix);
          textMatrix = lineMatrix;
          break;
        case 'Tm':
          lineMatrix = args.slice(0, 6).map(num) as Matrix;
          textMatrix = lineMatrix;
          break;
        case 'T*':
          lineMatrix = multiply([1, 0, 0, 1, 0, -leading], lineMatrix);
          textMatrix = lineMatrix;
          break;
        case 'Tj': {
          const text = args[0];
          if (isBytes(text)) show(text.bytes);
          break;
        }
        case "'":
        case '"': {
          if (op === '"') {
            wordSpacing = num(args[0]);
            charSpacing = num(args[1]);
          }
          lineMatrix = multiply([1, 0, 0, 1, 0, -leading], lineMatrix);
          textMatrix = lineMatrix;
          const text = args[args.length - 1];
          if (isBytes(text)) show(text.bytes);
          break;
        }
        case 'TJ': {
          const items = args[0];
          if (!Array.isArray(items)) break;
          for (const item of items) {
            if (typeof item === 'number') textMatrix = multiply([1, 0, 0, 1, (-item / 1000) * fontSize * horizontal, 0], textMatrix);
            else if (isBytes(item)) show(item.bytes);
          }
          break;
        }
        case 'BDC': {
          const properties = args[1];
          const actual = typeof properties === 'object' && !Array.isArray(properties) && 'dict' in properties ? properties.dict.get('ActualText') : undefined;
          marks.push(isBytes(actual) ? decodeText(actual.bytes) : undefined);
          if (isBytes(actual)) actualTexts++;
          break;
        }
        case 'BMC':
          marks.push(undefined);
          break;
        case 'EMC':
          if (marks.pop() !== undefined) actualTexts--;
          break;
        case 'BI':
          lexer.skipInlineImage();
          break;
        case 'Do': {
          const name = args[0];
          if (depth > 8 || !isName(name)) break;
          const form = res.xobjects?.lookup(PDFName.of(name.name));
          if (!(form instanceof PDFStream) || form.dict.get(PDFName.of('Subtype'))?.toString() !== '/Form') break;
          const matrix = form.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray);
          const formMatrix = matrix && matrix.size() === 6 ? (matrix.asArray().map((value) => (value instanceof PDFNumber ? value.asNumber() : 0)) as Matrix) : IDENTITY;
          const bytes = streamBytes(form);
          if (!bytes) break;
          const formResources = form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict);
          run(latin1(bytes), formResources ? resourcesOf(formResources) : res, multiply(formMatrix, graphics), depth + 1);
          break;
        }
        default:
          break;
      }
    }
  };

  run(contents, resources, IDENTITY, 0);
  end(true);
  return pieces;
}

/** A PDF text string's bytes (UTF-16 with its byte-order mark, or PDFDocEncoding, read as Latin-1). */
function decodeText(bytes: string): string {
  if (bytes.startsWith('\xfe\xff')) {
    let text = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
    return text;
  }
  return bytes;
}

const INVISIBLE = /\p{Cf}/gu;
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

function pageContents(pdf: PDFDocument, contents: PDFObject | undefined): string {
  const resolved = contents instanceof PDFRef ? pdf.context.lookup(contents) : contents;
  if (resolved instanceof PDFArray) {
    return resolved
      .asArray()
      .map((item) => pageContents(pdf, item))
      .join('\n');
  }
  const bytes = streamBytes(resolved);
  return bytes ? latin1(bytes) : '';
}

/** The text of every page of `bytes`: its height (the top of its media box) and its pieces of text. */
export async function readPrintText(bytes: Uint8Array): Promise<PageText[]> {
  const pdf = await readOnlyPrint(bytes);
  return pdf.getPages().map((page) => {
    const box = page.getMediaBox();
    const contents = pageContents(pdf, page.node.get(PDFName.of('Contents')));
    return { height: box.y + box.height, items: readPage(pdf, contents, resourcesOf(page.node.Resources())) };
  });
}
