/**
 * A collection's faces: one set for the whole edition, which must draw what
 * every article prints as that article alone would. The fixture binds a note
 * with code and a note in Hebrew under an English collection; it is built by
 * the CLI and both editions are read back (pdffonts/pdftotext, the unzipped
 * e-book, EPUBCheck).
 */
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, epubcheck, normalize, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfText, run } from './pdf-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-faces');

let out: string;
let pdf: string;
let epub: string;
let zip: JSZip;

beforeAll(() => {
  out = tempDir('galley-collection-faces-');
  const result = runCli(['build', FIXTURE, '--out', out]);
  expect(result.status, result.stderr).toBe(0);
  pdf = path.join(out, 'collection-faces.pdf');
  epub = path.join(out, 'collection-faces.epub');
}, 180_000);

beforeAll(async () => {
  zip = await openEpub(epub);
});

/** The base names of the fonts a PDF's pages embed (pdffonts), without the subset tag; `page` for one page only. */
function embeddedFaces(file: string, page?: number): string[] {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return run('pdffonts', [...range, file])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
}

/** The PDF page (from 1) whose text holds `words`. */
function pageWith(file: string, words: string): number {
  const index = pdfText(file).split('\f').findIndex((page) => normalize(page).includes(words));
  expect(index, `no page of ${file} holds "${words}"`).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('a collection whose article has code', () => {
  it('sets the code in JetBrains Mono in the PDF, on the article\'s page, as the article alone does', () => {
    const page = pageWith(pdf, 'The new one calls');
    expect(embeddedFaces(pdf, page)).toContain('JetBrainsMono-Regular');
    // The article's own text stays in the text face.
    expect(embeddedFaces(pdf, page)).toContain('Literata-Regular');
  });

  it('ships JetBrains Mono in the e-book, declared in its style sheet', async () => {
    const fonts = Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/fonts/'));
    expect(fonts.filter((name) => /jetbrains-mono-latin-400-normal.*\.ttf$/.test(name))).toHaveLength(1);
    expect(fonts).toContain('OEBPS/fonts/JetBrains-Mono-LICENSE.txt');
    const css = (await Promise.all(Object.keys(zip.files).filter((name) => name.endsWith('.css')).map((name) => entryText(zip, name)))).join('\n');
    expect(css).toMatch(/@font-face \{ font-family: "JetBrains Mono"; font-weight: 400; font-style: normal;/);
  });

  it('names JetBrains Mono and the Hebrew face in the colophon of both editions', async () => {
    const colophon = normalize(await entryText(zip, 'OEBPS/colophon.xhtml'));
    expect(colophon).toContain('Code set in JetBrains Mono.');
    expect(colophon).toContain('Noto Serif Hebrew');
    const printed = normalize(pdfText(pdf));
    expect(printed).toContain('Code set in JetBrains Mono.');
    expect(printed).toContain('Noto Serif Hebrew');
  });

  it('passes EPUBCheck with no errors or warnings', () => {
    const result = epubcheck(epub);
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  }, 180_000);
});
