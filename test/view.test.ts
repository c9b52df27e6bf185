/**
 * src/view.ts: how dates, names, captions, credits and sizes read in every
 * edition. A real manuscript with one picture of each kind goes through the
 * reader; what the view makes of it is compared with its source.
 */
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import type { ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { defaultTemplatesDir } from '../src/templates.js';
import {
  coverPictureView,
  documentView,
  editionDate,
  editionDateSource,
  formatDate,
  formatSize,
  isoSeconds,
  joinNames,
  nameListParts,
  pictureKindLabels,
  shortCaption,
  shortCaptionContent,
} from '../src/view.js';
import { wordsFor } from '../src/words.js';
import { coverCredits } from '../src/cover.js';
import { repoRoot, tempDir } from './helpers.js';

let doc: GalleyDocument;
beforeAll(async () => {
  doc = (await loadManuscript(path.join(repoRoot, 'test/fixtures/good/credits'))).document;
});

describe('formatDate and joinNames', () => {
  it("write a calendar day and a list of names in the article's language, in no time zone", () => {
    expect(formatDate('2017-02-16', 'en')).toBe('February 16, 2017');
    expect(formatDate('2017-02-16', 'pl')).toBe('16 lutego 2017');
    expect(formatDate('2017-01-01', 'en')).toBe('January 1, 2017');
    expect(formatDate('2016-12-31', 'de')).toBe('31. Dezember 2016');
    expect(joinNames([], 'en')).toBe('');
    expect(joinNames(['Ann Smith'], 'en')).toBe('Ann Smith');
    expect(joinNames(['Ann Smith', 'Bo Li'], 'en')).toBe('Ann Smith and Bo Li');
    expect(joinNames(['Ann', 'Bo', 'Cy'], 'en')).toBe('Ann, Bo, and Cy');
    // A one-letter "and" keeps to the next name, as one-letter words do in the text: never "Anna i / Jan".
    expect(joinNames(['Anna', 'Jan'], 'pl')).toBe('Anna i\u00a0Jan');
  });

  it('bind a one-letter "and" to the name after it, in the languages that bind one-letter words', () => {
    expect(joinNames(['Анна Пример', 'Иван Образцов'], 'ru')).toBe('Анна Пример и\u00a0Иван Образцов');
    expect(joinNames(['А', 'Б', 'В'], 'ru')).toBe('А, Б и\u00a0В');
    expect(joinNames(['Олена', 'Іван'], 'uk')).toBe('Олена і\u00a0Іван');
    expect(joinNames(['Јована', 'Марко'], 'sr')).toBe('Јована и\u00a0Марко');
    expect(joinNames(['Jovana', 'Marko'], 'sr-Latn')).toBe('Jovana i\u00a0Marko');
    expect(joinNames(['Eva', 'Jan'], 'cs')).toBe('Eva a\u00a0Jan');
    expect(nameListParts(['Анна', 'Иван'], 'ru')).toEqual([{ name: 'Анна' }, { joiner: ' и\u00a0' }, { name: 'Иван' }]);
    // Longer words, and languages that do not bind them, break as before.
    expect(joinNames(['Ann', 'Bo'], 'en')).toBe('Ann and Bo');
    expect(joinNames(['Anna', 'Hans'], 'de')).toBe('Anna und Hans');
  });

  it("date in the language's own calendar, the colophon's words (wordsFor().date) in the same one as the title block", () => {
    // Thai dates in the Buddhist Era: 2017 is 2560.
    expect(formatDate('2017-02-16', 'th')).toBe('16 กุมภาพันธ์ 2560');
    expect(wordsFor('th').date('2017-02-16')).toMatch(/2560/);
    // Where the words are another language's (a language without a table), the date is still the article's: its language and calendar, as the title block's.
    expect(wordsFor('fa').date('2017-02-16')).toBe(formatDate('2017-02-16', 'fa'));
    expect(formatDate('2017-02-16', 'fa')).toMatch(/۱۳۹۵/);
    // A program's tag that asks for a calendar gets it in both (the front matter takes plain tags only).
    expect(formatDate('2017-02-16', 'th-u-ca-gregory')).toBe('16 กุมภาพันธ์ 2017');
    expect(wordsFor('th-u-ca-gregory').date('2017-02-16')).toMatch(/2017/);
    expect(wordsFor('en').date('2017-02-16')).toBe('February 16, 2017');
  });
});

describe('shortCaption', () => {
  it('keeps a caption that fits, and cuts a long one at a late clause, else at a word', () => {
    expect(shortCaption('Short.', 200)).toBe('Short.');
    const clause = `${'a'.repeat(120)}, ${'b'.repeat(100)}`;
    expect(shortCaption(clause, 200)).toBe(`${'a'.repeat(120)}…`);
    // A clause too early (before half the room) is not used: the cut falls at the last word.
    const early = `${'a'.repeat(20)}, ${'word '.repeat(60)}`;
    const cut = shortCaption(early, 200);
    expect(cut.endsWith('word…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut.length).toBeGreaterThan(190);
    // Trailing punctuation before the cut goes.
    expect(shortCaption(`${'a'.repeat(20)}, ${'word: '.repeat(60)}`, 200)).toMatch(/ word…$/);
    expect(shortCaption(`${'x'.repeat(150)}; ${'y'.repeat(80)}`, 200)).toBe(`${'x'.repeat(150)}…`);
  });

  it('cuts the formatted caption at the same place, keeping its formatting', () => {
    const content: ElementContent[] = [
      { type: 'text', value: 'The harbour ' },
      { type: 'element', tagName: 'em', properties: {}, children: [{ type: 'text', value: 'at dawn, '.repeat(20) }] },
      { type: 'text', value: 'and more words that will not fit.' },
    ];
    const text = `The harbour ${'at dawn, '.repeat(20)}and more words that will not fit.`;
    const short = shortCaptionContent(content, 100);
    expect(toHtml({ type: 'root', children: short }).replace(/<[^>]+>/g, '')).toBe(shortCaption(text, 100));
    expect(toHtml({ type: 'root', children: short })).toMatch(/^The harbour <em>(at dawn, )+at dawn<\/em>…$/);
    expect(shortCaptionContent(content, 1000)).toBe(content);
  });
});

describe('documentView', () => {
  it("joins the byline in the manuscript's language when it gives its own `by`, and with its own `and` when it gives one", () => {
    const authors = ['Nguyễn Thị Hường', 'Trần Quốc Vượng', 'Lê Văn An'];
    const vietnamese = (words?: Record<string, string>) => ({ ...doc, metadata: { ...doc.metadata, language: 'vi', authors, words } });
    // Vietnamese has a table: its "Bài:" byline joins the names in Vietnamese (CLDR's "và"), in every edition and on the cover.
    expect(documentView(vietnamese(), (id) => id).byline).toBe('Nguyễn Thị Hường, Trần Quốc Vượng và Lê Văn An');
    expect(coverCredits(vietnamese()).byline).toBe('Nguyễn Thị Hường, Trần Quốc Vượng và Lê Văn An');
    const swahiliNames = ['Amina Juma', 'Baraka Mwita', 'Neema Otieno'];
    const swahili = (words?: Record<string, string>) => ({ ...doc, metadata: { ...doc.metadata, language: 'sw', authors: swahiliNames, words } });
    // No table for Swahili: its words are English, and so is the "and" after their "By".
    expect(documentView(swahili(), (id) => id).byline).toBe('Amina Juma, Baraka Mwita, and Neema Otieno');
    // Its own "By", in Swahili: the names are joined in Swahili too (CLDR's "na").
    const own = swahili({ by: 'Na {names}' });
    expect(documentView(own, (id) => id).byline).toBe('Amina Juma, Baraka Mwita na Neema Otieno');
    expect(coverCredits(own).byline).toBe('Amina Juma, Baraka Mwita na Neema Otieno');
    // Its own "and", whatever the language: in the byline, its parts, the lists of agencies, and the cover.
    const and = { ...doc, metadata: { ...doc.metadata, authors, words: { by: 'Por {names}', and: 'y' }, source: { ...doc.metadata.source, wire: ['EFE', 'AFP'] } } };
    const view = documentView(and, (id) => id);
    expect(view.byline).toBe('Nguyễn Thị Hường, Trần Quốc Vượng y Lê Văn An');
    expect(view.bylineParts.filter((part) => 'joiner' in part)).toEqual([{ joiner: ', ' }, { joiner: ' y ' }]);
    expect(view.source.wireList).toBe('EFE y AFP');
    expect(coverCredits(and).byline).toBe('Nguyễn Thị Hường, Trần Quốc Vượng y Lê Văn An');
    // Spaced as the language's own joiner is: none in Chinese.
    expect(joinNames(['张伟', '王芳'], 'zh', '与')).toBe('张伟与王芳');
    expect(joinNames(['Анна', 'Иван'], 'ru', 'и')).toBe('Анна и\u00a0Иван');
  });

  it('reads the metadata as the title page shows it', () => {
    const view = documentView(doc, (id) => `#${id}`);
    expect(view).toMatchObject({
      title: 'What the pictures are',
      subtitle: 'A photo, a graphic, a map, an illustration and a chart, each credited as what it is.',
      byline: 'Ann Example',
      date: 'September 12, 2022',
      isoDate: '2022-09-12',
      language: 'en',
      publisher: 'Example Press',
    });
  });

  it("labels each credit by its own label, else by its picture's kind, and links it to its figure", () => {
    const view = documentView(doc, (id) => `article.xhtml#${id}`, { figurePages: new Map([['figure-2', 7]]) });
    expect(view.credits.map((credit) => credit.label)).toEqual(['Photo', 'Graphic', 'Map', 'Illustration', 'CHART', 'Map']);
    expect(view.credits.map((credit) => credit.href)).toEqual(doc.credits.map((credit) => `article.xhtml#${credit.figureId}`));
    expect(view.credits.map((credit) => credit.page)).toEqual([undefined, 7, undefined, undefined, undefined, undefined]);
    expect(view.credits[0]!.shortCaptionHtml).toContain('<em>at dawn</em>');
    expect(view.credits[0]!.shortCaption).toBe(shortCaption(doc.credits[0]!.caption));
    // The writer's own serialiser is used for the caption's markup.
    const marked = documentView(doc, (id) => id, { markup: (content) => `[${content.length}]` });
    expect(marked.credits[0]!.shortCaptionHtml).toMatch(/^\[\d+\]$/);
  });

  it("takes the labels from the words of the templates folder it is given", () => {
    const dir = tempDir('galley-view-');
    cpSync(defaultTemplatesDir, dir, { recursive: true });
    const english = JSON.parse(readFileSync(path.join(dir, 'words', 'en.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'words', 'en.json'), JSON.stringify({ ...english, photo: 'Fot.', map: 'Mapa', illustration: 'Ilustracja', chart: 'Wykres' }));
    const words = wordsFor('en', { templatesDir: dir });
    expect(pictureKindLabels(words).map).toBe('Mapa');
    expect(documentView(doc, (id) => id, { templatesDir: dir }).credits.map((credit) => credit.label)).toEqual(['Fot.', 'Graphic', 'Mapa', 'Ilustracja', 'CHART', 'Map']);
    expect(coverPictureView({ line: 'A/B', alt: 'x' } as never, words).label).toBe('Fot.');
    expect(coverPictureView({ label: 'Map', line: 'A/B', alt: 'x' } as never, words)).toEqual({ label: 'Map', line: 'A/B', alt: 'x' });
    // The article's language picks its own table; its front matter's words go over it.
    const polish = { ...doc, metadata: { ...doc.metadata, language: 'pl', words: { photo: 'Zdjęcie' } } };
    expect(documentView(polish, (id) => id).credits.map((credit) => credit.label)).toEqual(['Zdjęcie', 'Graphic', 'Mapa', 'Ilustracja', 'CHART', 'Map']);
  });

  it('joins the wire services and sources quoted, and breaks the source URL', () => {
    const source = { ...doc.metadata.source, wire: ['Reuters', 'AP'], cited: ['TASS'], url: 'https://example.com/a/very/long/path' };
    const view = documentView({ ...doc, metadata: { ...doc.metadata, source } }, (id) => id);
    expect(view.source.wireList).toBe('Reuters and AP');
    expect(view.source.citedList).toBe('TASS');
    expect(view.source.urlHtml).toMatch(/<wbr\s*\/?>/);
    expect(view.source.urlHtml!.replace(/<wbr\s*\/?>/g, '')).toBe('https://example.com/a/very/long/path');
    expect(documentView({ ...doc, metadata: { ...doc.metadata, source: { ...source, url: undefined } } }, (id) => id).source.urlHtml).toBeUndefined();
  });
});

describe('editionDate', () => {
  it("is SOURCE_DATE_EPOCH when it is a number of seconds, else the article's date at noon UTC", () => {
    expect(isoSeconds(editionDate(doc, {}))).toBe('2022-09-12T12:00:00Z');
    expect(editionDateSource({})).toBe('article');
    expect(isoSeconds(editionDate(doc, { SOURCE_DATE_EPOCH: '1487203200' }))).toBe('2017-02-16T00:00:00Z');
    expect(isoSeconds(editionDate(doc, { SOURCE_DATE_EPOCH: ' 1487203200\n' }))).toBe('2017-02-16T00:00:00Z');
    expect(editionDateSource({ SOURCE_DATE_EPOCH: '1487203200' })).toBe('SOURCE_DATE_EPOCH');
    for (const bad of ['', 'yesterday', '-5', '1.5']) {
      expect(isoSeconds(editionDate(doc, { SOURCE_DATE_EPOCH: bad }))).toBe('2022-09-12T12:00:00Z');
      expect(editionDateSource({ SOURCE_DATE_EPOCH: bad })).toBe('article');
    }
    expect(isoSeconds(new Date('2017-02-16T10:20:30.456Z'))).toBe('2017-02-16T10:20:30Z');
  });
});

describe('formatSize', () => {
  it('reads bytes, kilobytes and megabytes in the words and digits of the language', () => {
    expect(formatSize(850)).toBe('850 bytes');
    expect(formatSize(1023)).toBe('1,023 bytes');
    expect(formatSize(1024)).toBe('1 KB');
    expect(formatSize(456_704)).toBe('446 KB');
    expect(formatSize(1024 * 1024 - 1)).toBe('1,024 KB');
    expect(formatSize(1024 * 1024)).toBe('1 MB');
    expect(formatSize(1.25 * 1024 * 1024)).toBe('1.3 MB');
    expect(formatSize(1, wordsFor('en'))).toBe('1 byte');
    const polish = wordsFor('pl');
    expect(formatSize(1.25 * 1024 * 1024, polish)).toBe('1,3 MB');
    expect(formatSize(1, polish)).toBe('1 bajt');
    expect(formatSize(3, polish)).toBe('3 bajty');
    expect(formatSize(12, polish)).toBe('12 bajtów');
    expect(formatSize(22, polish)).toBe('22 bajty');
    expect(formatSize(2048, wordsFor('de'))).toBe('2 KB');
    expect(formatSize(1023, wordsFor('de'))).toBe('1.023 Byte');
    expect(formatSize(5, wordsFor('ru'))).toBe('5 байт');
    expect(formatSize(2, wordsFor('ru'))).toBe('2 байта');
    expect(formatSize(1023, wordsFor('fr'))).toBe('1\u00a0023 octets');
  });
});
