/**
 * src/typefaces.ts: which shipped faces and files an edition's text needs,
 * and the CSS that names them. Real text in several scripts; the fonts the
 * module picks are read back with fontkit.
 */
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Typeface } from '../src/document.js';
import {
  codeFontStack,
  describeCharacter,
  fontFaceRules,
  fontFiles,
  fontStack,
  isCovered,
  languagesWithOwnFaces,
  parseUnicodeRange,
  prefersOtherFaces,
  typefacesFor,
  uncoveredCharacters,
  unicodeRangeOf,
} from '../src/typefaces.js';

const TEXT = 'Galley sets Łódź, Привет, Ελλάδα, שלום, مرحبا and नमस्ते.';
let picked: { typefaces: Typeface[]; uncovered: string[] };
let withCode: { typefaces: Typeface[]; uncovered: string[] };

beforeAll(async () => {
  picked = await typefacesFor(TEXT, 'en');
  withCode = await typefacesFor(`${TEXT} x = 1`, 'en', 'x = 1');
});

describe('unicode ranges', () => {
  it('reads a unicode-range value and writes the shortest one for a set of code points', () => {
    expect(parseUnicodeRange('U+0400-045F, U+2116,u+1f600,junk')).toEqual([[0x400, 0x45f], [0x2116, 0x2116], [0x1f600, 0x1f600]]);
    expect(unicodeRangeOf([0x41, 0x43, 0x42, 0x42, 0x45, 0x1f600])).toBe('U+41-43,U+45,U+1F600');
    expect(unicodeRangeOf([])).toBe('');
    const codes = [...'Łódź Привет'].map((char) => char.codePointAt(0)!);
    const ranges = parseUnicodeRange(unicodeRangeOf(codes));
    for (const code of codes) expect(ranges.some(([from, to]) => code >= from && code <= to)).toBe(true);
  });
});

describe('coverage', () => {
  it('knows which characters a shipped face draws, and which need no glyph', () => {
    for (const char of 'AŁПλשمन') expect(isCovered(char), describeCharacter(char)).toBe(true);
    expect(isCovered('\u200b')).toBe(true);
    expect(isCovered('\n')).toBe(true);
    // Format characters no font draws (a language tag, a shorthand format mark) need no face.
    expect(isCovered('\u{E0001}')).toBe(true);
    expect(isCovered('\u{1BCA0}')).toBe(true);
    // Emoji have a face (Noto Emoji), Ethiopic one since Noto Sans Ethiopic, Burmese since Noto Serif Myanmar; Runic and Javanese have none.
    expect(isCovered('😀')).toBe(true);
    expect(isCovered('ᚠ')).toBe(false);
    expect(isCovered('ሀ')).toBe(true);
    expect(uncoveredCharacters('a😀bꦥbꦥᚠሀက')).toEqual(['ꦥ', 'ᚠ']);
    expect(describeCharacter('😀')).toBe('U+1F600 😀');
    expect(describeCharacter('A')).toBe('U+0041 A');
  });
});

describe('typefacesFor', () => {
  it("picks a face for each of the text's scripts, Literata first, each file cut to what it draws", () => {
    expect(picked.uncovered).toEqual([]);
    const families = picked.typefaces.map((typeface) => typeface.family);
    expect(families[0]).toBe('Literata');
    expect(new Set(families).size).toBe(families.length);
    for (const char of TEXT.replace(/[\s.,]/g, '')) {
      const code = char.codePointAt(0)!;
      const files = fontFiles(picked.typefaces).filter((font) => parseUnicodeRange(font.unicodeRange).some(([from, to]) => code >= from && code <= to));
      expect(files.length, describeCharacter(char)).toBeGreaterThan(0);
      for (const font of files) expect((fontkit.create(font.bytes) as fontkit.Font).hasGlyphForCodePoint(code), `${font.fileName} ${describeCharacter(char)}`).toBe(true);
    }
    expect(picked.typefaces.some((typeface) => typeface.role === 'code')).toBe(false);
  });

  it('finds a character in the file that draws it, when the file its range names first does not (Literata\'s Œ œ ı ʻ are listed by latin-ext, drawn by latin)', async () => {
    const text = 'Françoise Œillet, le cœur de Łódź, Hawaiʻi, Isparta’da ılık';
    const { typefaces, uncovered } = await typefacesFor(text, 'fr');
    expect(uncovered).toEqual([]);
    for (const char of 'Œœıʻ') {
      const code = char.codePointAt(0)!;
      const drawn = fontFiles(typefaces).filter(
        (font) => parseUnicodeRange(font.unicodeRange).some(([from, to]) => code >= from && code <= to) && (fontkit.create(font.bytes) as fontkit.Font).hasGlyphForCodePoint(code),
      );
      expect(drawn.map((font) => font.fileName), describeCharacter(char)).toContain('literata-latin-400-normal.woff2');
    }
  });

  it('takes the punctuation Literata\'s latin file lists but lacks (‐ ‒ ― ‰) from its whole font, and leaves it out of that file\'s range', async () => {
    const { typefaces, uncovered } = await typefacesFor('A co‐operative, call 555‒0199, ―Quoted, 5‰ of it.', 'en');
    expect(uncovered).toEqual([]);
    // Amiri's hyphen and Noto Serif SC's thin per mille came in for these before.
    expect(typefaces.map((typeface) => typeface.family)).toEqual(['Literata']);
    const files = fontFiles(typefaces).filter((font) => font.weight === 400 && font.style === 'normal');
    for (const char of '‐‒―‰') {
      const code = char.codePointAt(0)!;
      const claiming = files.filter((font) => parseUnicodeRange(font.unicodeRange).some(([from, to]) => code >= from && code <= to));
      // One file of the face claims it, and that file draws it.
      expect(claiming.length, describeCharacter(char)).toBe(1);
      expect((fontkit.create(claiming[0]!.bytes) as fontkit.Font).hasGlyphForCodePoint(code), describeCharacter(char)).toBe(true);
    }
  });

  it('sets a Japanese run in Noto Serif JP, a Chinese one in Noto Serif SC, whatever the article\'s language', async () => {
    expect(prefersOtherFaces('ja', 'en')).toBe(true);
    expect(prefersOtherFaces('ar', 'en')).toBe(false);
    expect(prefersOtherFaces('ja-JP', 'ja')).toBe(false);
    const { typefaces, uncovered } = await typefacesFor('A Chinese sign, 欢迎来到书展, and', 'en', '', [{ language: 'ja', text: '「借りた言葉で見る夢」' }]);
    expect(uncovered).toEqual([]);
    const drawnBy = (family: string): string => String.fromCodePoint(...typefaces.find((typeface) => typeface.family === family)!.fonts.flatMap((font) => parseUnicodeRange(font.unicodeRange).flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i))));
    for (const char of '「借言葉見夢」りたで') expect(drawnBy('Noto Serif JP'), char).toContain(char);
    for (const char of '欢迎来到书展') expect(drawnBy('Noto Serif SC'), char).toContain(char);
    expect(drawnBy('Noto Serif SC')).not.toContain('夢');
    // The style sheet's stacks: the article's order, and Japanese's own, its face first for its quotation marks.
    expect(fontStack(typefaces)).toBe('"Literata", "Noto Serif SC", "Noto Serif JP"');
    expect(fontStack(typefaces, 'ja')).toBe('"Noto Serif JP", "Literata", "Noto Serif SC"');
    expect(languagesWithOwnFaces()).toEqual(['ur', 'pa-Arab', 'ks', 'skr', 'sr', 'mk', 'zh', 'ja', 'ko', 'zh-Hant', 'bn', 'as', 'ta', 'pa', 'gu', 'or', 'te', 'kn', 'ml', 'si', 'ha']);
  });

  const drawn = (typefaces: Typeface[], family: string): string =>
    String.fromCodePoint(
      ...(typefaces.find((typeface) => typeface.family === family)?.fonts ?? []).flatMap((font) =>
        parseUnicodeRange(font.unicodeRange).flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i)),
      ),
    );
  /** Whether every file of the face that lists `char` draws it (by the file's own cmap). */
  const reallyDrawn = (typefaces: Typeface[], family: string, char: string): boolean => {
    const code = char.codePointAt(0)!;
    const files = (typefaces.find((typeface) => typeface.family === family)?.fonts ?? []).filter((font) => parseUnicodeRange(font.unicodeRange).some(([from, to]) => code >= from && code <= to));
    return files.length > 0 && files.every((font) => (fontkit.create(font.bytes) as fontkit.Font).hasGlyphForCodePoint(code));
  };

  it('sets Thai in Noto Serif Thai, with the parts harfbuzz draws SARA AM from, though Noto Serif SC\'s ranges list some Thai letters', async () => {
    const text = 'ตลาดน้ำยามเช้า ไทย';
    const { typefaces, uncovered } = await typefacesFor(text, 'th');
    expect(uncovered).toEqual([]);
    // ย and ไ are in a range of Noto Serif SC's unicode.json, but not in its files: they go on to the Thai face.
    for (const char of 'ตลาดน้ยมเชไท') expect(reallyDrawn(typefaces, 'Noto Serif Thai', char), describeCharacter(char)).toBe(true);
    expect(typefaces.map((typeface) => typeface.family)).toEqual(['Literata', 'Noto Serif Thai']);
    // ำ is drawn as ํ + า: both must be in the cut.
    for (const char of '\u0e4d\u0e32') expect(reallyDrawn(typefaces, 'Noto Serif Thai', char), describeCharacter(char)).toBe(true);
  });

  it('sets the quotation marks of Chinese and Japanese text in their own face, and no other character Literata draws; Korean\'s and English\'s in Literata', async () => {
    const chinese = await typefacesFor('他说：“好”，‘对’。 2025', 'zh', '', [{ language: 'en', text: 'the “quiet” ship’s' }, { language: 'ja', text: '“静か”な‘船’' }, { language: 'ko', text: '“조용한” 배' }]);
    expect(chinese.uncovered).toEqual([]);
    for (const family of ['Noto Serif SC', 'Noto Serif JP']) {
      for (const char of '“”‘’') expect(reallyDrawn(chinese.typefaces, family, char), `${family} ${char}`).toBe(true);
      // Its files list nothing else Literata draws (digits, Latin letters): the face comes first in its language's stack.
      expect(drawn(chinese.typefaces, family), family).not.toMatch(/[0-9a-z]/);
    }
    expect(drawn(chinese.typefaces, 'Noto Serif KR')).not.toMatch(/[“”]/);
    expect(fontStack(chinese.typefaces, 'zh')).toBe('"Noto Serif SC", "Literata", "Noto Serif JP", "Noto Serif KR"');
    expect(fontStack(chinese.typefaces, 'ko')).toBe('"Literata", "Noto Serif KR", "Noto Serif SC", "Noto Serif JP"');
    expect(fontStack(chinese.typefaces)).toBe('"Literata", "Noto Serif SC", "Noto Serif JP", "Noto Serif KR"');
  });

  it('sets Korean in Noto Serif KR, and Traditional Chinese (zh-TW, zh-HK, zh-Hant) in Noto Serif TC', async () => {
    const korean = await typefacesFor('서울의 골목 시장 2025년 2월 14일', 'ko');
    expect(korean.uncovered).toEqual([]);
    for (const char of '서울골목월일') expect(reallyDrawn(korean.typefaces, 'Noto Serif KR', char), char).toBe(true);
    for (const language of ['zh-TW', 'zh-HK', 'zh-Hant', 'zh-Hant-TW']) {
      const traditional = await typefacesFor('臺北的夜市：來源與署名', language);
      expect(traditional.uncovered, language).toEqual([]);
      expect(traditional.typefaces.map((typeface) => typeface.family), language).toEqual(['Literata', 'Noto Serif TC']);
      for (const char of '臺北夜市來源與署名') expect(reallyDrawn(traditional.typefaces, 'Noto Serif TC', char), `${language} ${char}`).toBe(true);
      expect(fontStack(traditional.typefaces, language)).toBe('"Noto Serif TC", "Literata"');
    }
    // Simplified Chinese keeps its face; a simplified form Noto Serif TC lacks goes on to Noto Serif SC.
    const simplified = await typefacesFor('来源与署名', 'zh-CN');
    expect(simplified.typefaces.map((typeface) => typeface.family)).toEqual(['Literata', 'Noto Serif SC']);
    const mixed = await typefacesFor('臺北 选择', 'zh-TW');
    expect(mixed.uncovered).toEqual([]);
    expect(drawn(mixed.typefaces, 'Noto Serif TC')).toContain('臺');
    expect(reallyDrawn(mixed.typefaces, 'Noto Serif SC', '选')).toBe(true);
    expect(drawn(mixed.typefaces, 'Noto Serif TC')).not.toContain('选');
  });

  it('puts each kind of emoji sequence whole in Noto Emoji, also when it is the only emoji of the text (a keycap, a flag, a joined sequence, a heart asked to be an emoji)', async () => {
    for (const [text, sequences] of [
      ['Press 1\u{FE0F}\u{20E3} and then #\u{FE0F}\u{20E3}.', ['1\u{FE0F}\u{20E3}', '#\u{FE0F}\u{20E3}']],
      ['Portugal \u{1F1F5}\u{1F1F9} won.', ['\u{1F1F5}\u{1F1F9}']],
      ['A coder \u{1F469}\u{1F3FD}\u200D\u{1F4BB} at work.', ['\u{1F469}\u{1F3FD}\u200D\u{1F4BB}']],
      ['With \u2764\u{FE0F} from us.', ['\u2764\u{FE0F}']],
    ] as const) {
      const { typefaces } = await typefacesFor(text, 'en');
      for (const sequence of sequences) for (const char of sequence) expect(drawn(typefaces, 'Noto Emoji'), `${text}: ${describeCharacter(char)}`).toContain(char);
    }
    // Text with no emoji brings no emoji face.
    expect((await typefacesFor('Page 12, #3 and 4*5 = 20.', 'en')).typefaces.map((typeface) => typeface.family)).not.toContain('Noto Emoji');
  });

  it('reports the characters no face draws', async () => {
    expect((await typefacesFor('Smile 😀 and ᚠ ꦥ', 'en')).uncovered).toEqual(['ᚠ', 'ꦥ']);
  });

  it('brings the code face only when there is code', () => {
    expect(withCode.typefaces.filter((typeface) => typeface.role === 'code').map((typeface) => typeface.family)).toEqual(['JetBrains Mono']);
    expect(codeFontStack(picked.typefaces)).toBe('');
    expect(codeFontStack(withCode.typefaces)).toBe(`"JetBrains Mono", ${fontStack(withCode.typefaces)}`);
    expect(fontStack(withCode.typefaces)).not.toContain('JetBrains');
    expect(fontStack(picked.typefaces).startsWith('"Literata", ')).toBe(true);
  });
});

describe('fontFaceRules', () => {
  it('writes one rule per file, with its weight, style, URL, format and range', () => {
    const css = fontFaceRules(picked.typefaces, (font) => `fonts/${font.fileName}`);
    const rules = css.split('\n');
    const fonts = picked.typefaces.flatMap((typeface) => typeface.fonts);
    expect(rules).toHaveLength(fonts.length);
    rules.forEach((rule, i) => {
      const font = fonts[i]!;
      expect(rule).toBe(
        `@font-face { font-family: "${font.family}"; font-weight: ${font.weight}; font-style: ${font.style}; src: url("fonts/${font.fileName}") format("woff2"); unicode-range: ${font.unicodeRange}; }`,
      );
    });
    expect(fontFaceRules(picked.typefaces, () => 'x', 'swap')).toContain('font-display: swap; ');
  });

  it('escapes quotes and backslashes in names and URLs', () => {
    const font = fontFiles(picked.typefaces)[0]!;
    const odd: Typeface[] = [{ ...picked.typefaces[0]!, family: 'A "B"', fonts: [{ ...font, family: 'A "B"\\', mediaType: 'font/ttf' }] }];
    const rule = fontFaceRules(odd, () => 'fonts/a"b.ttf');
    expect(rule).toContain('font-family: "A \\"B\\"\\\\";');
    expect(rule).toContain('src: url("fonts/a\\"b.ttf") format("truetype");');
    expect(fontStack(odd)).toBe('"A \\"B\\""');
  });

  it('lists each file once, however many faces share it', () => {
    const files = fontFiles([...picked.typefaces, ...picked.typefaces]);
    expect(files.map((font) => font.fileName)).toEqual(fontFiles(picked.typefaces).map((font) => font.fileName));
    expect(new Set(files.map((font) => font.fileName)).size).toBe(files.length);
  });
});
