/**
 * The cover sets a Serbian dek's italic б г д п т in Serbian's forms, as
 * both editions do (test/serbian-italics.test.ts): satori shapes with no
 * language, so the cover's Noto Serif is given a character map that sends
 * those letters to the glyphs its `locl` feature picks for Serbian
 * (src/cover-local-forms.ts). Read from the faces the cover is drawn with,
 * against the glyphs the font itself shapes for SRB.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { coverMarkup } from '../src/cover.js';
import { decodeReferences } from '../src/cover-tree.js';
import { coverFonts, sfntFromWoff2 } from '../src/typefaces.js';

const require = createRequire(import.meta.url);
const source = require.resolve('@fontsource/noto-serif/files/noto-serif-cyrillic-400-italic.woff2');
const input = { title: 'Нови мост преко Саве', subtitle: 'Мост код Шапца спаја два региона после шест година градње', byline: 'Милош Ђорђевић' };

describe('a Serbian cover’s italic', () => {
  it('draws б г д п т in Serbian forms, and a Macedonian cover its own; other letters as they were', async () => {
    const whole = fontkit.create(await sfntFromWoff2(readFileSync(source)));
    const outline = (font: fontkit.Font, id: number) => (font as unknown as { getGlyph(id: number): { path: { toSVG(): string } } }).getGlyph(id).path.toSVG();
    for (const [language, tag] of [['sr', 'SRB '], ['mk', 'MKD ']] as const) {
      const text = decodeReferences(coverMarkup({ ...input, language }));
      const fonts = await coverFonts(text, language);
      const italic = fonts.find((font) => font.name === 'Noto Serif cyrillic' && font.style === 'italic');
      expect(italic, language).toBeDefined();
      const cut = fontkit.create(italic!.data);
      let local = 0;
      for (const char of new Set('спаја два региона после шест година градње')) {
        if (char === ' ') continue;
        const code = char.codePointAt(0)!;
        const own = whole.layout(char, [], 'cyrl', tag).glyphs[0]!.id;
        if (own !== whole.glyphForCodePoint(code).id) local++;
        expect(cut.glyphForCodePoint(code).path.toSVG(), `${language} ${char}`).toBe(outline(whole, own));
      }
      // Serbian's п г д т differ here from the default (Russian) forms.
      if (language === 'sr') expect(local).toBeGreaterThanOrEqual(4);
    }
  }, 60_000);
});
