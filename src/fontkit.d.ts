/** fontkit ships no types of its own; this is the part galley and its tests use. */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    copyright?: string;
    characterSet: number[];
    hasGlyphForCodePoint(code: number): boolean;
    glyphForCodePoint(code: number): { id: number; advanceWidth: number; path: { toSVG(): string } };
    /** Shapes text with the font's own layout tables (GSUB/GPOS), in a script and language (OpenType tags: `cyrl`, `SRB`) when given. */
    layout(text: string, features?: string[] | Record<string, boolean>, script?: string, language?: string): { glyphs: Array<{ id: number }> };
  }
  export function create(buffer: Buffer): Font;
}
