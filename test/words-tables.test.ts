/**
 * src/words.ts and templates/words/: every table has every word of the
 * English one, with the same placeholders, and plural forms in its
 * language's own categories; a tag falls back through its subtags; words
 * are filled as text, as markup and as CSS.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fallbackTags, joinSentences, tableFor, wordKeys, wordsFor, wordsText } from '../src/words.js';
import { repoRoot, tempDir } from './helpers.js';
// @ts-expect-error -- a plain ES module script without type declarations
import { cldrParentLocales } from '../scripts/parent-locales.mjs';

const folder = path.join(repoRoot, 'templates', 'words');
type Word = string | Record<string, string>;
const read = (file: string): Record<string, Word> => {
  const table = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Record<string, Word>;
  delete table['//'];
  return table;
};
const english = read('en.json');
/** Tables that give only some words (Khmer): each word they lack is said in English, marked so. */
const PARTIAL = new Set(['km']);
const placeholders = (text: string): string[] => [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]!).sort();

describe('the tables of words', () => {
  const files = readdirSync(folder).filter((file) => file.endsWith('.json'));

  it('are one for English and each language galley speaks', () => {
    expect(files.map((file) => file.replace('.json', '')).sort()).toEqual(
      ['en', 'de', 'fr', 'es', 'it', 'pt', 'pt-pt', 'nl', 'pl', 'ru', 'uk', 'cs', 'sv', 'el', 'tr', 'he', 'ar', 'ja', 'zh', 'zh-hant', 'ko', 'th', 'sr', 'sr-latn', 'ka', 'hy', 'fa', 'hi', 'vi', 'km', 'ro', 'no', 'da', 'id', 'fi', 'ca', 'hu', 'hr', 'sk', 'sl', 'bg', 'lt', 'lv', 'et', 'bn', 'ta', 'ur', 'ms'].sort(),
    );
  });

  it.each(files.filter((file) => file !== 'en.json'))('%s has every English word, with its placeholders, and plural forms of its language', (file) => {
    const language = file.replace('.json', '');
    const table = read(file);
    // A table in part has English's words it gives, in English's order; every other table has them all.
    expect(Object.keys(table)).toEqual(Object.keys(english).filter((key) => !PARTIAL.has(language) || key in table));
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
    for (const [key, word] of Object.entries(table)) {
      const theirs = english[key]!;
      if (typeof theirs === 'string') {
        expect(typeof word, key).toBe('string');
        expect(placeholders(word as string), key).toEqual(placeholders(theirs));
        expect((word as string).trim(), key).not.toBe('');
      } else {
        // Every category the language counts with, and no other; a form may say its number in words ("בית אחד").
        expect(Object.keys(word).sort(), key).toEqual([...categories].sort());
        for (const form of Object.values(word)) for (const name of placeholders(form)) expect(placeholders(theirs.other!), key).toContain(name);
      }
    }
  });

  it('in part are only those named so, each giving at least its navigation, byline, notes and labels', () => {
    const partial = files.map((file) => file.replace('.json', '')).filter((language) => Object.keys(read(`${language}.json`)).length < Object.keys(english).length);
    expect(partial).toEqual([...PARTIAL]);
    for (const language of PARTIAL) {
      expect(Object.keys(read(`${language}.json`)), language).toEqual(expect.arrayContaining(['cover', 'titlepage', 'contents', 'by', 'notes', 'figure', 'table', 'photo', 'map']));
    }
  });

  it('in English, count only in its own categories too', () => {
    for (const word of Object.values(english)) if (typeof word !== 'string') expect(Object.keys(word).sort()).toEqual(['one', 'other']);
    expect(wordKeys()).toEqual(Object.keys(english));
  });
});

describe('CLDR\'s parent locales', () => {
  it('are shipped as the installed cldr-core gives them (scripts/parent-locales.mjs)', () => {
    const shipped: unknown = JSON.parse(readFileSync(path.join(repoRoot, 'src', 'parent-locales.json'), 'utf8'));
    expect(shipped).toEqual(cldrParentLocales());
    expect((shipped as Record<string, string>)['pt-AO']).toBe('pt-PT');
  });
});

describe('wordsFor', () => {
  it('falls back through the tag, then to English', () => {
    expect(fallbackTags('pt-BR')).toEqual(['pt-br', 'pt']);
    expect(fallbackTags('de-CH-1996')).toEqual(['de-ch-1996', 'de-ch', 'de']);
    expect(tableFor('pt-BR')).toBe('pt');
    expect(tableFor('de-CH')).toBe('de');
    // Traditional Chinese, by its script or by a region that writes it, has its own table; Simplified keeps zh.
    expect(fallbackTags('zh-TW')).toEqual(['zh-tw', 'zh-hant', 'zh']);
    for (const tag of ['zh-Hant-TW', 'zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant']) expect(tableFor(tag), tag).toBe('zh-hant');
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-HK']) expect(tableFor(tag), tag).toBe('zh');
    expect(wordsFor('zh-TW').t('credits')).toBe('來源與署名');
    // European Portuguese, and the Portuguese of Africa and Asia, which CLDR's parent locales write as pt-PT; Brazil's keeps pt.
    expect(fallbackTags('pt-AO')).toEqual(['pt-ao', 'pt-pt', 'pt']);
    for (const tag of ['pt-PT', 'pt-AO', 'pt-MZ', 'pt-CV', 'pt-GW', 'pt-ST', 'pt-TL', 'pt-MO']) expect(tableFor(tag), tag).toBe('pt-pt');
    for (const tag of ['pt', 'pt-BR', 'pt-Latn']) expect(tableFor(tag), tag).toBe('pt');
    expect(['download', 'file', 'contents', 'anonymous'].map((key) => wordsFor('pt-PT').t(key, { edition: 'PDF' }))).toEqual(['Descarregar PDF', 'Ficheiro', 'Índice', 'Anónimo']);
    expect(['download', 'file', 'contents', 'anonymous'].map((key) => wordsFor('pt-BR').t(key, { edition: 'PDF' }))).toEqual(['Baixar PDF', 'Arquivo', 'Sumário', 'Anônimo']);
    // Serbian in either of its scripts: Cyrillic by default, Latin by its script or a region that writes it (Montenegro).
    for (const tag of ['sr', 'sr-Cyrl', 'sr-RS', 'sr-Cyrl-BA']) expect(tableFor(tag), tag).toBe('sr');
    for (const tag of ['sr-Latn', 'sr-Latn-RS', 'sr-ME']) expect(tableFor(tag), tag).toBe('sr-latn');
    expect([wordsFor('sr').t('credits'), wordsFor('sr-Latn').t('credits')]).toEqual(['Извори и\u00a0аутори', 'Izvori i\u00a0autori']);
    for (const tag of ['ka', 'ka-GE', 'hy', 'hy-AM']) expect(tableFor(tag), tag).toBe(tag.slice(0, 2));
    // Norwegian: Bokmål and Nynorsk, which CLDR counts as Norwegian, take its table; Haitian Creole, whose CLDR parent is fr-HT, not French's.
    expect(fallbackTags('nb')).toEqual(['nb', 'no']);
    for (const tag of ['no', 'nb', 'nb-NO', 'nn', 'nn-NO', 'no-NO']) expect(tableFor(tag), tag).toBe('no');
    expect(wordsFor('nb').t('credits')).toBe('Kilder og kreditering');
    expect(fallbackTags('ht')).toEqual(['ht']);
    expect(tableFor('EN-gb')).toBe('en');
    // Persian as Afghanistan writes it (Dari) and as Iran does, and Hindi, in their own tables.
    for (const tag of ['fa', 'fa-IR', 'fa-AF', 'fa-Arab']) expect(tableFor(tag), tag).toBe('fa');
    expect(fallbackTags('fa-AF')).toEqual(['fa-af', 'fa']);
    for (const tag of ['hi', 'hi-IN', 'hi-Deva']) expect(tableFor(tag), tag).toBe('hi');
    expect([wordsFor('fa-AF').t('credits'), wordsFor('hi').t('credits')]).toEqual(['منابع و اعتبارها', 'स्रोत और श्रेय']);
    // Vietnamese, as Vietnam and its diaspora write it, in its own table.
    for (const tag of ['vi', 'vi-VN', 'vi-Latn']) expect(tableFor(tag), tag).toBe('vi');
    expect(['contents', 'notes', 'credits', 'photo'].map((key) => wordsFor('vi-VN').t(key))).toEqual(['Mục lục', 'Chú thích', 'Nguồn và ghi công', 'Ảnh']);
    expect(tableFor('sw')).toBeUndefined();
    const swahili = wordsFor('sw');
    expect([swahili.table, swahili.language, swahili.fellBack, swahili.t('credits')]).toEqual(['en', 'en', true, 'Sources and credits']);
    const swiss = wordsFor('de-CH');
    expect([swiss.table, swiss.language, swiss.fellBack, swiss.t('colophon')]).toEqual(['de', 'de-CH', false, 'Impressum']);
  });

  it('picks plural forms by the language’s rules, and writes numbers in its digits', () => {
    const russian = wordsFor('ru');
    expect([1, 2, 5, 21, 22, 25, 111].map((n) => russian.count('collectionOf', n))).toEqual([
      'Сборник: 1 статья', 'Сборник: 2 статьи', 'Сборник: 5 статей', 'Сборник: 21 статья', 'Сборник: 22 статьи', 'Сборник: 25 статей', 'Сборник: 111 статей',
    ]);
    const polish = wordsFor('pl');
    expect([1, 3, 5, 22].map((n) => polish.count('collectionOf', n))).toEqual(['Zbiór: 1 artykuł', 'Zbiór: 3 artykuły', 'Zbiór: 5 artykułów', 'Zbiór: 22 artykuły']);
    expect(wordsFor('en').count('collectionOf', 1)).toBe('Collection of 1 article');
    expect(wordsFor('en').count('collectionOf', 1200)).toBe('Collection of 1,200 articles');
    expect(wordsFor('de').count('collectionOf', 1200)).toBe('Sammlung mit 1.200 Artikeln');
    // French groups with U+00A0, which the text face draws (not Intl's U+202F).
    expect(wordsFor('fr').count('collectionOf', 1200)).toBe('Recueil de 1\u00a0200 articles');
    expect(wordsFor('ar').count('collectionOf', 2)).toBe('مجموعة من مقالين');
  });

  it('writes galley’s own numbers (a figure’s, a note’s, a page’s) in the language’s digits, and nothing of the manuscript’s', () => {
    const persian = wordsFor('fa');
    expect(persian.t('figure', { n: 2 })).toBe('شکل ۲');
    expect(persian.html('figureOnPage', { figure: { html: '<a>شکل ۲</a>' }, page: 12 })).toBe('<a>شکل ۲</a>، صفحهٔ ۱۲:');
    expect(persian.t('noteBack', { n: '1-2' })).toBe('پی‌نوشت ۱-۲، بازگشت به متن');
    expect(persian.count('collectionOf', 12)).toBe('مجموعه‌ای از ۱۲ مقاله');
    expect(persian.css('runningFoot', { page: 'counter(page)', pages: 'counter(pages)' })).toBe('"صفحهٔ " counter(page, persian) " از " counter(pages, persian)');
    // A title is the manuscript's: its digits stay as written.
    expect(persian.t('coverAlt', { title: '1984' })).toBe('جلد: 1984');
    // Hindi writes its numbers in Latin digits (CLDR's default for hi), as its dates; so does Arabic.
    expect(wordsFor('hi').t('figure', { n: 2 })).toBe('चित्र 2');
    expect(wordsFor('hi').css('runningFoot', { page: 'counter(page)', pages: 'counter(pages)' })).toBe('"पृष्ठ " counter(page) " / " counter(pages)');
    expect(wordsFor('ar').t('figure', { n: 2 })).toBe('الشكل 2');
    // English words where the language has no table keep English's digits, whatever the language's own.
    expect(wordsFor('ps').t('figure', { n: 2 })).toBe('Figure 2');
  });

  it('falls back to English word by word: a table without a word says it in English, marked so, and blanks nothing', () => {
    const folder = tempDir('galley-words-partial-');
    mkdirSync(path.join(folder, 'words'));
    copyFileSync(path.join(repoRoot, 'templates', 'words', 'en.json'), path.join(folder, 'words', 'en.json'));
    writeFileSync(path.join(folder, 'words', 'km.json'), JSON.stringify({ '//': 'Khmer, in part.', contents: 'មាតិកា', table: 'តារាង {n}' }));
    const khmer = wordsFor('km', { templatesDir: folder });
    expect([khmer.table, khmer.fellBack]).toEqual(['km', false]);
    expect([khmer.t('contents'), khmer.t('table', { n: 3 }), khmer.t('credits'), khmer.t('by', { names: 'សុខ' })]).toEqual(['មាតិកា', 'តារាង 3', 'Sources and credits', 'By សុខ']);
    for (const key of wordKeys(folder)) expect(wordsText(khmer), key).toBeTruthy();
    // An English word that counts, counts as English does (Khmer has one form only, `other`).
    expect([khmer.count('collectionOf', 1), khmer.count('collectionOf', 3)]).toEqual(['Collection of 1 article', 'Collection of 3 articles']);
    // The article's own words among galley's may stand in an English sentence: marked Khmer.
    expect(khmer.own('សុខ')).toBe('<span lang="km" xml:lang="km" dir="ltr" aria-atomic="false">សុខ</span>');
    expect(wordsFor('fa').own('لیلا')).toBe('لیلا');
    // The table's own word as it is; a word it lacks in a span that says it is English, left to right.
    expect(khmer.html('contents')).toBe('មាតិកា');
    expect(khmer.html('credits')).toBe('<span lang="en" xml:lang="en" dir="ltr" aria-atomic="false">Sources and credits</span>');
    // A word the manuscript gives is its own, not English.
    expect(wordsFor('km', { templatesDir: folder, overrides: { credits: 'ប្រភព' } }).html('credits')).toBe('ប្រភព');
    // English's own words are never marked; a language without a table has every word marked.
    expect(wordsFor('en').html('credits')).toBe('Sources and credits');
    expect(wordsFor('sw').html('credits')).toBe('<span lang="en" xml:lang="en" dir="ltr" aria-atomic="false">Sources and credits</span>');
  });

  it('fills words as text, as markup and as CSS content', () => {
    const words = wordsFor('en');
    expect(words.t('by', { names: 'Ann & Bo' })).toBe('By Ann & Bo');
    expect(words.html('by', { names: 'Ann & <Bo>' })).toBe('By Ann &amp; &lt;Bo&gt;');
    expect(words.html('figureOnPage', { figure: { html: '<a href="#f">Figure 1</a>' }, page: 2 })).toBe('<a href="#f">Figure 1</a>, page 2:');
    expect(words.html('collectionCreditsNone')).toBe('No pictures, agency copy or earlier publication to credit.');
    // The English running foot is the CSS it always was.
    expect(words.css('runningFoot', { page: 'counter(page)', pages: 'counter(pages)' })).toBe('"page " counter(page) " of " counter(pages)');
    expect(wordsFor('ja').css('runningFoot', { page: 'counter(page)', pages: 'counter(pages)' })).toBe('counter(page) " / " counter(pages) " ページ"');
    expect(() => words.t('by')).toThrow('the word "by" ("By {names}") has {names}, which galley does not fill here');
    expect(() => words.t('no-such-word')).toThrow('no word "no-such-word"');
  });

  it('writes a day as the title block does, in the words’ language', () => {
    expect(wordsFor('de-CH').date('2024-03-14')).toBe('14. März 2024');
    expect(wordsFor('en').date('2017-02-16')).toBe('February 16, 2017');
    expect(wordsFor('ja').date('2024-03-14')).toBe('2024年3月14日');
    expect(wordsFor('ru').date('2024-03-15')).toBe('15 марта 2024 г.');
    expect(wordsFor('ko').date('2024-03-14')).toBe('2024년 3월 14일');
    expect(wordsFor('sr').date('2024-03-14')).toBe('14. март 2024.');
    expect(wordsFor('sr-Latn').date('2024-03-14')).toBe('14. mart 2024.');
    expect(wordsFor('ka').date('2024-03-14')).toBe('14 მარტი, 2024');
    expect(wordsFor('hy').date('2024-03-14')).toBe('14 մարտի, 2024 թ.');
    expect(wordsFor('vi').date('2024-03-14')).toBe('14 tháng 3, 2024');
    // A language without a table says its date in its own words and calendar, as its title block does, not in its words' English.
    expect(wordsFor('sw').date('2024-03-14')).toBe('14 Machi 2024');
    expect(wordsFor('fa').date('2025-05-08')).toBe('۱۸ اردیبهشت ۱۴۰۴');
  });

  it('lets a filler that ends in a full stop end the sentence: no doubled stop', () => {
    const russian = wordsFor('ru');
    const date = russian.date('2024-03-15');
    expect(russian.t('editionDated', { identifier: 'urn:x', date })).toBe('Издание urn:x, дата 15 марта 2024 г.');
    expect(russian.html('editionDated', { identifier: 'urn:x', date: { html: `<time>${date}</time>` } })).toBe('Издание urn:x, дата <time>15 марта 2024 г.</time>');
    expect(wordsFor('en').t('editionDated', { identifier: 'urn:x', date: 'February 16, 2017' })).toBe('Edition urn:x, dated February 16, 2017.');
    expect(wordsFor('sr').t('editionDated', { identifier: 'urn:x', date: wordsFor('sr').date('2024-03-14') })).toBe('Издање urn:x, датум 14. март 2024.');
    expect(wordsFor('vi').t('editionDated', { identifier: 'urn:x', date: wordsFor('vi').date('2024-03-14') })).toBe('Ấn bản urn:x, ngày 14 tháng 3, 2024.');
  });

  it('takes the manuscript’s words over its table’s, and lists every word for the typefaces', () => {
    const words = wordsFor('de', { overrides: { credits: 'Bildnachweis', collectionOf: { one: '{n} Beitrag', other: '{n} Beiträge' } } });
    expect(words.t('credits')).toBe('Bildnachweis');
    expect(words.count('collectionOf', 3)).toBe('3 Beiträge');
    expect(words.t('colophon')).toBe('Impressum');
    expect(wordsFor('de').t('credits')).toBe('Quellen und Nachweise');
    const text = wordsText(wordsFor('ja'));
    for (const char of 'ページ出典奥付') expect(text).toContain(char);
    expect(text).not.toMatch(/\{[A-Za-z]+\}/);
  });
});

describe('sentences set one after another (joinSentences)', () => {
  it('get a word space between them, none after a full-width stop, which carries its own', () => {
    expect(joinSentences(['Set in Literata.', 'Copyright 2017.', 'Licensed.'])).toBe('Set in Literata. Copyright 2017. Licensed.');
    expect(joinSentences(['本文書体：Literata。', 'Copyright 2017.', 'ライセンス：OFL。', '版'])).toBe('本文書体：Literata。Copyright 2017. ライセンス：OFL。版');
    expect(joinSentences(['由 galley 制作！', '<span>版本</span>'])).toBe('由 galley 制作！<span>版本</span>');
  });

  it("read a part's text through its markup, and leave empty parts out", () => {
    expect(joinSentences(['<a href="x">内文字体。</a>', 'Copyright'])).toBe('<a href="x">内文字体。</a>Copyright');
    expect(joinSentences(['One.', '', '<span></span>', 'Two.'])).toBe('One. Two.');
  });
});
