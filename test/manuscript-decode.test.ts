/**
 * src/manuscript/decode.ts on its own: UTF-8 in, text out, or the line,
 * column and byte of the first thing that is not UTF-8 (what an author needs
 * to find it in an editor).
 */
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodingMessage } from '../src/manuscript/decode.js';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

describe('decodeUtf8', () => {
  it('reads UTF-8 in every script as it is', () => {
    const text = 'Ünïcödé — 日本語 — עברית — العربية — 🙂\n';
    expect(decodeUtf8(Buffer.from(text, 'utf8'))).toEqual({ ok: true, text });
  });

  it('drops a byte-order mark at the start, and only there', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'title'))).toEqual({ ok: true, text: 'title' });
    expect(decodeUtf8(bytes('a', [0xef, 0xbb, 0xbf], 'b'))).toEqual({ ok: true, text: 'a\ufeffb' });
  });

  it('reads an empty file as empty text', () => {
    expect(decodeUtf8(new Uint8Array())).toEqual({ ok: true, text: '' });
  });

  const broken: Array<[string, Buffer, { line: number; column: number; offset: number }, number]> = [
    ['a Latin-1 é on the first line', bytes('Caf', [0xe9], '\n'), { line: 1, column: 4, offset: 3 }, 0xe9],
    ['a bad byte after lines of text', bytes('one\ntwo\nthree ', [0xff]), { line: 3, column: 7, offset: 14 }, 0xff],
    // Columns count characters, not bytes: "日本" is two columns of six bytes.
    ['after multi-byte characters', bytes('日本', [0x80]), { line: 1, column: 3, offset: 6 }, 0x80],
    ['after an emoji (four bytes, one column)', bytes('x🙂y', [0xc0, 0x80]), { line: 1, column: 4, offset: 6 }, 0xc0],
    ['a sequence cut short by the next character', bytes('ab', [0xe2, 0x82], 'c'), { line: 1, column: 3, offset: 2 }, 0xe2],
    ['a sequence cut short by the end of the file', bytes('ab\n', [0xe2, 0x82]), { line: 2, column: 1, offset: 3 }, 0xe2],
    ['a byte beyond U+10FFFF', bytes('\n\n', [0xf5, 0x80, 0x80, 0x80]), { line: 3, column: 1, offset: 2 }, 0xf5],
  ];
  it.each(broken)('points at %s', (_name, input, point, byte) => {
    expect(decodeUtf8(input)).toEqual({ ok: false, point, byte });
  });

  // Sequences whose bytes look right but which UTF-8 forbids: the lead byte is the place to fix.
  const forbidden: Array<[string, Buffer, { line: number; column: number; offset: number }, number]> = [
    ['an encoded surrogate (U+D800)', bytes('ok ', [0xed, 0xa0, 0x80]), { line: 1, column: 4, offset: 3 }, 0xed],
    ['an overlong three-byte form of "/"', bytes('a\nb', [0xe0, 0x80, 0xaf]), { line: 2, column: 2, offset: 3 }, 0xe0],
    ['an overlong four-byte form', bytes('é', [0xf0, 0x80, 0x80, 0x80]), { line: 1, column: 2, offset: 2 }, 0xf0],
    ['a code point past U+10FFFF (F4 90)', bytes('xy', [0xf4, 0x90, 0x80, 0x80]), { line: 1, column: 3, offset: 2 }, 0xf4],
  ];
  it.each(forbidden)('points at %s, not at the start of the file', (_name, input, point, byte) => {
    expect(decodeUtf8(input)).toEqual({ ok: false, point, byte });
  });

  it('tells UTF-16 (what Windows calls "Unicode") by its byte order mark, or by its NULs without one', () => {
    const text = '---\ntitle: Café\n---\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, input, order] of [
      ['little-endian with its mark', Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'LE'],
      ['big-endian with its mark', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'BE'],
      ['little-endian without a mark (valid UTF-8, a NUL after every letter)', le, 'LE'],
      ['big-endian without a mark', be, 'BE'],
    ] as const) {
      const result = decodeUtf8(input);
      expect(result, name).toMatchObject({ ok: false, utf16: order });
      expect(encodingMessage(result as { byte: number; utf16?: 'LE' | 'BE' }), name).toMatch(/^saved as UTF-16 \((little|big)-endian\), not UTF-8: save the file as UTF-8/);
    }
    // Not UTF-16: a lone NUL in UTF-8 text is the character checks' to tell.
    expect(decodeUtf8(Buffer.from('a\u0000b: text, mostly letters', 'utf8'))).toMatchObject({ ok: true });
    expect(encodingMessage({ byte: 0xe9 })).toBe('not valid UTF-8 (byte 0xe9): save the file as UTF-8 in your editor');
  });

  it('accepts the edges of those ranges (U+0800, U+D7FF, U+E000, U+10000, U+10FFFF)', () => {
    const text = '\u0800\ud7ff\ue000\u{10000}\u{10ffff}';
    expect(decodeUtf8(Buffer.from(text, 'utf8'))).toEqual({ ok: true, text });
  });
});
