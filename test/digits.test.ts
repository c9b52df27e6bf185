/**
 * src/manuscript/rehype-digits.ts and what follows from it: galley writes its
 * own numbers (the date, the notes' calls, the numbered lists, the figures'
 * and the pages' numbers, the e-book's page list) in the digits the text
 * writes its own in, where those are not its language's default. An Arabic
 * article written with ٢٠٢٤ and ٦٢ had them all in 0–9 beside its text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import rehypeGalleyDigits, { textDigits } from '../src/manuscript/rehype-digits.js';
import { buildArticleOnce, entryText, openEpub, runCli, tempDir } from './helpers.js';
import { hastOf } from './manuscript-harness.js';
import { run } from './pdf-helpers.js';

const digitsOf = async (markdown: string, language: string): Promise<string> => textDigits((await hastOf(markdown)).tree, language);

describe('textDigits', () => {
  it('takes the digits most of the text is written in, where they are not the language\'s', async () => {
    expect(await digitsOf('يبلغ من العمر ٦٢ عامًا، في عام ٢٠٢٤.', 'ar')).toBe('arab');
    expect(await digitsOf('पिछले वर्ष १२ जिलों में २०२३ के चुनाव।', 'hi')).toBe('deva');
    // A Persian article written with 0–9: galley's numbers in 0–9 too.
    expect(await digitsOf('در سال 2024 حدود 150 نفر.', 'fa')).toBe('latn');
  });

  it('keeps the language\'s digits where the text has few of its own, or more of the language\'s', async () => {
    expect(await digitsOf('في عام ٢٠ فقط.', 'ar')).toBe('latn');
    expect(await digitsOf('عام ٢٠٢٤، أي 2024 و 2025 و 2026.', 'ar')).toBe('latn');
    expect(await digitsOf('۱۹ اردیبهشت ۱۴۰۳', 'fa')).toBe('arabext');
    expect(await digitsOf('In 2024, 150 people.', 'en')).toBe('latn');
  });

  it('counts neither code nor the notes\' calls, which galley writes', async () => {
    expect(await digitsOf('نص ٢٠٢٤ و`12345678`.', 'ar')).toBe('arab');
    expect(await digitsOf('نص[^1] و[^2] و[^3] و[^4] ٢٠٢٤.\n\n[^1]: أ\n[^2]: ب\n[^3]: ج\n[^4]: د\n', 'ar')).toBe('arab');
  });

  it('tells the pipeline (file.data.digits)', async () => {
    const { file } = await hastOf('٢٠٢٤ ٢٠٢٥', [rehypeGalleyDigits], [], { frontMatter: { language: 'ar' } as never });
    expect(file.data.digits).toBe('arab');
  });
});

const ARABIC = `---
title: "مزارعو وادي الأردن يواجهون موسمًا بلا مطر"
date: 2024-09-12
language: ar
---

يقول أبو محمد، وهو مزارع يبلغ من العمر ٦٢ عامًا، إن حصته من مياه الري انخفضت إلى النصف.[^1]

وتشمل الإجراءات التي أعلنتها الحكومة:

1. تقليص ساعات الضخ إلى ثلاثة أيام في الأسبوع؛
2. حفر ١٢ بئرًا جديدة في الأغوار الشمالية.

[^1]: بحسب سلطة وادي الأردن، تقرير آب/أغسطس ٢٠٢٤.
`;

describe('an Arabic article written with Arabic-Indic digits', () => {
  const built = buildArticleOnce('galley-digits-', 'wadi', ARABIC);

  it('has its date, list numbers, note call and page numbers in them in print', () => {
    expect(built.built.status, built.built.stderr).toBe(0);
    // Without the bidi controls pdftotext writes around runs, and with single spaces.
    const text = run('pdftotext', [path.join(built.out, 'wadi.pdf'), '-']).replace(/[\u202A-\u202E\u2066-\u2069]/g, '').replace(/[^\S\n]+/g, ' ');
    expect(text).toMatch(/١٢\s*سبتمبر\s*٢٠٢٤/);
    expect(text).toMatch(/الصفحة\s*١\s*من\s*١/);
    // The article, its notes and the date in the colophon: no 0–9 (the colophon's licences and version are Latin text).
    const article = text.slice(0, text.indexOf('المصادر'));
    expect(article).toMatch(/\.\s*١\s*تقليص/);
    expect(article).toMatch(/\.\s*٢\s*حفر/);
    expect(article, article).not.toMatch(/[0-9]/);
  });

  it('has them in the e-book too, its page list and page markers included', async () => {
    const zip = await openEpub(path.join(built.out, 'wadi.epub'));
    expect(await entryText(zip, 'OEBPS/titlepage.xhtml')).toContain('>١٢ سبتمبر ٢٠٢٤<');
    const article = await entryText(zip, 'OEBPS/article.xhtml');
    expect(article).toMatch(/<ol data-digits="arab">/);
    expect(article).toMatch(/epub:type="noteref">١</);
    const nav = await entryText(zip, 'OEBPS/toc.xhtml');
    const list = /<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)![0];
    expect([...list.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((match) => match[1])).toEqual(['١']);
    expect(await entryText(zip, 'OEBPS/titlepage.xhtml')).toMatch(/doc-pagebreak"[^>]*aria-label="١"/);
  });
});

describe('an Arabic collection of articles written with Arabic-Indic digits', () => {
  const root = tempDir('galley-digits-collection-');
  const out = path.join(root, 'out');
  let built: SpawnSyncReturns<string>;
  beforeAll(() => {
    const dir = path.join(root, 'weekly');
    for (const [name, title] of [['one', 'الأول'], ['two', 'الثاني']] as const) {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, 'article.md'), ARABIC.replace(/^title: "(.*)"$/m, `title: "$1: ${title}"`));
    }
    writeFileSync(path.join(dir, 'collection.yaml'), 'title: "ملف الأسبوع"\ndate: 2024-09-14\neditors: ["سارة أحمد"]\nlanguage: ar\narticles:\n  - one\n  - two\n');
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('numbers its pages in them, in print and in the e-book\'s page list, as its articles write theirs', async () => {
    expect(built.status, built.stderr).toBe(0);
    const text = run('pdftotext', [path.join(out, 'weekly.pdf'), '-']).replace(/[\u202A-\u202E\u2066-\u2069]/g, '').replace(/[^\S\n]+/g, ' ');
    const folios = [...text.matchAll(/الصفحة\s*(\S+)\s*من\s*(\S+)/g)].map((match) => `${match[1]}/${match[2]}`);
    expect(folios.length).toBeGreaterThan(2);
    for (const folio of folios) expect(folio).toMatch(/^[٠-٩]+\/[٠-٩]+$/);
    const nav = await entryText(await openEpub(path.join(out, 'weekly.epub')), 'OEBPS/toc.xhtml');
    const labels = [...(/<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)![0]).matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((match) => match[1]!);
    expect(labels.length).toBeGreaterThan(2);
    for (const label of labels) expect(label).toMatch(/^[٠-٩]+$/);
  });
});
