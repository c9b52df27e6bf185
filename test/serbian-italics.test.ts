/**
 * Serbian (and Macedonian) Cyrillic italics take their own letterforms:
 * italic б г д п т are written differently than in Russian. Literata has no
 * Serbian forms (its GSUB has no `cyrl` language systems), so an article in
 * `sr` is set in Noto Serif, whose `locl` feature for SRB and MKD has them,
 * in both editions: the PDF embeds Noto Serif's italic, not Literata's; the
 * e-book ships Noto Serif cut to the article's characters with its Serbian
 * forms kept, and Chromium sets the e-book's italic in it. A Russian article
 * stays in Literata.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfFonts, screenFonts, useBrowserAndTempDir } from './pdf-helpers.js';

const article = (language: string): string => `---
title: "Београдски фестивал"
date: 2025-05-10
language: ${language}
---

Ово је обичан текст: бгдпт. Ово је курзив: *бгдпт, година, дете, пут*.
`;

describe('Serbian italics', () => {
  const context = useBrowserAndTempDir('galley-serbian-');
  const out = tempDir();
  let zip: JSZip;

  beforeAll(async () => {
    for (const language of ['sr', 'ru']) {
      const dir = path.join(tempDir(), `festival-${language}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'article.md'), article(language));
      const result = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
      expect(result.status, result.stderr).toBe(0);
    }
    zip = await openEpub(path.join(out, 'festival-sr.epub'));
  }, 240_000);

  it('prints a Serbian article in Noto Serif, its italic included, and a Russian one in Literata', () => {
    const faces = (name: string) => pdfFonts(path.join(out, name)).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    expect(faces('festival-sr.pdf')).toContain('NotoSerif-Italic');
    expect(faces('festival-sr.pdf')).not.toContain('Literata-Italic');
    expect(faces('festival-ru.pdf')).toContain('Literata-Italic');
    expect(faces('festival-ru.pdf').filter((name) => name.startsWith('NotoSerif'))).toEqual([]);
  });

  it('ships Noto Serif’s italic in the e-book with its Serbian forms kept by the cut', async () => {
    const file = Object.keys(zip.files).find((name) => /noto-serif-cyrillic-400-italic-.*\.ttf$/.test(name))!;
    expect(file).toBeDefined();
    const font = fontkit.create(await zip.file(file)!.async('nodebuffer'));
    const glyphs = (language?: string) => font.layout('бгдпт', undefined, 'cyrl', language).glyphs.map((glyph) => glyph.id);
    // The Serbian forms are other glyphs than the default (Russian) ones, for all five letters.
    const serbian = glyphs('SRB');
    const russian = glyphs();
    expect(serbian.every((id, index) => id !== russian[index]), `${serbian} / ${russian}`).toBe(true);
  });

  it('sets the e-book’s Serbian italic in Noto Serif in Chromium', async () => {
    const dir = path.join(context.dir, 'sr');
    await unzipTo(zip, dir);
    const fonts = await screenFonts(context.browser, path.join(dir, 'OEBPS', 'article.xhtml'), ['section em']);
    expect(Object.keys(fonts['section em']!)).toEqual(['Noto Serif']);
  }, 60_000);
});
