/**
 * A Persian article built to both editions: every day it writes in words
 * is in the Solar Hijri calendar, Persian's own, and written the same in the
 * title block and the colophon ("۱۸ اردیبهشت ۱۴۰۴", in the colophon's
 * Persian sentence), never the Gregorian year beside it; the
 * credit's own label ("عکس:") is printed alone; and nothing is set in an
 * italic (Arabic script sets none).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, entryText, normalize, parseHtml, texts } from './helpers.js';
import { pdfFonts } from './pdf-helpers.js';

const article = `---
title: "نمایشگاه کتاب تهران"
subtitle: "گزارشی ساختگی از روز نخست."
authors: ["پریسا گلچین"]
date: 2025-05-08
language: fa
---

این گزارش ساختگی است. روز پنجشنبه نمایشگاه کتاب تهران آغاز شد.

:::figure{src="images/photo.png" alt="تصویر نمونه" credit="عکس: گلناز پورچراغ/خبرگزاری ساختگی"}
غرفه‌های ناشران در روز نخست.
:::

## آمار

به گفتهٔ برگزارکنندگان، نیمی از کتاب‌ها ترجمه بودند.

#### یادداشت

پایان گزارش.
`;

describe('a Persian article', () => {
  let out: string;
  let zip: JSZip;
  let pdfText: string;
  let stderr: string;

  beforeAll(async () => {
    const built = await buildArticle('tehran', article);
    out = built.out;
    stderr = built.result.stderr;
    zip = built.zip;
    pdfText = normalize(spawnSync('pdftotext', [path.join(out, 'tehran.pdf'), '-'], { encoding: 'utf8' }).stdout);
  }, 240_000);

  it('dates it in the Solar Hijri calendar in the title block and the colophon of both editions', async () => {
    const title = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    expect(texts(title, 'time.date')).toEqual(['۱۸ اردیبهشت ۱۴۰۴']);
    const colophon = (await entryText(zip, 'OEBPS/colophon.xhtml')).replace(/<[^>]*>/g, '');
    expect(colophon).toContain('به تاریخ ۱۸ اردیبهشت ۱۴۰۴، روز نخستین انتشار مقاله.');
    expect(colophon).not.toContain('Ordibehesht');
    expect(pdfText).not.toContain('Ordibehesht');
    expect(pdfText.match(/اردیبهشت/gu)).toHaveLength(2);
    // The Gregorian year is written nowhere a reader sees a date (the identifier's and machine dates aside).
    expect(colophon).not.toMatch(/\b2025\b/);
    expect(pdfText).not.toMatch(/May 8|2025/);
  });

  it('prints the credit with its own label alone, and warns of no hyphenation', async () => {
    const credits = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    expect(texts(credits, '.credit-line')).toEqual(['عکس: گلناز پورچراغ/خبرگزاری ساختگی']);
    expect(pdfText).not.toContain('Photo:');
    expect(stderr).not.toMatch(/hyphenation/);
  });

  it('sets nothing in italic in the PDF', () => {
    const names = pdfFonts(path.join(out, 'tehran.pdf')).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toContain('Amiri-Regular');
    expect(names.filter((name) => /Italic/.test(name))).toEqual([]);
  });
});
