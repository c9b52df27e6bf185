/**
 * A language's own letter forms on the cover. The editions get them from
 * the face's OpenType `locl` feature: the browser shapes Serbian text with
 * the face's SRB language system, whose italic б г д п т are Serbian's, not
 * Russian's. satori shapes every run with harfbuzz but tells it no language,
 * so the cover's Serbian dek came out in the Russian italic forms. Here a
 * cover font is given a character map that sends each character straight
 * to the glyph the language's `locl` picks for it (read with fontkit, which
 * shapes with a language system): satori then draws the language's forms
 * with no language to tell.
 */
import { createRequire } from 'node:module';

import { sfntOf, tablesOf } from './sfnt-tables.js';

const require = createRequire(import.meta.url);

/**
 * `sfnt` (a TrueType font: a cover's cut) with its characters mapped to the
 * glyphs `script`'s `language` system (OpenType tags, `cyrl`, `SRB `)
 * substitutes for them one for one; unchanged when it substitutes none.
 */
export function withLocalForms(sfnt: Buffer, script: string, language: string): Buffer {
  const fontkit = require('fontkit') as typeof import('fontkit');
  const font = fontkit.create(sfnt);
  const map = new Map<number, number>();
  let changed = false;
  for (const code of font.characterSet) {
    if (code > 0xffff) return sfnt;
    const glyph = font.glyphForCodePoint(code).id;
    let local = glyph;
    try {
      const run = font.layout(String.fromCodePoint(code), [], script, language);
      if (run.glyphs.length === 1) local = run.glyphs[0]!.id;
    } catch {
      // No layout for this character: it keeps its glyph.
    }
    if (local !== glyph) changed = true;
    map.set(code, local);
  }
  return changed ? replaceTable(sfnt, 'cmap', format4Cmap(map)) : sfnt;
}

/** A `cmap` table with one Windows Unicode (3, 1) subtable, format 4, one segment a character. */
function format4Cmap(map: Map<number, number>): Buffer {
  const codes = [...map.keys()].sort((a, b) => a - b);
  const segments = codes.length + 1;
  const length = 16 + segments * 8;
  const sub = Buffer.alloc(length);
  const searchRange = 2 * 2 ** Math.floor(Math.log2(segments));
  sub.writeUInt16BE(4, 0);
  sub.writeUInt16BE(length, 2);
  sub.writeUInt16BE(0, 4);
  sub.writeUInt16BE(segments * 2, 6);
  sub.writeUInt16BE(searchRange, 8);
  sub.writeUInt16BE(Math.log2(searchRange / 2), 10);
  sub.writeUInt16BE(segments * 2 - searchRange, 12);
  const ends = 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const offsets = deltas + segments * 2;
  codes.forEach((code, i) => {
    sub.writeUInt16BE(code, ends + i * 2);
    sub.writeUInt16BE(code, starts + i * 2);
    sub.writeUInt16BE((map.get(code)! - code + 0x10000) % 0x10000, deltas + i * 2);
    sub.writeUInt16BE(0, offsets + i * 2);
  });
  // The closing segment every format 4 subtable ends with.
  sub.writeUInt16BE(0xffff, ends + codes.length * 2);
  sub.writeUInt16BE(0xffff, starts + codes.length * 2);
  sub.writeUInt16BE(1, deltas + codes.length * 2);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(1, 2);
  header.writeUInt16BE(3, 4);
  header.writeUInt16BE(1, 6);
  header.writeUInt32BE(12, 8);
  return Buffer.concat([header, sub]);
}

/** `sfnt` with the table `tag` replaced by `table`, its directory and the font's checksum made again. */
function replaceTable(sfnt: Buffer, tag: string, table: Buffer): Buffer {
  return sfntOf(sfnt, tablesOf(sfnt).map((entry) => (entry.tag === tag ? { tag, bytes: table } : entry)));
}
