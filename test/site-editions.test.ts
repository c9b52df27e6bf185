/**
 * The download page speaks only of the editions it offers (templates/site/index.html.ejs, the words
 * `siteTitleEpub`, `siteIntroPdf`… of templates/words/): after `npm run build:epub` then `npm run site`
 * it held EPUBs alone under "EPUB and PDF editions … the PDF for print". Built with the real CLI, one
 * kind of edition at a time, in English, German, Japanese and French, and read back from the page's
 * title, description, heading and introduction, and from all of its text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wordsFor } from '../src/words.js';
import { normalize, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';

const good = path.join(repoRoot, 'test', 'fixtures', 'good');

interface Case {
  fixture: string;
  language: string;
  kind: 'epub' | 'pdf';
  /** Words of the other kind of edition, which the page must not say anywhere. */
  never: RegExp;
}

const CASES: Case[] = [
  { fixture: 'section-breaks', language: 'en', kind: 'epub', never: /\bPDF\b|\bprint/i },
  { fixture: 'words-de', language: 'de', kind: 'epub', never: /PDF|Druck/i },
  { fixture: 'words-ja', language: 'ja', kind: 'epub', never: /PDF|印刷/ },
  { fixture: 'section-breaks', language: 'en', kind: 'pdf', never: /EPUB|e-book|e-reader|reading app/i },
  { fixture: 'words-fr', language: 'fr', kind: 'pdf', never: /EPUB|numérique|liseuse/i },
];

/** The page's visible text and what it says to a browser and a search engine (title, description). */
function said(html: string): string {
  const description = /<meta name="description" content="([^"]*)"/.exec(html)?.[1] ?? '';
  return normalize(`${html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ')} ${description}`);
}

describe('a download page of one kind of edition', () => {
  it.each(CASES)('$language, $kind only: says that kind’s words and none of the other’s', (c) => {
    const out = tempDir('galley-site-editions-');
    const env = { GALLEY_CACHE_DIR: tempDir() };
    const manuscript = path.join(good, c.fixture);
    const built = runCli([c.kind, manuscript, '-o', out, '--quiet', ...(c.kind === 'epub' ? ['--no-page-list'] : [])], env);
    expect(built.status, built.stderr).toBe(0);
    const site = runCli(['site', manuscript, '-o', out, '--quiet'], env);
    expect(site.status, site.stderr).toBe(0);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const page = parseHtml(html);
    const words = wordsFor(c.language);
    const only = c.kind === 'epub' ? 'Epub' : 'Pdf';
    const headline = texts(page, 'h2.entry-title')[0]!;
    expect(texts(page, 'title')).toEqual([normalize(words.t(`siteTitleOne${only}`, { title: headline }))]);
    expect(/<meta name="description" content="([^"]*)"/.exec(html)?.[1]).toBe(words.escape(words.t(`siteDescription${only}`)));
    expect(texts(page, 'h1')).toEqual([normalize(words.t(`siteHeading${only}`))]);
    expect(texts(page, '.intro')).toEqual([normalize(words.t(`siteIntro${only}`, { ereaders: words.t('ereaders') }))]);
    // One download, of the kind built, and nothing anywhere on the page about the other kind.
    expect(texts(page, '.download-label')).toEqual([normalize(words.t(c.kind === 'epub' ? 'ebook' : 'printEdition'))]);
    expect(said(html)).not.toMatch(c.never);
  }, 240_000);

  it('names both kinds when both are on it, in one language as in another', () => {
    const out = tempDir('galley-site-editions-');
    const env = { GALLEY_CACHE_DIR: tempDir() };
    const manuscript = path.join(good, 'words-de');
    expect(runCli(['build', manuscript, '-o', out, '--quiet', '--no-page-list'], env).status).toBe(0);
    const page = parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8'));
    const words = wordsFor('de');
    expect(texts(page, 'h1')).toEqual([normalize(words.t('siteHeading'))]);
    expect(texts(page, '.intro')).toEqual([normalize(words.t('siteIntro', { ereaders: words.t('ereaders') }))]);
    expect(texts(page, '.download-label')).toEqual([normalize(words.t('printEdition')), normalize(words.t('ebook'))]);
  }, 240_000);
});
