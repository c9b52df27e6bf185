/**
 * Urdu in Nastaliq: an Urdu article (scripts-ur) and an English one quoting
 * Urdu and Arabic side by side (scripts-ur-span), built with the real CLI.
 * Urdu was set in Amiri's Naskh, which reads to Urdu readers as Arabic; with
 * Noto Nastaliq Urdu, Chromium's PDF mapped most glyphs to no character
 * (pdf.js read NULs, poppler read letters apart), and the page list refused
 * the article. Read back: pdffonts, poppler's and pdf.js's text, the line
 * pitch in print and on a phone, the e-book's fonts and EPUBCheck, and the
 * cover's faces (its drawing cannot shape Nastaliq: Amiri there).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverFonts } from '../src/typefaces.js';
import { epubcheckAsync, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfFonts, pdfLines, pdfText, screenFonts, useBrowserAndTempDir } from './pdf-helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const CASES = ['scripts-ur', 'scripts-ur-span'] as const;
type Case = (typeof CASES)[number];

const HEADLINE = 'لاہور میں نئی میٹرو لائن کا افتتاح';

/** pdf.js's text of every page, its pieces joined. */
async function pdfjsText(file: string): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await getDocument({ data: new Uint8Array(readFileSync(file)), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  let text = '';
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : ' ');
  }
  await document.destroy();
  return text;
}

describe('Urdu set in Nastaliq in both editions, its text readable', () => {
  const out = tempDir('galley-nastaliq-');
  const screen = useBrowserAndTempDir('galley-nastaliq-screen-');
  let built: SpawnSyncReturns<string>;
  const pdf = (name: Case): string => path.join(out, `${name}.pdf`);
  const zips = new Map<Case, JSZip>();

  beforeAll(async () => {
    built = runCli(['build', ...CASES.map(good), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) for (const name of CASES) zips.set(name, await openEpub(path.join(out, `${name}.epub`)));
  }, 300_000);

  it('builds both editions of both (the page list found the Urdu pages)', () => {
    expect(built.status, built.stderr).toBe(0);
    const lines = `${built.stdout}\n${built.stderr}`.split('\n');
    for (const name of CASES) expect(lines.filter((line) => line.includes(`${name}.pdf`) || line.includes(`${name}.epub`)).map((line) => line[0]), name).toEqual(['✓', '✓']);
  });

  it('prints Urdu in Noto Nastaliq Urdu, Arabic beside it in Amiri', () => {
    const families = (name: Case): string[] => [...new Set(pdfFonts(pdf(name)).map((font) => font.name.replace(/^[A-Z]{6}\+/, '').replace(/-(Regular|Bold|Italic|BoldItalic)$/, '')))].sort();
    expect(families('scripts-ur')).toEqual(['Literata', 'NotoNastaliqUrdu']);
    expect(families('scripts-ur-span')).toEqual(['Amiri', 'Literata', 'NotoNastaliqUrdu']);
    for (const name of CASES) for (const font of pdfFonts(pdf(name))) expect(font.embedded, `${name} ${font.name}`).toBe(true);
  });

  it("reads the print's Urdu whole, in poppler and in pdf.js: no NULs, no letters apart", async () => {
    const poppler = pdfText(pdf('scripts-ur'));
    for (const words of [HEADLINE, 'ایک فرضی خبر', 'یہ خبر فرضی ہے', 'لائن کی لمبائی', 'نئی لائن کی خصوصیات', 'معذور افراد کے لیے لفٹیں', 'عائشہ صدیقی']) {
      expect(poppler).toContain(words);
    }
    const span = pdfText(pdf('scripts-ur-span'));
    for (const words of ['لاہور میں نئی میٹرو لائن', 'مرحبا بكم في لاهور', 'پچیس منٹ لگیں گے']) expect(span).toContain(words);
    for (const name of CASES) {
      const pdfjs = await pdfjsText(pdf(name));
      const text = `${pdfText(pdf(name))}${pdfjs}`;
      expect(text, name).not.toMatch(/[\0\u2060]/);
      // pdf.js gives each right-to-left line's words in the order they are drawn: each word whole.
      const words = new Set(pdfjs.split(/\s+/));
      for (const word of (name === 'scripts-ur' ? HEADLINE : 'لاہور میں نئی میٹرو لائن پچیس').split(' ')) expect(words, `${name} ${word}`).toContain(word);
    }
  });

  it('leaves a finished print as it is: its fonts mended once', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const { mendUnmappedWords } = await import('../src/pdf/unmapped-words.js');
    for (const name of CASES) expect(mendUnmappedWords(await PDFDocument.load(readFileSync(pdf(name)))), name).toBe(0);
  });

  it('gives Nastaliq lines room: 2.3 times the type size apart in print', () => {
    // The text lines of page 1 below the headline and dek (type 11 pt; Amiri's and Literata's were 15.6 pt apart).
    const [first] = pdfLines(pdf('scripts-ur'));
    const tops = [...new Set(first!.lines.filter((line) => line.height > 20 && line.height < 40).map((line) => line.top))].slice(2);
    expect(tops.length).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < tops.length; i++) expect(tops[i]! - tops[i - 1]!).toBeGreaterThan(11 * 2.2);
  });

  it('ships Nastaliq in the e-book, cut to the characters used, and uses it for Urdu and nothing else; EPUBCheck is clean', async () => {
    const fonts = (name: Case): string[] => Object.keys(zips.get(name)!.files).filter((file) => file.startsWith('OEBPS/fonts/') && file.endsWith('.ttf'));
    expect(fonts('scripts-ur').some((file) => file.includes('noto-nastaliq-urdu-arabic-400'))).toBe(true);
    expect(fonts('scripts-ur').some((file) => file.includes('amiri'))).toBe(false);
    expect(fonts('scripts-ur-span').some((file) => file.includes('amiri'))).toBe(true);
    const dir = tempDir('galley-nastaliq-epub-');
    for (const name of CASES) await unzipTo(zips.get(name)!, path.join(dir, name));
    const article = await screenFonts(screen.browser, path.join(dir, 'scripts-ur', 'OEBPS', 'article.xhtml'), ['p']);
    // Its spaces are Literata's.
    expect(Object.keys(article['p']!).sort()).toEqual(['Literata', 'Noto Nastaliq Urdu']);
    const spans = await screenFonts(screen.browser, path.join(dir, 'scripts-ur-span', 'OEBPS', 'article.xhtml'), ['span[lang="ur"]', 'span[lang="ar"]']);
    expect(Object.keys(spans['span[lang="ur"]']!).sort()).toEqual(['Literata', 'Noto Nastaliq Urdu']);
    expect(Object.keys(spans['span[lang="ar"]']!).sort()).toEqual(['Amiri', 'Literata']);
    for (const name of CASES) {
      const check = await epubcheckAsync(path.join(out, `${name}.epub`));
      expect(check.errors + check.fatals, check.output).toBe(0);
    }
  }, 240_000);

  it('gives Nastaliq lines room on a phone (360 px): 2.3 times the type size, in an Urdu article and an Urdu quotation', async () => {
    const dir = tempDir('galley-nastaliq-phone-');
    for (const name of CASES) await unzipTo(zips.get(name)!, path.join(dir, name));
    const page = await screen.browser.newPage();
    try {
      await page.setViewport({ width: 360, height: 640 });
      const ratio = async (name: Case, selector: string): Promise<number> => {
        await page.goto(`file://${path.join(dir, name, 'OEBPS', 'article.xhtml')}`);
        return page.$eval(selector, (element) => {
          const style = getComputedStyle(element);
          return parseFloat(style.lineHeight) / parseFloat(style.fontSize);
        });
      };
      expect(await ratio('scripts-ur', 'p')).toBeGreaterThanOrEqual(2.3);
      expect(await ratio('scripts-ur-span', 'span[lang="ur"]')).toBeGreaterThanOrEqual(2.3);
      expect(await ratio('scripts-ur-span', 'p')).toBeLessThan(1.6);
    } finally {
      await page.close();
    }
  });

  it("draws the cover's Urdu in Amiri: the cover's drawing (satori) cannot shape Nastaliq", async () => {
    const names = (await coverFonts(HEADLINE, 'ur')).map((font) => font.name);
    expect(names.some((name) => name.startsWith('Amiri'))).toBe(true);
    expect(names.some((name) => name.includes('Nastaliq'))).toBe(false);
  });
});
