/**
 * Maths signs, super- and subscripts and fractions in an English article
 * (test/fixtures/good/math-signs): each in a face of the text's weight and
 * kind, read from the PDF with pdf.js. Literata's @fontsource slices leave out
 * ≤ ≥ ≈ ≠ ∑ ∂ ∫ ₀ ⅓ ⅔ ⅛, which its whole font draws: they were set in Noto
 * Serif SC's thin cut (≤ as the slanted ⩽) and the colophon credited a
 * Chinese face; ⁺ ⁻ printed as boxes; ⅓ ⅔ ⅛ were warned about as boxes while
 * the PDF drew them.
 */
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfCharacterFaces, pdfFonts, pdfText } from './pdf-helpers.js';

describe('maths signs, super- and subscripts and fractions in the faces of the text', () => {
  const out = tempDir('galley-math-signs-');
  let built: SpawnSyncReturns<string>;
  const pdf = path.join(out, 'math-signs.pdf');

  beforeAll(() => {
    built = runCli(['build', path.join(repoRoot, 'test', 'fixtures', 'good', 'math-signs'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 180_000);

  it('builds without a warning: every sign has a face (⅓ ⅔ ⅛ were told to print as boxes)', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).not.toContain('warning');
    expect(`${built.stdout}\n${built.stderr}`.split('\n').filter((line) => /math-signs\.(pdf|epub)/.test(line)).map((line) => line[0])).toEqual(['✓', '✓']);
  });

  it('prints the signs, the ion charges included', () => {
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const words of ['H⁺ + HCO₃⁻', 'H₂O ⇌ H⁺ + OH⁻ at x₀', 'x² + y² ≤ r²', '∑ᵢ aᵢ ≥ 0, e ≈ 2.72, a ≠ b, ∂f/∂x, ∫ f dx', '180 ℃ or 350 ℉', '⅓ ⅔ ⅛ ¼']) {
      expect(text).toContain(words);
    }
  });

  it('sets ≤ ≥ ≈ ≠ ∑ ∂ ∫ ₀ ⅓ ⅔ ⅛ in Literata, ⁺ ⁻ ℃ ℉ in Noto Serif, ⇌ ⇒ ∈ ∇ in Noto Sans Math, none in a Chinese face', async () => {
    const faces = await pdfCharacterFaces(pdf);
    const faceOf = (char: string): string[] => [...(faces.get(char) ?? [])].sort();
    for (const char of '≤≥≈≠∑∂∫₀⅓⅔⅛½') expect(faceOf(char), char).toEqual(['Literata']);
    for (const char of '⁺⁻℃℉') expect(faceOf(char), char).toEqual(['NotoSerif']);
    for (const char of '⇌⇒∈∇') expect(faceOf(char), char).toEqual(['NotoSansMath']);
    expect(pdfFonts(pdf).map((font) => font.name).filter((name) => /CJK|SC|JP|KR|TC/.test(name))).toEqual([]);
  });

  it('names the faces it is set in, and no Chinese face, in the colophon of both editions', async () => {
    const text = pdfText(pdf);
    for (const face of ['Set in Literata', 'Set in Noto Serif.', 'Set in Noto Sans Math']) expect(text).toContain(face);
    expect(text).not.toContain('Noto Serif SC');
    const zip = await openEpub(path.join(out, 'math-signs.epub'));
    expect(Object.keys(zip.files).filter((name) => /fonts\/noto-serif-(sc|jp|kr|tc)-/.test(name))).toEqual([]);
    const css = await zip.file('OEBPS/style.css')!.async('string');
    expect(css).toMatch(/font-family: "Literata"; font-weight: 400; font-style: normal; src: url\("fonts\/literata-more-400-normal-[0-9a-f]+\.ttf"\)/);
  });
});
