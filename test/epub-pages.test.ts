import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES, pageTitles } from '../src/epub/pages.js';
import { wordsFor } from '../src/words.js';
import { repoRoot } from './helpers.js';

const templates = path.join(repoRoot, 'templates');
let dir: string;

/** A templates folder of its own, with `words` over its English table. */
function templatesWith(name: string, words: Record<string, unknown>): string {
  const folder = path.join(dir, name);
  cpSync(templates, folder, { recursive: true });
  const english = JSON.parse(readFileSync(path.join(folder, 'words', 'en.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(folder, 'words', 'en.json'), JSON.stringify({ ...english, ...words }));
  return folder;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'galley-epub-pages-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pageTitles', () => {
  it('names the pages in the words of the language, and the article by its headline', () => {
    const json = JSON.parse(readFileSync(path.join(templates, 'words', 'en.json'), 'utf8')) as Record<string, string>;
    const titles = pageTitles(wordsFor('en'), 'Mattis: US not in a position');
    expect(titles.article).toBe('Mattis: US not in a position');
    for (const id of ['cover', 'titlepage', 'contents', 'credits', 'colophon'] as const) expect(titles[id]).toBe(json[id]);
    expect(pageTitles(wordsFor('de-CH'), 'Titel')).toMatchObject({ cover: 'Umschlag', credits: 'Quellen und Nachweise', colophon: 'Impressum', article: 'Titel' });
  });

  it('takes names from another templates folder, and a headline over an article name in it', () => {
    const folder = templatesWith('own', { cover: 'Okładka', titlepage: 'Strona tytułowa', contents: 'Spis treści', credits: 'Źródła', colophon: 'Metryka', article: 'Not this' });
    expect(pageTitles(wordsFor('en', { templatesDir: folder }), 'Nagłówek')).toMatchObject({ cover: 'Okładka', credits: 'Źródła', article: 'Nagłówek' });
  });

  it('names the file and the word when a needed word is missing or not a word', () => {
    const missing = templatesWith('missing', { credits: undefined });
    expect(() => pageTitles(wordsFor('en', { templatesDir: missing }), 'H')).toThrow(`${path.join(missing, 'words/en.json')}: no word "credits".`);
    const number = templatesWith('number', { colophon: 7 });
    expect(() => pageTitles(wordsFor('en', { templatesDir: number }), 'H')).toThrow(`${path.join(number, 'words/en.json')}: "colophon" must be a word`);
  });
});

describe('PAGES', () => {
  it('has each page once, with its own file and an existing template, in reading order', () => {
    expect(PAGES.map((page) => page.id)).toEqual(['cover', 'titlepage', 'article', 'credits', 'colophon']);
    expect(new Set(PAGES.map((page) => page.filename)).size).toBe(PAGES.length);
    for (const page of PAGES) expect(readFileSync(path.join(templates, page.template), 'utf8').length, page.template).toBeGreaterThan(0);
    expect(PAGES.filter((page) => page.excludeFromToc).map((page) => page.id)).toEqual(['cover']);
  });
});
