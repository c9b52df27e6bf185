/**
 * Manuscripts must be UTF-8. TextDecoder tells us *that* a file is broken; an
 * author also needs to know *where*, so on failure we find the first bad byte.
 */
import type { Point } from 'unist';

const decoder = new TextDecoder('utf-8', { fatal: true });

export type DecodeResult = { ok: true; text: string } | { ok: false; point: Point; byte: number; utf16?: 'LE' | 'BE' };

/**
 * Whether bytes that are not UTF-8 are UTF-16 (what Windows' Notepad and
 * Word call "Unicode"): its byte order mark, or, without one, a NUL in every
 * other byte of text that is mostly ASCII.
 */
function utf16Order(bytes: Uint8Array): 'LE' | 'BE' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'BE';
  const pairs = Math.min(Math.floor(bytes.length / 2), 200);
  if (pairs < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) even++;
    if (bytes[2 * i + 1] === 0) odd++;
  }
  if (odd >= pairs * 0.6 && even === 0) return 'LE';
  if (even >= pairs * 0.6 && odd === 0) return 'BE';
  return undefined;
}

/** The message for text that is not UTF-8, naming UTF-16 when it is that. */
export function encodingMessage(result: { byte: number; utf16?: 'LE' | 'BE' }): string {
  return result.utf16
    ? `saved as UTF-16 (${result.utf16 === 'LE' ? 'little' : 'big'}-endian), not UTF-8: save the file as UTF-8 in your editor ("UTF-8" in its encoding menu)`
    : `not valid UTF-8 (byte 0x${result.byte.toString(16).padStart(2, '0')}): save the file as UTF-8 in your editor`;
}

/**
 * The bytes that may follow a sequence's lead byte (Unicode's table of
 * well-formed UTF-8): E0 and F0 forbid overlong forms, ED the encoded
 * surrogates, F4 what lies past U+10FFFF.
 */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/** Length of the UTF-8 sequence starting at `i`, or 0 when it is malformed. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  const [low, high] = secondByteRange(b);
  if (bytes[i + 1]! < low || bytes[i + 1]! > high) return 0;
  for (let k = 2; k < length; k++) {
    if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  }
  return length;
}

export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    let text = decoder.decode(bytes);
    // UTF-16 of ASCII text without a byte order mark is valid UTF-8, a NUL after every letter.
    const utf16 = text.includes('\u0000') ? utf16Order(bytes) : undefined;
    if (utf16) return { ok: false, point: { line: 1, column: 1, offset: 0 }, byte: bytes[0]!, utf16 };
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    const utf16 = utf16Order(bytes);
    // Every other byte is a NUL: no point inside such a file would help the author.
    if (utf16) return { ok: false, point: { line: 1, column: 1, offset: 0 }, byte: bytes[0]!, utf16 };
    let line = 1;
    let column = 1;
    for (let i = 0; i < bytes.length; ) {
      const length = sequenceLength(bytes, i);
      if (length === 0) return { ok: false, point: { line, column, offset: i }, byte: bytes[i]! };
      if (bytes[i] === 0x0a) {
        line++;
        column = 1;
      } else {
        column++;
      }
      i += length;
    }
    // Unreachable while the scan above checks what TextDecoder checks; kept so that a disagreement still points somewhere.
    return { ok: false, point: { line: 1, column: 1, offset: 0 }, byte: bytes[0] ?? 0 };
  }
}
