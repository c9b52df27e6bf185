/**
 * A TrueType (sfnt) font as its tables, and a font made again from tables:
 * the directory, each table's checksum and the font's checkSumAdjustment.
 * For the faces galley alters after cutting them (src/accent-room.ts,
 * src/cover-local-forms.ts): fontkit and opentype.js read and cut fonts but
 * write none back table by table.
 */

export interface Table {
  tag: string;
  bytes: Buffer;
}

export function tablesOf(sfnt: Buffer): Table[] {
  return Array.from({ length: sfnt.readUInt16BE(4) }, (_, i) => {
    const at = 12 + i * 16;
    const offset = sfnt.readUInt32BE(at + 8);
    return { tag: sfnt.toString('latin1', at, at + 4), bytes: Buffer.from(sfnt.subarray(offset, offset + sfnt.readUInt32BE(at + 12))) };
  });
}

function checksum(bytes: Buffer): number {
  const padded = Buffer.concat([bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** The font made of `tables` (in their order), with `header`'s version and a new directory and checksums. */
export function sfntOf(header: Buffer, tables: Table[]): Buffer {
  const directory = Buffer.alloc(12 + tables.length * 16);
  header.copy(directory, 0, 0, 12);
  directory.writeUInt16BE(tables.length, 4);
  const head = tables.find((table) => table.tag === 'head');
  // Its checkSumAdjustment is left out of every checksum, and set last.
  if (head) head.bytes.writeUInt32BE(0, 8);
  let offset = directory.length;
  const parts: Buffer[] = [directory];
  let headOffset = -1;
  tables.forEach(({ tag, bytes }, i) => {
    const at = 12 + i * 16;
    directory.write(tag, at, 'latin1');
    directory.writeUInt32BE(checksum(bytes), at + 4);
    directory.writeUInt32BE(offset, at + 8);
    directory.writeUInt32BE(bytes.length, at + 12);
    if (tag === 'head') headOffset = offset;
    const padding = Buffer.alloc((4 - (bytes.length % 4)) % 4);
    parts.push(bytes, padding);
    offset += bytes.length + padding.length;
  });
  const font = Buffer.concat(parts);
  if (headOffset >= 0) font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return font;
}
