/** fontkit ships no types of its own; this is the part galley and its tests use. */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    copyright?: string;
    characterSet: number[];
    hasGlyphForCodePoint(code: number): boolean;
    /** Shapes text with the font's own layout tables (GSUB/GPOS). */
    layout(text: string): { glyphs: Array<{ id: number }> };
  }
  export function create(buffer: Buffer): Font;
}
