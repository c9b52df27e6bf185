/**
 * Box drawing and block elements in code (test/fixtures/good/code-box-drawing):
 * a directory tree (├── │ └──), a progress bar (█ ░ ▌), a sparkline
 * (▁▂▃▅▇) and a table drawn with ┌─┬─┐. @fontsource's slices of JetBrains
 * Mono leave them out; they were set in Noto Serif SC's thin full-width forms,
 * so the tree's lines were hairlines and the drawn table's right-hand bars
 * stood a character or two off its corners. JetBrains Mono's whole font draws
 * them, one character wide, in both editions; and as nothing outside the code
 * needs them, neither edition ships a text face for them or names one in its
 * colophon (Noto Serif SC and Noto Sans Math were, with nothing set in them).
 */
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfCharacterFaces, pdfText } from './pdf-helpers.js';

const DRAWN = '├│└─┌┬┐┼┤┴┘█░▌▁▂▃▅▆▇';

describe('box drawing and block elements in code, in the code face', () => {
  const out = tempDir('galley-code-box-');
  let built: SpawnSyncReturns<string>;
  const pdf = path.join(out, 'code-box-drawing.pdf');

  beforeAll(() => {
    built = runCli(['build', path.join(repoRoot, 'test', 'fixtures', 'good', 'code-box-drawing'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 180_000);

  it('builds both editions', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(pdfText(pdf)).toContain('├── src/');
  });

  it('prints every drawn character in JetBrains Mono, none in a Chinese face', async () => {
    const faces = await pdfCharacterFaces(pdf);
    for (const char of DRAWN) expect([...(faces.get(char) ?? [])], char).toEqual(['JetBrainsMono']);
  });

  it('gives the e-book a JetBrains Mono file for them, in every weight and style it ships', async () => {
    const zip = await openEpub(path.join(out, 'code-box-drawing.epub'));
    const css = await entryText(zip, 'OEBPS/style.css');
    const rules = [...css.matchAll(/@font-face \{[^}]*font-family: "JetBrains Mono";[^}]*\}/g)].map((match) => match[0]);
    const ranges = rules.map((rule) => /unicode-range: ([^;}]+)/.exec(rule)?.[1] ?? '');
    const covers = (code: number): boolean =>
      ranges.some((range) =>
        range.split(',').some((part) => {
          const [from, to] = part.trim().replace(/^U\+/, '').split('-').map((hex) => parseInt(hex, 16));
          return code >= from! && code <= (to ?? from)!;
        }),
      );
    for (const char of DRAWN) expect(covers(char.codePointAt(0)!), char).toBe(true);
  });

  it('ships no text face for characters only the code has, and names none in either colophon', async () => {
    const text = pdfText(pdf);
    expect(text).toContain('Code set in JetBrains Mono');
    expect(text).not.toMatch(/Noto Serif SC|Noto Sans Math/);
    const zip = await openEpub(path.join(out, 'code-box-drawing.epub'));
    expect(Object.keys(zip.files).filter((name) => /^OEBPS\/fonts\/noto-/.test(name))).toEqual([]);
    expect(await entryText(zip, 'OEBPS/colophon.xhtml')).not.toMatch(/Noto Serif SC|Noto Sans Math/);
  });
});
