/**
 * Emoji, symbols and characters no shipped face draws. Emoji are set in
 * Noto Emoji in both editions (a joined sequence, a flag and a keycap as one
 * picture each); a character no face draws (Javanese here; Lao, before it had a face) prints as
 * Literata's empty box, never in a font of the building machine, which has
 * DejaVu Sans. Built by the CLI, read back with pdffonts,
 * pdftotext, fontkit on the e-book's fonts, and EPUBCheck.
 */
import path from 'node:path';
import * as fontkit from 'fontkit';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, epubcheck, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfFonts, pdfText } from './pdf-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'emoji-symbols');
/** The faces galley ships, as PDF font names. */
const SHIPPED = /^(Literata|NotoEmoji|JetBrainsMono|NotoSerif[A-Za-z]*|NotoSansSymbols2|Amiri)-(Regular|Bold|Italic|BoldItalic)$/;

let out: string;
let built: { stdout: string; stderr: string };
let zip: JSZip;

beforeAll(async () => {
  out = tempDir('galley-print-faces-');
  const result = runCli(['build', FIXTURE, '--out', out]);
  expect(result.status, result.stderr).toBe(0);
  built = { stdout: result.stdout, stderr: result.stderr };
  zip = await openEpub(path.join(out, 'emoji-symbols.epub'));
}, 180_000);

describe('the PDF of an article with emoji and a script no face draws', () => {
  it('embeds galley\'s faces only: no font of the building machine, no Type 3 font', () => {
    const fonts = pdfFonts(path.join(out, 'emoji-symbols.pdf'));
    const names = fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    for (const [index, name] of names.entries()) {
      expect(name, `pdffonts lists ${name}`).toMatch(SHIPPED);
      expect(fonts[index]!.type).not.toBe('Type 3');
      expect(fonts[index]!.embedded).toBe(true);
    }
    expect(names).toEqual(expect.arrayContaining(['NotoEmoji-Regular', 'NotoEmoji-Bold']));
  });

  it('prints the symbols no text face draws (♔ ♕ ☐ ✗ ✎) in Noto Sans Symbols 2, its one weight for bold too', () => {
    const names = pdfFonts(path.join(out, 'emoji-symbols.pdf')).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toContain('NotoSansSymbols2-Regular');
    const printed = pdfText(path.join(out, 'emoji-symbols.pdf'));
    for (const symbol of ['♔', '♕', '☐', '✗', '✎']) expect(printed).toContain(symbol);
  });

  it('ships Noto Sans Symbols 2 in the e-book, cut to the symbols used, and names it in the colophon of both editions', async () => {
    const files = Object.keys(zip.files).filter((name) => /noto-sans-symbols-2/.test(name) && name.endsWith('.ttf'));
    expect(files.length).toBeGreaterThan(0);
    const drawn = new Set(files.length > 0 ? fontkit.create(Buffer.from(await zip.file(files[0]!)!.async('uint8array'))).characterSet : []);
    for (const symbol of ['♔', '♕', '☐', '✗', '✎']) expect(drawn.has(symbol.codePointAt(0)!), symbol).toBe(true);
    expect(drawn.size).toBeLessThan(20);
    expect(await entryText(zip, 'OEBPS/colophon.xhtml')).toContain('Noto Sans Symbols 2');
    expect(pdfText(path.join(out, 'emoji-symbols.pdf'))).toContain('Noto Sans Symbols 2');
  });

  it('prints the emoji of the headline, the dek and the body, a joined sequence and flags included', () => {
    const printed = pdfText(path.join(out, 'emoji-symbols.pdf'));
    for (const emoji of ['🚀', '🎉', '🍕', '👩🏽‍💻', '🇵🇹', '🇯🇵', '✅', '⚡']) expect(printed).toContain(emoji);
  });

  it('warns about the Javanese letters alone, saying truly that they print as empty boxes, and marks the PDF ⚠', () => {
    const warnings = built.stderr.split('\n').filter((line) => line.includes('no shipped typeface'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/emoji-symbols\/article\.md:16:\d+: warning: no shipped typeface draws Javanese script: 4 different characters/);
    expect(warnings[0]).toContain('the PDF and the cover print each as an empty box (never in a font of the building machine)');
    const pdfLine = `${built.stdout}\n${built.stderr}`.split('\n').find((line) => line.includes('emoji-symbols.pdf'));
    expect(pdfLine).toMatch(/^⚠ .*4 characters print as boxes/);
  });
});

describe('the e-book of an article with emoji', () => {
  it('ships Noto Emoji cut so that a joined sequence, a flag and a keycap each stay one picture', async () => {
    const files = Object.keys(zip.files).filter((name) => /^OEBPS\/fonts\/noto-emoji-emoji-400-normal-[0-9a-f]+\.ttf$/.test(name));
    expect(files).toHaveLength(1);
    const font = fontkit.create(await zip.file(files[0]!)!.async('nodebuffer'));
    for (const sequence of ['👩🏽‍💻', '🇵🇹', '1️⃣', '❤️']) {
      const glyphs = font.layout(sequence).glyphs;
      expect(glyphs.map((glyph) => glyph.id), sequence).toHaveLength(1);
      expect(glyphs[0]!.id, sequence).not.toBe(0);
    }
    const css = await entryText(zip, 'OEBPS/style.css');
    const rule = css.split('\n').find((line) => line.includes('"Noto Emoji"') && line.includes('font-weight: 400'))!;
    expect(rule).toMatch(/unicode-range: [^;]*U\+200D/);
    expect(css).toMatch(/html \{ font-family: [^}]*"Noto Emoji"/);
  });

  it('passes EPUBCheck with no errors or warnings', () => {
    const result = epubcheck(path.join(out, 'emoji-symbols.epub'));
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  }, 180_000);
});
