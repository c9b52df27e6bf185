/**
 * Hebrew's gershayim and geresh typed as ASCII quotes (דו"ח, וכו') become
 * U+05F4 and U+05F3, not the English closing quotes smart quotes would make:
 * the rule on its own, then a Hebrew article built with the CLI and read back
 * from the PDF and the e-book.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hebrewMarks } from '../src/manuscript/hebrew-marks.js';
import { smarten } from '../src/manuscript/smarten.js';
import { entryText, openEpub, runCli, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

describe('hebrewMarks', () => {
  it('makes a " between Hebrew letters gershayim and a \' after a Hebrew letter geresh', () => {
    expect(hebrewMarks('סמנכ"ל ודו"ח, וכו\' וג\'ירפה')).toBe('סמנכ״ל ודו״ח, וכו׳ וג׳ירפה');
    // Points after the letter are part of it.
    expect(hebrewMarks('צה\u05B7"ל')).toBe('צה\u05B7״ל');
  });

  it('leaves quotes that quote, and every other script, to smart quotes', () => {
    expect(hebrewMarks('"שלום" אמר')).toBe('"שלום" אמר');
    expect(smarten('הוא אמר "שלום" על הדו"ח')).toBe('הוא אמר “שלום” על הדו״ח');
    expect(smarten('He said "yes" and it\'s done')).toBe('He said “yes” and it’s done');
  });
});

describe('a Hebrew article with acronyms and abbreviations', () => {
  it('prints gershayim and geresh in both editions, the headline included', async () => {
    const root = tempDir();
    const dir = path.join(root, 'acronyms');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'article.md'), [
      '---', "title: 'הסמנכ\"ל הציג את הדו\"ח'", 'date: 2025-03-14', 'language: he', '---', '',
      'לפי הדו"ח שהציג הסמנכ"ל, ההשקעות גדלו, וכו\'. "אנחנו מרוצים," אמר.', '',
    ].join('\n'));
    const out = path.join(root, 'out');
    const result = runCli(['build', dir, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const printed = pdfText(path.join(out, 'acronyms.pdf'));
    for (const word of ['הדו״ח', 'הסמנכ״ל', 'וכו׳']) expect(printed).toContain(word);
    expect(printed).not.toMatch(/\p{Script=Hebrew}[”’]\p{Script=Hebrew}/u);
    const zip = await openEpub(path.join(out, 'acronyms.epub'));
    const article = await entryText(zip, 'OEBPS/article.xhtml');
    expect(article).toContain('לפי הדו״ח שהציג הסמנכ״ל, ההשקעות גדלו, וכו׳. ”אנחנו מרוצים,” אמר.');
    expect(await entryText(zip, 'OEBPS/content.opf')).toContain('>הסמנכ״ל הציג את הדו״ח<');
  }, 240_000);
});
