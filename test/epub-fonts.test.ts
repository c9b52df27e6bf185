/**
 * src/epub/fonts.ts: the e-book's fonts as TrueType/OpenType. The fonts come
 * from the typefaces a real text needs (Literata's WOFF2 files and a Noto file
 * cut down to the text's characters); what the writer packages is read back
 * with fontkit and compared with the font it was made from.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontAsset } from '../src/document.js';
import { packageFont, type PackagedFont } from '../src/epub/fonts.js';
import { fontFiles, typefacesFor } from '../src/typefaces.js';
import { repoRoot } from './helpers.js';

/** The parts of a fontkit font these tests read (src/fontkit.d.ts declares fewer). */
type Face = fontkit.Font & {
  familyName: string;
  subfamilyName: string;
  numGlyphs: number;
  glyphForCodePoint(code: number): { id: number; advanceWidth: number; path: { toSVG(): string } };
};
const open = (bytes: Buffer): Face => fontkit.create(bytes) as Face;

const TEXT = 'Galley sets Łódź, Привет, Ελλάδα and नमस्ते in print.';

let fonts: FontAsset[];
let packaged: PackagedFont[];

beforeAll(async () => {
  fonts = fontFiles((await typefacesFor(TEXT, 'en')).typefaces);
  packaged = await Promise.all(fonts.map(packageFont));
});

describe('packageFont', () => {
  it('turns every WOFF2 file into TrueType, under the same name with .ttf', () => {
    expect(fonts.length).toBeGreaterThan(3);
    expect(new Set(fonts.map((font) => font.family)).size).toBeGreaterThan(1);
    fonts.forEach((font, i) => {
      const out = packaged[i]!;
      expect(font.bytes.subarray(0, 4).toString('latin1')).toBe('wOF2');
      expect(out.bytes.readUInt32BE(0)).toBe(0x00010000);
      expect(out).toMatchObject({ family: font.family, weight: font.weight, style: font.style, mediaType: 'font/ttf', format: 'truetype' });
      expect(out.fileName).toBe(font.fileName.replace(/\.woff2$/, '.ttf'));
      // Decompressed: larger than the WOFF2 it came from.
      expect(out.bytes.length).toBeGreaterThan(font.bytes.length);
    });
  });

  it('keeps each font as it was: the same names, glyphs, characters and outlines', () => {
    fonts.forEach((font, i) => {
      const before = open(font.bytes);
      const after = open(packaged[i]!.bytes);
      expect(after.familyName).toBe(before.familyName);
      expect(after.subfamilyName).toBe(before.subfamilyName);
      expect(after.postscriptName).toBe(before.postscriptName);
      expect(after.numGlyphs).toBe(before.numGlyphs);
      expect(after.characterSet).toEqual(before.characterSet);
      for (const char of TEXT) {
        const code = char.codePointAt(0)!;
        if (!before.hasGlyphForCodePoint(code)) continue;
        const [a, b] = [before.glyphForCodePoint(code), after.glyphForCodePoint(code)];
        expect(b.id).toBe(a.id);
        expect(b.advanceWidth).toBe(a.advanceWidth);
        expect(b.path.toSVG()).toBe(a.path.toSVG());
      }
    });
    // The text's scripts are all drawn by some packaged font.
    for (const char of TEXT.replace(/[\s.,]/g, '')) {
      expect(packaged.some((font) => open(font.bytes).hasGlyphForCodePoint(char.codePointAt(0)!)), char).toBe(true);
    }
  });

  it('keeps a Noto file cut down to the text: only the characters it needs', () => {
    const devanagari = packaged.filter((font) => open(font.bytes).hasGlyphForCodePoint('न'.codePointAt(0)!));
    expect(devanagari.length).toBeGreaterThan(0);
    for (const font of devanagari) {
      const face = open(font.bytes);
      expect(face.familyName).toMatch(/Noto/);
      expect(face.hasGlyphForCodePoint('क'.codePointAt(0)!)).toBe(false);
      expect(face.numGlyphs).toBeLessThan(100);
    }
  });

  it('packages a font once, however often it is asked', async () => {
    // The same bytes, not a second decompression.
    expect((await packageFont(fonts[0]!)).bytes).toBe((await packageFont(fonts[0]!)).bytes);
  });

  it('gives each face sharing a file its own style and weight, the file packaged once', async () => {
    const regular = fonts[0]!;
    const italic: FontAsset = { ...regular, style: 'italic', weight: 700 };
    const [first, second] = [await packageFont(regular), await packageFont(italic)];
    expect(first).toMatchObject({ style: regular.style, weight: regular.weight });
    expect(second).toMatchObject({ style: 'italic', weight: 700, fileName: first.fileName });
    expect(second.bytes).toBe(first.bytes);
  });

  it('packages fonts asked for together each as its own font, a file of another path anew', async () => {
    // New paths: not the packages made before, all asked for together.
    const again = await Promise.all(fonts.map((font) => packageFont({ ...font, path: `${font.path}#again` })));
    again.forEach((font, i) => {
      expect(font).not.toBe(packaged[i]);
      expect(font.bytes.equals(packaged[i]!.bytes)).toBe(true);
      expect(open(font.bytes).familyName).toBe(open(fonts[i]!.bytes).familyName);
      expect(open(font.bytes).characterSet).toEqual(open(fonts[i]!.bytes).characterSet);
    });
  });

  it('leaves WOFF, OpenType and TrueType files as they are, named by what they hold', async () => {
    const file = (relative: string): FontAsset => {
      const full = path.join(repoRoot, 'node_modules', relative);
      return { family: 'Test', weight: 400, style: 'normal', fileName: path.basename(full), path: full, mediaType: 'font/woff2', bytes: readFileSync(full), unicodeRange: '' };
    };
    const woff = file('@fontsource/noto-serif-hebrew/files/noto-serif-hebrew-hebrew-400-normal.woff');
    const woffOut = await packageFont(woff);
    expect(woffOut).toMatchObject({ fileName: 'noto-serif-hebrew-hebrew-400-normal.woff', mediaType: 'font/woff', format: 'woff' });
    expect(woffOut.bytes.equals(woff.bytes)).toBe(true);
    const otf = file('harfbuzzjs/test/fonts/noto/NotoSans-Regular.otf');
    expect(otf.bytes.subarray(0, 4).toString('latin1')).toBe('OTTO');
    const otfOut = await packageFont(otf);
    expect(otfOut).toMatchObject({ fileName: 'NotoSans-Regular.otf', mediaType: 'font/otf', format: 'opentype' });
    expect(otfOut.bytes.equals(otf.bytes)).toBe(true);
    const ttf = { ...file('harfbuzzjs/test/fonts/noto/NotoSans-Regular.otf'), fileName: 'decompressed.woff2', path: 'ttf' };
    ttf.bytes = packaged[0]!.bytes;
    const ttfOut = await packageFont(ttf);
    expect(ttfOut).toMatchObject({ fileName: 'decompressed.ttf', mediaType: 'font/ttf', format: 'truetype' });
    expect(ttfOut.bytes.equals(packaged[0]!.bytes)).toBe(true);
  });
});
