import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES, pageTitles } from '../src/epub/pages.js';
import { repoRoot } from './helpers.js';

const templates = path.join(repoRoot, 'templates');
let dir: string;

/** A templates folder of its own, with `titles` as its page-titles.json. */
function templatesWith(name: string, titles: Record<string, unknown>): string {
  const folder = path.join(dir, name);
  mkdirSync(path.join(folder, 'epub'), { recursive: true });
  writeFileSync(path.join(folder, 'epub', 'page-titles.json'), JSON.stringify(titles));
  return folder;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'galley-epub-pages-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pageTitles', () => {
  it('names the pages from the template, and the article by its headline', () => {
    const json = JSON.parse(readFileSync(path.join(templates, 'epub', 'page-titles.json'), 'utf8')) as Record<string, string>;
    const titles = pageTitles(templates, 'Mattis: US not in a position');
    expect(titles.article).toBe('Mattis: US not in a position');
    for (const id of ['cover', 'titlepage', 'contents', 'credits', 'colophon'] as const) expect(titles[id]).toBe(json[id]);
  });

  it('takes names from another templates folder, and a headline over an article name in it', () => {
    const folder = templatesWith('own', { cover: 'Okładka', titlepage: 'Strona tytułowa', contents: 'Spis treści', credits: 'Źródła', colophon: 'Metryka', article: 'Not this' });
    expect(pageTitles(folder, 'Nagłówek')).toMatchObject({ cover: 'Okładka', credits: 'Źródła', article: 'Nagłówek' });
  });

  it('names the file and the page when a needed name is missing or empty', () => {
    const missing = templatesWith('missing', { cover: 'Cover', titlepage: 'Title page', colophon: 'Colophon' });
    expect(() => pageTitles(missing, 'H')).toThrow(`${path.join(missing, 'epub/page-titles.json')}: "credits" needs the page's name.`);
    const empty = templatesWith('empty', { cover: '', titlepage: 'Title page', credits: 'Credits', colophon: 'Colophon' });
    expect(() => pageTitles(empty, 'H')).toThrow('"cover" needs the page\'s name.');
    const number = templatesWith('number', { cover: 'Cover', titlepage: 'Title page', credits: 'Credits', colophon: 7 });
    expect(() => pageTitles(number, 'H')).toThrow('"colophon" needs the page\'s name.');
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
