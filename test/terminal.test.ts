/** src/terminal.ts: what galley prints cannot steer the terminal. */
import { describe, expect, it } from 'vitest';
import { escapeControls } from '../src/terminal.js';

describe('escapeControls', () => {
  it('writes every C0 control but tab and line feed as \\xNN', () => {
    for (let code = 0; code < 0x20; code++) {
      const char = String.fromCharCode(code);
      const expected = char === '\t' || char === '\n' ? char : `\\x${code.toString(16).padStart(2, '0')}`;
      expect(escapeControls(`a${char}b`)).toBe(`a${expected}b`);
    }
  });

  it('writes DEL and the C1 controls as \\xNN, and stops at U+00A0', () => {
    expect(escapeControls('\x7f')).toBe('\\x7f');
    expect(escapeControls('\x85\x9b\x9f')).toBe('\\x85\\x9b\\x9f');
    expect(escapeControls('\xa0é')).toBe('\xa0é');
  });

  it('writes the bidirectional embeddings, overrides and isolates as \\uNNNN', () => {
    expect(escapeControls('\u202a\u202b\u202c\u202d\u202e')).toBe('\\u202a\\u202b\\u202c\\u202d\\u202e');
    expect(escapeControls('\u2066\u2067\u2068\u2069')).toBe('\\u2066\\u2067\\u2068\\u2069');
    // The marks that only mark a direction, and right-to-left letters, are text.
    expect(escapeControls('\u200e\u200f שלום مرحبا')).toBe('\u200e\u200f שלום مرحبا');
  });

  it('keeps ordinary text, accents, emoji and every control of a line in place', () => {
    expect(escapeControls('Łódź — “quoted” 🇵🇱\n')).toBe('Łódź — “quoted” 🇵🇱\n');
    expect(escapeControls('\x1b]0;title\x07 \x1b[31mred\x1b[0m')).toBe('\\x1b]0;title\\x07 \\x1b[31mred\\x1b[0m');
  });
});
