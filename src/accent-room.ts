/**
 * Room for the accent of a Greek capital at the start of a word. Literata
 * draws Ό Έ Ή Ί Ύ Ώ and the polytonic capitals (Ἡ Ὀ Ἄ …) with the accent or
 * breathing to the left of the letter, as Greek writes it, but outside the
 * glyph's advance: Ό is as wide as O (760 units) and its tonos reaches 148
 * units left of it, Ὄ 287. After a word space (200 units) the accent stood in
 * the space, and "τον Όμηρο" read "τονΌμηρο" in the PDF, on the cover and in
 * the e-book. Typefaces that set Greek well give such a capital the room its
 * accent takes; so does this: each capital whose outline starts left of its
 * origin is moved right by that much and a little more (ROOM), and its
 * advance grows by the same. Only composite glyphs (a letter and its
 * accent, as all of Literata's are) are changed; the rest of the font, its
 * layout tables included, is kept byte for byte.
 */
import { createRequire } from 'node:module';

import { sfntOf, tablesOf } from './sfnt-tables.js';

const require = createRequire(import.meta.url);

/** What is left between the accent and the origin, in font units per 1000 of the em: about the letter's own side bearing. */
const ROOM = 40;

/** A composite glyph's record moved right by `dx`: every component's offset in words, `dx` added; undefined when a component is placed by points. */
function movedComposite(glyph: Buffer, dx: number): Buffer | undefined {
  const parts: Buffer[] = [Buffer.from(glyph.subarray(0, 10))];
  parts[0]!.writeInt16BE(glyph.readInt16BE(2) + dx, 2);
  parts[0]!.writeInt16BE(glyph.readInt16BE(6) + dx, 6);
  let at = 10;
  let flags: number;
  let instructions = false;
  do {
    flags = glyph.readUInt16BE(at);
    const id = glyph.readUInt16BE(at + 2);
    // ARGS_ARE_XY_VALUES: offsets, not points to match.
    if (!(flags & 0x0002)) return undefined;
    const words = (flags & 0x0001) !== 0;
    const x = words ? glyph.readInt16BE(at + 4) : glyph.readInt8(at + 4);
    const y = words ? glyph.readInt16BE(at + 6) : glyph.readInt8(at + 5);
    at += words ? 8 : 6;
    const scaleBytes = flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0;
    const record = Buffer.alloc(8 + scaleBytes);
    record.writeUInt16BE(flags | 0x0001, 0);
    record.writeUInt16BE(id, 2);
    record.writeInt16BE(x + dx, 4);
    record.writeInt16BE(y, 6);
    glyph.copy(record, 8, at, at + scaleBytes);
    at += scaleBytes;
    parts.push(record);
    instructions ||= (flags & 0x0100) !== 0;
  } while (flags & 0x0020);
  if (instructions) parts.push(Buffer.from(glyph.subarray(at)));
  const moved = Buffer.concat(parts);
  return Buffer.concat([moved, Buffer.alloc(moved.length % 2)]);
}

/**
 * `sfnt` (a TrueType font) with room before each capital whose accent
 * reaches left of its origin (see above); unchanged when it has none.
 */
export function withAccentRoom(sfnt: Buffer): Buffer {
  const fontkit = require('fontkit') as typeof import('fontkit');
  const font = fontkit.create(sfnt) as import('fontkit').Font & { unitsPerEm: number; getGlyph(id: number): { bbox: { minX: number } } };
  const tables = tablesOf(sfnt);
  const table = (tag: string): Buffer | undefined => tables.find((entry) => entry.tag === tag)?.bytes;
  const [head, hhea, hmtx, loca, glyf, maxp] = ['head', 'hhea', 'hmtx', 'loca', 'glyf', 'maxp'].map(table);
  if (!head || !hhea || !hmtx || !loca || !glyf || !maxp) return sfnt;
  const room = Math.round((ROOM * font.unitsPerEm) / 1000);
  const metrics = hhea.readUInt16BE(34);
  const moves = new Map<number, number>();
  for (const code of font.characterSet) {
    if (!/^\p{Lu}$/u.test(String.fromCodePoint(code))) continue;
    const { id } = font.glyphForCodePoint(code);
    const minX = font.getGlyph(id).bbox.minX;
    // Glyphs past the metrics table share the last advance: none of Literata's capitals is one.
    if (minX < 0 && id < metrics) moves.set(id, Math.round(room - minX));
  }
  if (moves.size === 0) return sfnt;
  const longOffsets = head.readInt16BE(50) === 1;
  const glyphCount = maxp.readUInt16BE(4);
  const offsetOf = (id: number): number => (longOffsets ? loca.readUInt32BE(id * 4) : loca.readUInt16BE(id * 2) * 2);
  const glyphs: Buffer[] = [];
  for (let id = 0; id < glyphCount; id++) {
    let glyph = glyf.subarray(offsetOf(id), offsetOf(id + 1));
    const dx = moves.get(id);
    if (dx !== undefined && glyph.length > 0 && glyph.readInt16BE(0) < 0) {
      const moved = movedComposite(glyph, dx);
      if (moved) {
        glyph = moved;
        hmtx.writeUInt16BE(hmtx.readUInt16BE(id * 4) + dx, id * 4);
        hmtx.writeInt16BE(hmtx.readInt16BE(id * 4 + 2) + dx, id * 4 + 2);
        hhea.writeUInt16BE(Math.max(hhea.readUInt16BE(10), hmtx.readUInt16BE(id * 4)), 10);
      }
    }
    glyphs.push(glyph.length % 4 === 0 ? glyph : Buffer.concat([glyph, Buffer.alloc(4 - (glyph.length % 4))]));
  }
  // Offsets in long form: the glyphs may have grown past what short offsets reach.
  const newLoca = Buffer.alloc((glyphCount + 1) * 4);
  let offset = 0;
  glyphs.forEach((glyph, id) => {
    newLoca.writeUInt32BE(offset, id * 4);
    offset += glyph.length;
  });
  newLoca.writeUInt32BE(offset, glyphCount * 4);
  head.writeInt16BE(1, 50);
  const replaced: Record<string, Buffer> = { loca: newLoca, glyf: Buffer.concat(glyphs) };
  return sfntOf(sfnt, tables.map((entry) => ({ tag: entry.tag, bytes: replaced[entry.tag] ?? entry.bytes })));
}
