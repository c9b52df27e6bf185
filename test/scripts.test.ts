/**
 * Every script in shipped type, marked with its language: a multilingual
 * manuscript and a right-to-left one built to both editions with the real CLI,
 * read back with pdffonts, pdftotext, the fonts' own cmaps, EPUBCheck and Ace;
 * and the reader's warnings, with their positions.
 */
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { parseEntities } from 'parse-entities';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.js';
import { pageGeometry } from '../src/pdf/page.js';
import { parseUnicodeRange, typefacesFor } from '../src/typefaces.js';
import { ace, childrenCpuSeconds, entryText, epubcheck, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { languageElements, pdfFonts, pdfInfo, pdfText, pdfWordBoxes, run, type BoxedLine, type Tagged } from './pdf-helpers.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'good');

/** The text of every `:span[…]{lang=xx}` in a manuscript, emphasis marks dropped. */
function spans(file: string): Array<{ text: string; lang: string }> {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/:span\[([^\]]+)\]\{lang=([^}]+)\}/g)].map((match) => ({ text: match[1]!.replace(/\*/g, ''), lang: match[2]! }));
}

/** Words as pdftotext gives them: bidi controls dropped, split at white space and punctuation. */
function wordsOf(text: string): Set<string> {
  return new Set(
    text
      .replace(/\p{Cf}/gu, ' ')
      .split(/[\s.,:;!?"“”'’()·]+/u)
      .filter((word) => word !== ''),
  );
}

/** Each page of the PDF, its width and its lines (pdfWordBoxes): the body, the running head and the folio apart. */
function printedPages(file: string): Array<{ number: number; width: number; body: BoxedLine[]; head?: BoxedLine; folio?: BoxedLine }> {
  return pdfWordBoxes(file).map(({ width, height, lines }, index) => {
    // Furniture sits in the page margins: the running head above the text block, the folio below it.
    const head = lines.find((line) => line.bottom < 0.1 * height);
    const folio = lines.find((line) => line.top > 0.9 * height);
    return { number: index + 1, width, body: lines.filter((line) => line !== head && line !== folio), head, folio };
  });
}

interface Face {
  family: string;
  weight: number;
  style: string;
  file: string;
  ranges: Array<[number, number]>;
  font: fontkit.Font;
}

/** The e-book's @font-face rules, each with its font file opened. */
async function epubFaces(zip: JSZip, css: string): Promise<Face[]> {
  const faces: Face[] = [];
  for (const rule of css.match(/@font-face \{[^}]*\}/g) ?? []) {
    const family = /font-family: "([^"]+)"/.exec(rule)![1]!;
    const weight = Number(/font-weight: (\d+)/.exec(rule)![1]);
    const style = /font-style: (\w+)/.exec(rule)![1]!;
    const file = /url\("([^"]+)"\)/.exec(rule)![1]!;
    const range = /unicode-range: ([^;]+);/.exec(rule)?.[1];
    expect(range, `${family} ${weight} ${style} has a unicode-range`).toBeDefined();
    const bytes = await zip.file(`OEBPS/${file}`)!.async('nodebuffer');
    faces.push({ family, weight, style, file, ranges: parseUnicodeRange(range!), font: fontkit.create(bytes) });
  }
  return faces;
}

describe('a manuscript in eight languages and five scripts', () => {
  const manuscript = path.join(fixtures, 'multilingual');
  let out: string;
  let pdf: string;
  let epub: string;
  let zip: JSZip;
  let buildSeconds: number;

  beforeAll(async () => {
    out = tempDir();
    const started = { wall: Date.now(), cpu: childrenCpuSeconds() };
    const result = runCli(['build', manuscript, '--out', out], { GALLEY_CACHE_DIR: tempDir('galley-cache-') });
    buildSeconds = childrenCpuSeconds() - started.cpu;
    console.log(`multilingual, cold font cache: ${((Date.now() - started.wall) / 1000).toFixed(1)} s, ${buildSeconds.toFixed(1)} s of CPU (galley and the processes it waited for)`);
    expect(result.status, result.stderr).toBe(0);
    // Every foreign word is marked: the reader has nothing to warn about.
    expect(result.stderr).not.toMatch(/warning: .*(language mark|typeface)/);
    pdf = path.join(out, 'multilingual.pdf');
    epub = path.join(out, 'multilingual.epub');
    zip = await openEpub(epub);
  }, 240_000);

  it('embeds only the shipped faces in the PDF, none of them Type 3', () => {
    const fonts = pdfFonts(pdf);
    const names = fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    expect(fonts.every((font) => font.embedded)).toBe(true);
    expect(fonts.filter((font) => /Type 3/.test(font.type))).toEqual([]);
    for (const name of names) expect(name).toMatch(/^(Literata|Amiri|NotoSerifHebrew|NotoSerifSC|JetBrainsMono)/);
    for (const expected of ['Literata-Regular', 'Literata-Bold', 'Literata-Italic', 'Literata-BoldItalic', 'Amiri-Regular', 'NotoSerifHebrew-Regular']) {
      expect(names).toContain(expected);
    }
    expect(names.some((name) => /^NotoSerifSC/.test(name))).toBe(true);
  });

  it('gives every marked word back whole from the PDF', () => {
    const text = pdfText(pdf);
    const words = wordsOf(text);
    const marked = spans(path.join(manuscript, 'article.md'));
    expect(new Set(marked.map((span) => span.lang))).toEqual(new Set(['pl', 'cs', 'vi', 'el', 'ru', 'ar', 'he', 'zh']));
    for (const { text: phrase, lang } of marked) {
      if (lang === 'zh') {
        expect(text).toContain(phrase);
        continue;
      }
      for (const word of wordsOf(phrase)) expect(words, `${word} (${lang})`).toContain(word);
    }
  });

  it('gives the same PDF bytes for the same inputs', () => {
    const again = tempDir();
    const result = runCli(['pdf', manuscript, '--out', again, '--force'], { GALLEY_CACHE_DIR: tempDir('galley-cache-') });
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(path.join(again, 'multilingual.pdf')).equals(readFileSync(pdf))).toBe(true);
  }, 120_000);

  it('draws every character of the e-book with an embedded face, in all four styles, by the fonts’ own cmaps', async () => {
    const css = await entryText(zip, 'OEBPS/style.css');
    const faces = await epubFaces(zip, css);
    const pages = Object.keys(zip.files).filter((name) => /^OEBPS\/.*\.xhtml$/.test(name));
    let text = '';
    for (const page of pages) {
      const xhtml = await entryText(zip, page);
      // Entities decoded, not dropped: the writers' own furniture (a note's back-link arrow) is text a face must draw too.
      text += parseEntities(xhtml.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<[^>]+>/g, ' '));
    }
    const characters = [...new Set(text)].filter((char) => !/[\s\p{Cc}\p{Cf}]/u.test(char));
    expect(characters.length).toBeGreaterThan(150);
    const missing: string[] = [];
    for (const char of characters) {
      const code = char.codePointAt(0)!;
      for (const weight of [400, 700]) {
        for (const style of ['normal', 'italic']) {
          const face = faces.find(
            (candidate) =>
              candidate.weight === weight && candidate.style === style && candidate.ranges.some(([from, to]) => code >= from && code <= to) && candidate.font.hasGlyphForCodePoint(code),
          );
          if (!face) missing.push(`${char} U+${code.toString(16)} ${weight} ${style}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('ships only the files the text needs, Chinese cut down to the characters used', async () => {
    const fonts = Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/fonts/') && !name.endsWith('/'));
    // No Devanagari or Japanese in the text, and no Cyrillic extension.
    expect(fonts.filter((name) => /devanagari|serif-jp|cyrillic-ext/.test(name))).toEqual([]);
    const chinese = fonts.filter((name) => /noto-serif-sc/.test(name));
    expect(chinese.length).toBeGreaterThan(0);
    let chineseBytes = 0;
    for (const name of chinese) {
      const bytes = await zip.file(name)!.async('nodebuffer');
      chineseBytes += bytes.length;
      // A cut file holds only a handful of characters.
      expect(fontkit.create(bytes).characterSet.length).toBeLessThan(20);
    }
    expect(chineseBytes).toBeLessThan(60_000);
    const opf = await entryText(zip, 'OEBPS/content.opf');
    for (const name of fonts) expect(opf).toContain(`href="${name.replace('OEBPS/', '')}"`);
  });

  it('sets code in the shipped mono face in both editions, and carries its licence', async () => {
    // The PDF: the code face in each style the code uses, and no host mono face (the test above allows no other name).
    const names = pdfFonts(pdf).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    for (const expected of ['JetBrainsMono-Regular', 'JetBrainsMono-Bold', 'JetBrainsMono-Italic']) expect(names).toContain(expected);
    // The e-book: code names the mono face first, and its files draw the code's characters.
    const css = await entryText(zip, 'OEBPS/style.css');
    expect(css).toMatch(/\ncode, kbd, samp, pre \{ font-family: "JetBrains Mono", Literata,/);
    const mono = (await epubFaces(zip, css)).filter((face) => face.family === 'JetBrains Mono');
    expect(new Set(mono.map((face) => `${face.weight} ${face.style}`))).toEqual(new Set(['400 normal', '400 italic', '700 normal', '700 italic']));
    const article = await entryText(zip, 'OEBPS/article.xhtml');
    const code = [...article.matchAll(/<code[^>]*>([\s\S]*?)<\/code>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"')).join('');
    expect(code).toContain('печать --копии 3');
    // "→" is not among JetBrains Mono's files: Literata draws it (every character is covered, test above).
    const characters = [...new Set(code)].filter((char) => !/\s/u.test(char) && char !== '→');
    expect(characters).toEqual(expect.arrayContaining(['ó', 'Ł', 'п', 'Ε', '×']));
    const undrawn = characters.filter(
      (char) => !mono.some((face) => face.weight === 400 && face.style === 'normal' && face.ranges.some(([from, to]) => char.codePointAt(0)! >= from && char.codePointAt(0)! <= to) && face.font.hasGlyphForCodePoint(char.codePointAt(0)!)),
    );
    expect(undrawn).toEqual([]);
    // Cut to the code's characters: no file draws more than printable ASCII and the code's own.
    for (const face of mono) expect(face.font.characterSet.length).toBeLessThan(130);
    // Its licence travels with the e-book and is named in the colophon, like Literata's.
    const licence = await entryText(zip, 'OEBPS/fonts/JetBrains-Mono-LICENSE.txt');
    expect(licence).toMatch(/JetBrains Mono Project Authors[\s\S]*SIL Open Font License, Version 1\.1/);
    expect(await entryText(zip, 'OEBPS/content.opf')).toMatch(/href="fonts\/JetBrains-Mono-LICENSE\.txt" media-type="text\/plain"/);
    expect(await entryText(zip, 'OEBPS/colophon.xhtml')).toMatch(/Code set in JetBrains Mono\. Copyright 2020 The JetBrains Mono Project Authors/);
    expect(pdfText(pdf)).toMatch(/Code set in JetBrains Mono\. Copyright 2020/);
  });

  it('gives each marked span its language in the tagged PDF: a structure element with /Lang holding its words', async () => {
    const tagged = await languageElements(pdf);
    expect(tagged.filter((element) => element.role === 'Document').map((element) => element.lang)).toContain('en');
    // Each word of the phrase in the element's text (pdf.js joins the words either side of a line break, and gives
    // right-to-left runs word by word in visual order).
    const holding = (lang: string, phrase: string): Tagged[] =>
      tagged.filter((element) => element.lang === lang && element.role !== 'Document' && [...wordsOf(phrase)].every((word) => element.text.includes(word)));
    expect(holding('ru', 'Сергей Волков').length).toBeGreaterThan(0);
    for (const { text, lang } of spans(path.join(manuscript, 'article.md'))) {
      // Chinese has no spaces between words: the phrase is the word.
      expect(holding(lang, lang === 'zh' ? text.replace(/\s/g, '') : text), `${text} (${lang})`).not.toEqual([]);
    }
    // No element says a phrase is in a language it is not in.
    const russian = tagged.filter((element) => element.lang === 'ru');
    for (const element of russian) expect(element.text).toMatch(/^[\s\p{Script=Cyrillic}.,]+$/u);
  });

  it('marks every span with lang and xml:lang, and sets right-to-left spans apart', async () => {
    const article = await entryText(zip, 'OEBPS/article.xhtml');
    expect(article).toContain('<span lang="ru" xml:lang="ru">Сергей Волков</span>');
    expect(article).toContain('<span lang="pl" xml:lang="pl">Łódź</span>');
    expect(article).toMatch(/<span lang="ar" dir="rtl" xml:lang="ar">ليلى حداد<\/span>/);
    expect(article).toMatch(/<span lang="he" dir="rtl" xml:lang="he">נועה כהן<\/span>/);
    expect(article).toContain('<span lang="zh" xml:lang="zh">王小明</span>');
  });

  it('passes EPUBCheck with nothing reported', () => {
    const result = epubcheck(epub);
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  });

  it('passes DAISY Ace with no violations', () => {
    expect(ace(epub, findBrowser().path)).toEqual([]);
  }, 180_000);

  it('builds in reasonable time with a cold font cache', () => {
    // Both editions and the download page: the CPU time of galley and of the processes it waited for, not
    // the wall time, which a shared machine stretches (4.7 s of CPU took 32 s at load 19). The bound is loose.
    expect(buildSeconds).toBeLessThan(30);
  });
});

describe('a right-to-left manuscript (Hebrew)', () => {
  const manuscript = path.join(fixtures, 'rtl-hebrew');
  let out: string;
  let epub: string;
  let pdf: string;
  let zip: JSZip;
  let stderr: string;

  beforeAll(async () => {
    out = tempDir();
    // 6×9 has facing pages (a wider margin on the binding side), so the mirroring shows.
    const result = runCli(['build', manuscript, '--out', out, '--page-size', '6x9']);
    expect(result.status, result.stderr).toBe(0);
    stderr = result.stderr;
    epub = path.join(out, 'rtl-hebrew.epub');
    pdf = path.join(out, 'rtl-hebrew.pdf');
    zip = await openEpub(epub);
  }, 240_000);

  it('runs the e-book right to left: every page, and the spine', async () => {
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect(opf).toMatch(/<spine [^>]*page-progression-direction="rtl"/);
    for (const page of ['article', 'titlepage', 'credits', 'colophon']) {
      expect(await entryText(zip, `OEBPS/${page}.xhtml`)).toMatch(/<html [^>]*lang="he"[^>]*dir="rtl"/);
    }
    expect(await entryText(zip, 'OEBPS/toc.xhtml')).toMatch(/<html [^>]*dir="rtl"/);
    // The Latin name inside is marked, and runs left to right.
    expect(await entryText(zip, 'OEBPS/article.xhtml')).toContain('<span lang="en" dir="ltr" xml:lang="en">Harbor Press</span>');
  });

  it('tags the PDF in Hebrew, with the Latin name and the typefaces\' English copyright lines marked English', async () => {
    const tagged = await languageElements(pdf);
    expect(tagged.find((element) => element.role === 'Document')?.lang).toBe('he');
    const english = tagged.filter((element) => element.lang === 'en').map((element) => element.text.trim());
    // The colophon quotes each face's copyright as its makers wrote it, in English.
    expect(english.filter((text) => !text.startsWith('Copyright '))).toEqual(['Harbor Press']);
    expect(english.filter((text) => text.startsWith('Copyright ')).length).toBeGreaterThan(0);
  });

  it('does not warn of hyphenation patterns, which Hebrew, never hyphenated, does not need', () => {
    expect(stderr).not.toMatch(/hyphenation/);
  });

  it('finds every print page in the e-book, reading the PDF’s lines right to left', async () => {
    expect(stderr).not.toMatch(/not found in the e-book/);
    const nav = await entryText(zip, 'OEBPS/toc.xhtml');
    expect(nav).toMatch(/epub:type="page-list"/);
    let markers = 0;
    for (const page of ['titlepage', 'article', 'credits']) markers += ((await entryText(zip, `OEBPS/${page}.xhtml`)).match(/epub:type="pagebreak"/g) ?? []).length;
    expect(markers).toBe(Number(pdfInfo(pdf).Pages));
  });

  it('passes EPUBCheck and Ace with nothing reported', () => {
    const result = epubcheck(epub);
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
    expect(ace(epub, findBrowser().path)).toEqual([]);
  }, 240_000);

  it('gives the Hebrew words back from the PDF, set in shipped faces', () => {
    const words = wordsOf(pdfText(pdf));
    const source = readFileSync(path.join(manuscript, 'article.md'), 'utf8').split('---')[2]!;
    const hebrew = [...source.matchAll(/\p{Script=Hebrew}+/gu)].map((match) => match[0]);
    expect(hebrew.length).toBeGreaterThan(40);
    for (const word of hebrew) expect(words, word).toContain(word);
    const names = pdfFonts(pdf).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toContain('NotoSerifHebrew-Regular');
    for (const name of names) expect(name).toMatch(/^(Literata|NotoSerifHebrew)/);
  });

  it('ships no code face for an article without code', () => {
    // The e-book's colophon names its licence files as code, but that is the e-book's own furniture.
    const files = Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/fonts/'));
    expect(files.some((name) => /literata/.test(name))).toBe(true);
    expect(files.filter((name) => /jetbrains/i.test(name))).toEqual([]);
    expect(pdfText(pdf)).not.toMatch(/JetBrains/);
  });

  it('sets the print page right to left: lines flush right, ragged and indented on the left', () => {
    for (const page of printedPages(pdf)) {
      const lines = page.body.filter((line) => /\p{Script=Hebrew}/u.test(line.text));
      expect(lines.length).toBeGreaterThan(8);
      const right = Math.max(...lines.map((line) => line.right));
      // Most lines end at the right edge of the text block; their left ends vary.
      expect(lines.filter((line) => right - line.right < 2).length).toBeGreaterThan(lines.length / 2);
      expect(new Set(lines.map((line) => Math.round(line.left))).size).toBeGreaterThan(2);
      // A paragraph after the first starts indented: a line that ends short of the right edge by the indent.
      expect(lines.some((line) => right - line.right > 8 && right - line.right < 30), `page ${page.number}`).toBe(true);
    }
  });

  it('runs over several pages, mirrored: page 1 is a left-hand page, binding margin, running head and folio on the mirrored side', () => {
    const pages = printedPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const hebrewFoot = (JSON.parse(readFileSync(path.join(repoRoot, 'templates', 'words', 'he.json'), 'utf8')) as { runningFoot: string }).runningFoot;
    const { marginInnerIn, marginOuterIn } = pageGeometry['6x9'];
    const inner = marginInnerIn * 72;
    const outer = marginOuterIn * 72;
    expect(inner - outer).toBeGreaterThan(5);
    for (const page of pages) {
      // A right-to-left book opens on a left-hand page: its binding is on the right. So odd pages have the inner
      // (wider) margin on the right, even pages on the left: the mirror image of a left-to-right book.
      const bindingRight = page.number % 2 === 1;
      const [left, right] = bindingRight ? [outer, page.width - inner] : [inner, page.width - outer];
      const block = { left: Math.min(...page.body.map((line) => line.left)), right: Math.max(...page.body.map((line) => line.right)) };
      // Within 1.5 pt (a glyph's side bearing); the two margins differ by more than 10 pt.
      const near = (value: number, want: number, what: string): void => expect(Math.abs(value - want), `page ${page.number}: ${what} at ${value}, not ${want}`).toBeLessThan(1.5);
      near(block.left, left, 'left edge of the text block');
      near(block.right, right, 'right edge of the text block');
      // Running head and folio are centred on the text block, so they sit off the page's middle toward the outer edge.
      const centre = (left + right) / 2;
      // The folio in Hebrew (templates/words/he.json). poppler gives the line's words left to right, each Hebrew
      // word's letters in visual order: compared word by word, in logical order.
      const folio = hebrewFoot.replace('{page}', String(page.number)).replace('{pages}', String(pages.length));
      const logical = (text: string): string => text.split(/\s+/).map((word) => (/\p{Script=Hebrew}/u.test(word) ? [...word].reverse().join('') : word)).sort().join(' ');
      expect(logical(page.folio?.text ?? ''), `page ${page.number} has its folio`).toBe(folio.split(/\s+/).sort().join(' '));
      near((page.folio!.left + page.folio!.right) / 2, centre, 'folio');
      if (page.number === 1) {
        expect(page.head).toBeUndefined();
      } else {
        expect(page.head, `page ${page.number} has a running head`).toBeDefined();
        near((page.head!.left + page.head!.right) / 2, centre, 'running head');
      }
      expect(Math.sign(centre - page.width / 2), `page ${page.number}: head and folio toward the outer edge`).toBe(bindingRight ? -1 : 1);
    }
  });

  it('lists every print page in the e-book, each marker before the words its page opens with', async () => {
    const pages = printedPages(pdf);
    const nav = await entryText(zip, 'OEBPS/toc.xhtml');
    const list = /<nav [^>]*epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)?.[0] ?? '';
    expect([...list.matchAll(/<a href="[^"]*#(page-\d+)">([^<]*)<\/a>/g)].map((match) => `${match[1]} ${match[2]}`)).toEqual(pages.map((page) => `page-${page.number} ${page.number}`));
    const spine = ['titlepage', 'article', 'credits', 'colophon'];
    let ebook = '';
    for (const name of spine) ebook += await entryText(zip, `OEBPS/${name}.xhtml`);
    const words = (text: string): string[] => text.replace(/<head>[\s\S]*?<\/head>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/\p{Cf}/gu, '').split(/[\s.,:;!?"“”]+/u).filter((word) => word !== '');
    for (const page of pages) {
      const at = ebook.indexOf(`id="page-${page.number}"`);
      expect(at, `marker of page ${page.number}`).toBeGreaterThan(0);
      const after = words(ebook.slice(ebook.indexOf('>', at) + 1)).slice(0, 4);
      const printed = run('pdftotext', ['-f', String(page.number), '-l', String(page.number), pdf, '-'])
        .split('\n')
        .filter((line) => line.trim() !== '');
      // Pages after the first open with the running head, the title; the words come after it.
      const opening = words(printed.slice(page.number === 1 ? 0 : 1).join(' ')).slice(0, 4);
      expect(after, `page ${page.number}`).toEqual(opening);
    }
  });

  it('sets the cover flush right for a right-to-left title', async () => {
    const jpeg = await zip.file('OEBPS/cover.jpg')!.async('nodebuffer');
    const { default: sharp } = await import('sharp');
    const { data: pixels, info } = await sharp(jpeg).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const { width, height } = info;
    // The headline and byline are drawn in the paper colour, the only near-white on the cover.
    let left = width;
    let right = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (pixels[i]! > 230 && pixels[i + 1]! > 225 && pixels[i + 2]! > 215) {
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    const pad = (120 / 1600) * width;
    // Flush with the right padding; the short title leaves the left side open.
    expect(right).toBeGreaterThan(width - pad - 0.03 * width);
    expect(right).toBeLessThanOrEqual(width - pad);
    expect(left).toBeGreaterThan(pad + 0.1 * width);
  });
});

describe('faces for Devanagari and Japanese, which the fixtures above do not use', () => {
  beforeAll(() => {
    const previous = process.env.GALLEY_CACHE_DIR;
    process.env.GALLEY_CACHE_DIR = tempDir('galley-cache-');
    return () => {
      if (previous === undefined) delete process.env.GALLEY_CACHE_DIR;
      else process.env.GALLEY_CACHE_DIR = previous;
    };
  });

  it('cuts Noto Serif Devanagari down to the characters used, keeping the conjuncts', async () => {
    const text = 'नमस्ते दुनिया, क्षत्रिय और श्री';
    const { typefaces, uncovered } = await typefacesFor(text, 'hi');
    expect(uncovered).toEqual([]);
    expect(typefaces.map((typeface) => typeface.family)).toEqual(['Literata', 'Noto Serif Devanagari']);
    const devanagari = typefaces[1]!;
    expect(devanagari.license).toBe('SIL Open Font License 1.1');
    expect(new Set(devanagari.fonts.map((font) => `${font.weight} ${font.style}`))).toEqual(new Set(['400 normal', '400 italic', '700 normal', '700 italic']));
    const used = new Set([...text].filter((char) => /\p{Script=Devanagari}/u.test(char)).map((char) => char.codePointAt(0)!));
    for (const file of devanagari.fonts) {
      const font = fontkit.create(file.bytes);
      // The cut draws the text's letters and little else (the whole file has hundreds).
      for (const code of used) expect(font.hasGlyphForCodePoint(code), `U+${code.toString(16)}`).toBe(true);
      expect(font.characterSet.length).toBeLessThan(used.size + 8);
      // harfbuzz kept the layout tables: क + ् + ष is one conjunct glyph.
      expect(font.layout('क्ष').glyphs.length).toBe(1);
      // Its unicode-range names exactly the letters it draws.
      const ranges = parseUnicodeRange(file.unicodeRange);
      for (const code of used) expect(ranges.some(([from, to]) => code >= from && code <= to)).toBe(true);
      expect(ranges.reduce((sum, [from, to]) => sum + to - from + 1, 0)).toBe(used.size);
    }
  });

  it('sets Japanese in Noto Serif JP for an article in `ja`, the same characters in Noto Serif SC otherwise', async () => {
    const text = '東京でこんにちは、ありがとう';
    const japanese = await typefacesFor(text, 'ja');
    expect(japanese.uncovered).toEqual([]);
    expect(japanese.typefaces.map((typeface) => typeface.family)).toEqual(['Literata', 'Noto Serif JP']);
    const drawn = new Set(japanese.typefaces[1]!.fonts.filter((font) => font.weight === 400 && font.style === 'normal').flatMap((font) => fontkit.create(font.bytes).characterSet));
    for (const char of text) expect(drawn.has(char.codePointAt(0)!), char).toBe(true);
    expect((await typefacesFor(text, 'zh')).typefaces.map((typeface) => typeface.family)).toEqual(['Literata', 'Noto Serif SC']);
  });
});

describe('warnings about language marks and characters no face draws', () => {
  let dir: string;
  let stderr: string;
  let status: number | null;

  beforeAll(() => {
    dir = path.join(tempDir(), 'unmarked');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'article.md'),
      [
        '---',
        'title: "Warnings ᚠ"',
        'date: 2024-03-14',
        'language: en',
        '---',
        '',
        'The poet Сергей Волков smiled ᚢ at the crowd.',
        '',
        'A marked name: :span[Ελένη]{lang=el}, and one marked wrongly: :span[Ελένη and Maria]{lang=el}.',
        '',
        'A Russian line: :span[Он купил iPhone 15 и Windows 3.11, 11 апреля; COVID-19 прошёл]{lang=ru}.',
        '',
      ].join('\n'),
    );
    const result = runCli(['epub', dir, '--out', tempDir(), '--no-page-list']);
    stderr = result.stderr;
    status = result.status;
  }, 120_000);

  it('builds, and names an unmarked run of another script with its position and the fix', () => {
    expect(status, stderr).toBe(0);
    expect(stderr).toMatch(/article\.md:7:10: warning: Cyrillic text "Сергей Волков" in an article in `en` has no language mark: write :span\[Сергей Волков\]\{lang=…\} with its language \(e\.g\. ru/);
    expect(stderr).toMatch(/article\.md:9:75: warning: Latin text "and Maria" inside a span marked `el` has no language mark/);
    expect(stderr).not.toMatch(/Greek text/);
  });

  it('quotes a run whole, with the number written on after its last letter, and not the date after a comma', () => {
    expect(stderr).toMatch(/article\.md:11:32: warning: Latin text "iPhone 15" inside a span marked `ru` has no language mark: write :span\[iPhone 15\]\{lang=…\}/);
    expect(stderr).toMatch(/article\.md:11:44: warning: Latin text "Windows 3\.11" inside a span marked `ru`/);
    expect(stderr).toMatch(/article\.md:11:69: warning: Latin text "COVID-19" inside a span marked `ru`/);
    expect(stderr.match(/Latin text "[^"]*"/g)).toEqual(['Latin text "and Maria"', 'Latin text "iPhone 15"', 'Latin text "Windows 3.11"', 'Latin text "COVID-19"']);
  });

  it('names the characters no shipped face draws once, at the first of them', () => {
    expect(stderr).toMatch(/article\.md:2:18: warning: no shipped typeface draws Runic script: 2 different characters \(U\+16A0 ᚠ, U\+16A2 ᚢ\), the first here/);
    expect(stderr.match(/no shipped typeface/g)).toHaveLength(1);
  });

  it('stops on a span without a usable language, with its position', () => {
    const bad = path.join(tempDir(), 'bad-span');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'article.md'), '---\ntitle: "T"\ndate: 2024-03-14\n---\n\nSee :span[Волков]{lang=} and :span[x]{lang=ru dir=rtl}.\n');
    const out = tempDir();
    const result = runCli(['epub', bad, '--out', out, '--no-page-list']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/article\.md:6:5: error: span without `lang`: say which language the text is in, e\.g\. :span\[Сергей Волков\]\{lang=ru\}/);
    expect(result.stderr).toMatch(/article\.md:6:\d+: error: span: unknown attribute `dir`/);
    expect(readdirSync(out)).toEqual([]);
  });
});
