/**
 * A one-word headline too long for a line (a German compound) breaks at the same syllables in the e-book,
 * on the download page, in the PDF and on the cover (src/hyphenation.ts, hyphenateHeadline), each at as
 * many of them as its line needs; and, marked as German in an English article, at German syllables in all
 * four. It broke three ways: "…fahrtselek-" in print, "…fahrtse-" in the e-book and on the page, and
 * "…elektriz-" on the cover, two of them by English patterns.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverInputOf, coverMarkup } from '../src/cover.js';
import { coverTree } from '../src/cover-layout.js';
import { elements } from '../src/cover-tree.js';
import { hyphenatorFor } from '../src/hyphenation.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const WORD = 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft';
const SHY = '\u00AD';

/** Where a text breaks the word: after how many of its letters, at each soft hyphen (or each hyphen a line ends with). */
function breaksIn(text: string, mark: string): number[] {
  const found: number[] = [];
  let at = 0;
  for (const piece of text.split(mark).slice(0, -1)) found.push((at += piece.length));
  return found;
}

/** The break points of the word by `language`'s patterns. */
function patternPoints(language: string): Set<number> {
  return new Set(breaksIn(hyphenatorFor(language)!(WORD, { hyphenChar: '|' }), '|'));
}

interface Editions {
  ebook: number[];
  titlepage: number[];
  page: number[];
  print: number[];
  cover: number[];
}

/** Builds `dir` with the CLI and reads where each edition may break the headline's word, and where print and cover do. */
async function editions(dir: string): Promise<Editions> {
  const out = tempDir('galley-headline-breaks-');
  const built = runCli(['build', dir, '-o', out, '--quiet'], { GALLEY_CACHE_DIR: tempDir() });
  expect(built.status, built.stderr).toBe(0);
  const slug = path.basename(dir);
  const zip = await openEpub(path.join(out, `${slug}.epub`));
  const headline = (markup: string, pattern: RegExp): string => pattern.exec(markup)![1]!.replace(/<[^>]*>/g, '');
  const article = headline(await entryText(zip, 'OEBPS/article.xhtml'), /<h1[^>]*>([\s\S]*?)<\/h1>/);
  const titlepage = headline(await entryText(zip, 'OEBPS/titlepage.xhtml'), /<h1[^>]*>([\s\S]*?)<\/h1>/);
  const page = headline(readFileSync(path.join(out, 'index.html'), 'utf8'), /<h2 class="entry-title"[^>]*>([\s\S]*?)<\/h2>/);
  for (const text of [article, titlepage, page]) expect(text.replaceAll(SHY, '')).toBe(WORD);
  // The print's headline: its lines down to the one the word ends on.
  const lines = pdfText(path.join(out, `${slug}.pdf`), true).split('\n').map((line) => line.trim()).filter(Boolean);
  const last = lines.findIndex((line) => line.endsWith('gesellschaft'));
  const printed = lines.slice(0, last + 1).join('\n');
  expect(printed.replace(/-\n/g, '')).toBe(WORD);
  // The cover's headline as it is drawn, laid out by the build's own code: a hyphen ends each of its lines but the last.
  const { document } = await loadManuscript(dir);
  const input = coverInputOf(document);
  const { tree } = await coverTree(coverMarkup(input), undefined, input.language);
  const drawn = String(elements(tree).find((node) => node.props['data-fit-field'] === 'title')!.props.children).replaceAll(SHY, '');
  expect(drawn.replaceAll('-', '')).toBe(WORD);
  return { ebook: breaksIn(article, SHY), titlepage: breaksIn(titlepage, SHY), page: breaksIn(page, SHY), print: breaksIn(printed, '-\n'), cover: breaksIn(drawn, '-') };
}

function expectAgreement(found: Editions): void {
  expect(found.ebook.length).toBeGreaterThan(1);
  expect(found.titlepage).toEqual(found.ebook);
  expect(found.page).toEqual(found.ebook);
  // Print and cover break where their lines need, and only at the e-book's points.
  expect(found.print.length).toBeGreaterThan(0);
  expect(found.cover.length).toBeGreaterThan(0);
  for (const point of [...found.print, ...found.cover]) expect(found.ebook, JSON.stringify(found)).toContain(point);
}

describe('a one-word headline too long for a line', () => {
  it('marked as German in an English article: breaks at German syllables, the same ones in all four', async () => {
    const found = await editions(path.join(repoRoot, 'test', 'fixtures', 'good', 'headline-compound'));
    expectAgreement(found);
    const german = patternPoints('de');
    for (const point of found.ebook) expect(german, JSON.stringify(found)).toContain(point);
    // "…schifffahrts-" / "elektrizitäten…", not the English patterns' "…schifffahrtse-" / "lektrizitäten…".
    expect(found.ebook).toContain('Donaudampfschifffahrts'.length);
    expect(found.print).toContain('Donaudampfschifffahrts'.length);
    expect(found.cover).toContain('Donaudampfschifffahrts'.length);
  }, 300_000);

  it('unmarked: breaks where the article’s language allows, at the same points in all four', async () => {
    const dir = path.join(tempDir(), 'compound-en');
    mkdirSync(dir, { recursive: true });
    const fixture = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'headline-compound', 'article.md'), 'utf8');
    writeFileSync(path.join(dir, 'article.md'), fixture.replace(/^title: .*$/m, `title: "${WORD}"`));
    const found = await editions(dir);
    expectAgreement(found);
    const english = patternPoints('en');
    for (const point of found.ebook) expect(english).toContain(point);
  }, 300_000);
});
