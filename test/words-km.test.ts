/**
 * galley's own words in Khmer, in part (templates/words/km.json): the
 * navigation, the byline, the notes' heading, the figures' and credits'
 * labels, the running foot and the download buttons are Khmer; the words
 * the table does not give (the credits' headings and sentences, the
 * colophon, the page list) are said in English, each marked lang="en"
 * dir="ltr", and the article's own words among them (a date, a
 * publication) marked Khmer. Built from test/fixtures/good/words-km to
 * both editions with the real CLI. Before this table every word was
 * English.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, epubcheckAsync, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';

const NAME = 'words-km';
const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', NAME);
type Word = string | Record<string, string>;
const table = (name: string): Record<string, Word> => JSON.parse(readFileSync(path.join(repoRoot, 'templates', 'words', `${name}.json`), 'utf8')) as Record<string, Word>;
const khmer = table('km');
const english = table('en');
const say = (key: string, fill: Record<string, string | number> = {}): string =>
  String(khmer[key] ?? english[key]).replace(/\{([A-Za-z]+)\}/g, (_, name: string) => String(fill[name]));
const DATE = new Intl.DateTimeFormat('km', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 2, 14)));

/** The `lang` in force where the text `needle` first stands in the page's body (the nearest among it and its ancestors). */
function languageAt(tree: Root, needle: string): string | undefined {
  const walk = (node: Root | Element, lang: string | undefined): string | undefined | null => {
    for (const child of node.children) {
      if (child.type === 'text' && child.value.includes(needle)) return lang;
      if (child.type === 'element' && child.tagName !== 'title') {
        const found = walk(child, typeof child.properties.lang === 'string' ? child.properties.lang : lang);
        if (found !== null) return found;
      }
    }
    return null;
  };
  return walk(tree, undefined) ?? undefined;
}

describe('galley’s words in Khmer, in part', () => {
  const out = tempDir('galley-words-km-');
  let built: SpawnSyncReturns<string>;
  let zip: JSZip;
  let pdf: string;
  const page = async (name: string): Promise<Root> => parseHtml(await entryText(zip, `OEBPS/${name}.xhtml`));

  beforeAll(async () => {
    built = runCli(['build', fixture, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status !== 0) return;
    zip = await openEpub(path.join(out, `${NAME}.epub`));
    pdf = spawnSync('pdftotext', [path.join(out, `${NAME}.pdf`), '-'], { encoding: 'utf8' }).stdout;
  }, 300_000);

  it('builds, warning of nothing (no "galley has no words", no hyphenation patterns missing: Khmer breaks between words without a hyphen)', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr.split('\n').filter((line) => /warning|error/.test(line))).toEqual([]);
  });

  it('says the e-book’s navigation, byline, notes and labels in Khmer', async () => {
    const nav = await page('toc');
    expect(texts(nav, '#toc-heading')).toEqual([say('contents')]);
    expect(texts(nav, 'nav#toc > ol > li > a')[0]).toBe(say('titlepage'));
    const names = new Intl.ListFormat('km', { style: 'long', type: 'conjunction' }).format(['សុខ ចាន់ថា', 'ម៉ៅ សុភា']);
    // (CLDR's Khmer "and" is followed by a zero-width space, a place to break, as Khmer writes without spaces.)
    expect(texts(await page('titlepage'), '.byline')).toEqual([normalize(say('by', { names }))]);
    expect(texts(await page('article'), '.notes-heading')).toEqual([say('notes')]);
    expect(await entryText(zip, 'OEBPS/article.xhtml')).toContain(`aria-label="${say('table', { n: 1 })}"`);
    const credits = await page('credits');
    expect(texts(credits, '.credit-figure')).toEqual([say('figure', { n: 1 }), say('figure', { n: 2 })]);
    expect(texts(credits, '.credit-list .credit-line')[1]).toBe(normalize(say('creditLine', { label: say('map'), line: 'គឹម សុខា/ផែនទីប្រឌិត' })));
    expect(texts(credits, 'h3').at(-1)).toBe(say('rights'));
  });

  it('marks each English word of galley’s English, and the article’s own words among them Khmer', async () => {
    const cases: Array<[string, string, string]> = [
      ['toc', 'Sources and credits', 'en'],
      ['toc', 'Colophon', 'en'],
      ['toc', 'Pages of the print edition', 'en'],
      ['toc', say('contents'), 'km'],
      ['credits', 'Sources and credits', 'en'],
      ['credits', 'Original publication', 'en'],
      ['credits', 'First published in', 'en'],
      ['credits', 'កាសែតប្រឌិត', 'km'],
      ['credits', 'ទីភ្នាក់ងារព័ត៌មានប្រឌិត', 'km'],
      ['credits', say('pictures'), 'km'],
      ['colophon', 'Colophon', 'en'],
      ['colophon', 'Set in Literata', 'en'],
      ['colophon', DATE, 'km'],
      ['titlepage', 'ម៉ៅ សុភា', 'km'],
    ];
    for (const [name, needle, lang] of cases) expect(languageAt(await page(name), needle), `${name}: ${needle}`).toBe(lang);
  });

  it('prints Khmer where the table speaks, English only where it does not', () => {
    const squashed = pdf.replace(/[\s\u200b]+/g, '');
    for (const text of [say('runningFoot', { page: 1, pages: 2 }), say('notes'), say('figureOnPage', { figure: say('figure', { n: 2 }), page: 1 }), say('creditLine', { label: say('photo'), line: '' }), say('rights'), 'ដោយ']) {
      expect(squashed, text).toContain(text.replace(/\s+/g, ''));
    }
    // English words of the keys the table gives are nowhere; those it leaves to English are, by design.
    for (const word of ['By', 'Notes', 'Figure', 'Photo:', 'Map:', 'Rights', 'page 1 of 2']) expect(pdf, word).not.toMatch(new RegExp(`(?<!\\p{L})${word}(?!\\p{L})`, 'u'));
    for (const word of ['Sources and credits', 'Original publication', 'Set in Literata']) expect(pdf.replace(/\s+/g, ' ').toLowerCase(), word).toContain(word.toLowerCase());
  });

  it('passes EPUBCheck', async () => {
    const result = await epubcheckAsync(path.join(out, `${NAME}.epub`));
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  }, 200_000);
});
