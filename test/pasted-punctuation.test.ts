/**
 * Punctuation a word processor pastes that Literata's slices lack: the
 * non-breaking hyphen (U+2011), the hyphen (U+2010), the figure dash, the
 * horizontal bar and the per mille sign. Built as a newsroom's article that
 * holds them in its headline, text, caption and credit; both editions are
 * read back: their faces, their text, the word held whole.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArticle, entryText } from './helpers.js';
import { pdfFonts, pdfText } from './pdf-helpers.js';

const ARTICLE = `---
title: "A 20\u2011liter jug for every household"
date: 2024-05-01
---

Each family gets a 20\u2011liter jug from the co\u2010operative, call 555\u20120199; losses are 5\u2030 a year.

\u2015 That is the plan, said the mayor.

:::figure{src="images/photo.png" alt="A jug by a well" credit="Photo: Anna Kowalska\u2011Nowak/Agencja"}
The jugs of the 5\u2011year plan.
:::
`;

describe('punctuation pasted from a word processor', () => {
  let built: Awaited<ReturnType<typeof buildArticle>>;

  it('builds', async () => {
    built = await buildArticle('pasted', ARTICLE);
  }, 240_000);

  it('ships no face but Literata for it in the e-book, and no U+2011 in its text', async () => {
    const css = await entryText(built.zip, 'OEBPS/style.css');
    const families = new Set([...css.matchAll(/@font-face \{ font-family: "([^"]+)"/g)].map((match) => match[1]));
    // Amiri (an Arabic face) drew the hyphens, Noto Serif SC the per mille and the figure dash.
    expect([...families]).toEqual(['Literata']);
    expect(Object.keys(built.zip.files).filter((name) => /amiri|noto/i.test(name))).toEqual([]);
    for (const name of ['OEBPS/article.xhtml', 'OEBPS/titlepage.xhtml', 'OEBPS/credits.xhtml', 'OEBPS/content.opf']) {
      expect(await entryText(built.zip, name), name).not.toContain('\u2011');
    }
    // The word stays whole on its line.
    expect(await entryText(built.zip, 'OEBPS/article.xhtml')).toContain('<span class="nobreak">20-liter</span>');
  });

  it('sets the PDF in Literata alone, reading the hyphens as hyphens', () => {
    const pdf = path.join(built.out, 'pasted.pdf');
    expect(new Set(pdfFonts(pdf).map((font) => font.name.replace(/^[A-Z]{6}\+/, '').replace(/-.*$/, '')))).toEqual(new Set(['Literata']));
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('20-liter jug from the co\u2010operative, call 555\u20120199; losses are 5\u2030');
    expect(text).toMatch(/Kowalska-Nowak/i);
  });
});
