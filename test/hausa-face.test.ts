/**
 * Hausa's hooked capitals Ƙ Ƴ Ɗ Ɓ (test/fixtures/good/face-ha) drawn in
 * Gentium Book Plus, whose arms end in a hook, in the PDF (the text, the
 * byline and the credit line in spaced capitals) and in the e-book: Noto
 * Serif's, which drew them before, are K, Y and D with a hair-thin curl, and
 * read as those at reading size ("Kasimu", "Yan", "DANLADI"). ɓ and ɗ, which
 * Gentium's files lack, stay Noto Serif's. The PDF is read with pdf.js (the
 * face of each piece of text), the e-book with Chromium's DevTools (the
 * faces a paragraph is drawn in, and the size it is drawn at), and the
 * download page's entry too.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfFacedRuns, pdfFonts, pdfText, screenFonts, useBrowserAndTempDir } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'face-ha');
const HOOKED_CAPITALS = /[ƘƳƊƁ]/u;

/** Each hooked capital on the PDF's first page, with the face pdf.js reads it in. */
async function capitalsInPdf(file: string): Promise<Array<{ char: string; face: string; text: string }>> {
  return (await pdfFacedRuns(file, 1)).flatMap(({ text, face }) => [...text].filter((char) => HOOKED_CAPITALS.test(char)).map((char) => ({ char, text, face })));
}

describe('Hausa’s hooked capitals', () => {
  const out = tempDir('galley-hausa-face-');
  const context = useBrowserAndTempDir('galley-hausa-face-ebook-');
  let built: SpawnSyncReturns<string>;
  beforeAll(() => {
    built = runCli(['build', fixture, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(`${built.stdout}${built.stderr}`).not.toMatch(/no shipped typeface|boxes/);
  });

  it('prints them in Gentium Book Plus, in the text, the byline and the credit line in capitals', async () => {
    const pdf = path.join(out, 'face-ha.pdf');
    expect(pdfFonts(pdf).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(expect.arrayContaining(['GentiumBookPlus', 'GentiumBookPlus-Bold', 'GentiumBookPlus-Italic']));
    const capitals = await capitalsInPdf(pdf);
    // The headline, the dek, the byline, the text, the credit line and the quotation: every one of them.
    expect(capitals.length).toBeGreaterThanOrEqual(10);
    for (const { char, face, text } of capitals) expect(face, `${char} in "${text}"`).toMatch(/^GentiumBookPlus/);
    // The credit line, in capitals as printed.
    expect(pdfText(pdf)).toContain('HOTO: ƊANLADI ƘWARU/ƳAR JARIDA');
  });

  it('sets them in Gentium Book Plus in the e-book, at the size of the text around them', async () => {
    const dir = path.join(context.dir, 'face-ha');
    await unzipTo(await openEpub(path.join(out, 'face-ha.epub')), dir);
    const paragraph = 'section p:nth-of-type(2)';
    const fonts = await screenFonts(context.browser, path.join(dir, 'OEBPS', 'article.xhtml'), [paragraph]);
    // Its letters are Gentium's; Noto Serif draws its ɗ and ɓ alone, which Gentium's files lack.
    expect(Object.keys(fonts[paragraph]!).sort(), JSON.stringify(fonts[paragraph])).toEqual(['Gentium Book Plus', 'Noto Serif']);
    expect(fonts[paragraph]!['Noto Serif'], 'the one ɗ').toBe(1);
    const css = readFileSync(path.join(dir, 'OEBPS', 'style.css'), 'utf8');
    expect(css).toMatch(/\[lang\|="ha"\] \{ font-family: "Gentium Book Plus", Literata,/);
    // Drawn larger, so that its capitals stand as tall as Literata's.
    for (const rule of css.match(/@font-face \{ font-family: "Gentium Book Plus";[^}]*\}/g) ?? ['none']) expect(rule).toContain('size-adjust: 114%;');
  }, 60_000);

  it('sets the download page’s entry in Gentium Book Plus, as its editions', async () => {
    const fonts = await screenFonts(context.browser, path.join(out, 'index.html'), ['h2.entry-title', 'p.dek']);
    for (const selector of ['h2.entry-title', 'p.dek']) expect(Object.keys(fonts[selector]!), JSON.stringify(fonts[selector])).toContain('Gentium Book Plus');
    // Its Ƙ and Ƴ among them: Noto Serif draws the headline's ɗ alone.
    expect(fonts['h2.entry-title']!['Noto Serif'] ?? 0).toBe(1);
  }, 60_000);
});
