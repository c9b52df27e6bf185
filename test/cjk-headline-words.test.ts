/**
 * A Chinese (Cantonese too) or Japanese headline breaks between words in both editions,
 * never inside one: "三代目の店 / 主が語る" split 店主 ("shop owner") in
 * the PDF and in the e-book at 360 px. So does a Korean one, at its spaces
 * ("보수 공 / 사" split 공사, "construction"), and Korean text too ("말했 /
 * 다."), and never between a closing quotation mark and the particle after
 * it ("있다” / 고 말했다"). Built by the CLI; the PDF's lines
 * read with pdftotext, the e-book's title page laid out by Chromium at a
 * phone's width and its lines read from the characters' boxes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { linesOf, showAt } from './screen-helpers.js';

const KO_HEADLINE = '서울시, 한강 다리 보수 공사 시작…“내년 봄 완공”';
const CASES = [
  { name: 'headline-ja', headline: '東京の古書店街、三代目の店主が語る「紙の本」の未来', words: ['店主', '古書店', '三代目', '未来'], separator: '' },
  { name: 'headline-zh', headline: '长江上游的渔民上岸之后', words: ['渔民', '上游', '上岸', '之后'], separator: '' },
  // Cantonese (yue), written in Traditional characters: it broke anywhere (結/業, 老/闆), the Chinese rules being zh's alone.
  { name: 'headline-yue', headline: '旺角老餅店結業街坊排長龍同老闆道別', words: ['結業', '街坊', '長龍', '老闆'], separator: '' },
  // Korean: every word between its spaces.
  { name: 'headline-ko', headline: KO_HEADLINE, words: KO_HEADLINE.split(' '), separator: ' ' },
] as const;

const HANGUL = /^\p{Script=Hangul}$/u;

/**
 * Where a line starts with the Hangul written right after the closing mark
 * that ends the line before ("있다” / 고 말했다"): lines as laid out, with
 * the space a line ends at; or, lines read without it (pdftotext), where the
 * two make one word of `source`.
 */
function particleStarts(lines: string[], source?: string): string[] {
  return lines.slice(0, -1).flatMap((line, i) => {
    const next = lines[i + 1]!;
    const joined = source === undefined || source.includes(line.split(' ').at(-1)! + next.split(' ')[0]!);
    return /[\p{Pe}\p{Pf}]$/u.test(line) && HANGUL.test(next[0] ?? '') && joined ? [`${line} / ${next}`] : [];
  });
}

/** Phone widths, every 5 px: where a line breaks moves a character or two from one to the next. */
const PHONE_WIDTHS = Array.from({ length: 23 }, (_, i) => 320 + i * 5);

/** Whether a line break falls inside `word` in `lines` (the headline's lines, in order). */
function splits(lines: string[], word: string): boolean {
  return lines.some((line, i) => i + 1 < lines.length && [...word].some((_, k) => k > 0 && line.endsWith(word.slice(0, k)) && lines[i + 1]!.startsWith(word.slice(k))));
}

describe('a Chinese or Japanese headline', () => {
  const context = useBrowserAndTempDir('galley-cjk-headline-');
  const out = tempDir('galley-cjk-headline-out-');
  const books = new Map<string, string>();

  beforeAll(async () => {
    const result = runCli(['build', ...CASES.map((c) => path.join(repoRoot, 'test', 'fixtures', 'good', c.name)), '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    for (const c of CASES) {
      const dir = tempDir('galley-cjk-headline-book-');
      await unzipTo(await openEpub(path.join(out, `${c.name}.epub`)), dir);
      books.set(c.name, dir);
    }
  }, 240_000);

  it.each(CASES)('$name: the PDF breaks it between words', (c) => {
    const text = spawnSync('pdftotext', ['-l', '1', path.join(out, `${c.name}.pdf`), '-'], { encoding: 'utf8' }).stdout;
    const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
    // The headline's lines: those that make it up, from the first.
    const first = lines.findIndex((line) => c.headline.startsWith(line));
    const headline: string[] = [];
    for (let i = first; i >= 0 && headline.join(c.separator) !== c.headline && i < lines.length; i++) headline.push(lines[i]!);
    expect(headline.join(c.separator)).toBe(c.headline);
    for (const word of c.words) expect(splits(headline, word), `${word} in ${headline.join(' / ')}`).toBe(false);
  });

  it('headline-ko: the PDF breaks Korean text at its spaces, never between two syllables of a word', () => {
    const text = spawnSync('pdftotext', ['-l', '1', path.join(out, 'headline-ko.pdf'), '-'], { encoding: 'utf8' }).stdout;
    const source = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'headline-ko', 'article.md'), 'utf8');
    const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
    // A break between two syllables: the end of one line and the start of the next make one word of the manuscript.
    const inside = lines.slice(0, -1).flatMap((line, i) => {
      const end = line.split(' ').at(-1)!;
      const start = lines[i + 1]!.split(' ')[0]!;
      return HANGUL.test(end.at(-1)!) && HANGUL.test(start[0]!) && source.includes(end + start) ? [`${end} / ${start}`] : [];
    });
    expect(inside).toEqual([]);
    // The paragraph that ended on a line of its own "다.".
    expect(lines).not.toContain('다.');
    expect(text).toContain('말했다.');
    // Nor does a line start with the particle after a quotation: "있다” / 고 말했다." (Chromium breaks after a quotation
    // mark before East Asian letters, keep-all or not). Each of the lines read as pdftotext gives them.
    expect(particleStarts(lines, source)).toEqual([]);
    expect(text).toContain('있다”고');
  });

  it('headline-ko: the e-book and the download page on phones never start a line with the particle after a quotation', async () => {
    const page = await context.browser.newPage();
    const found: string[] = [];
    try {
      for (const width of PHONE_WIDTHS) {
        await showAt(page, path.join(books.get('headline-ko')!, 'OEBPS', 'article.xhtml'), width);
        for (const paragraph of await page.$$('p')) found.push(...particleStarts(await paragraph.evaluate(linesOf)).map((at) => `e-book ${width} px: ${at}`));
        await showAt(page, path.join(books.get('headline-ko')!, 'OEBPS', 'titlepage.xhtml'), width);
        found.push(...particleStarts(await page.$eval('.dek', linesOf)).map((at) => `e-book dek ${width} px: ${at}`));
        await showAt(page, path.join(out, 'index.html'), width);
        for (const dek of await page.$$('.dek')) found.push(...particleStarts(await dek.evaluate(linesOf)).map((at) => `download page ${width} px: ${at}`));
      }
    } finally {
      await page.close();
    }
    expect(found).toEqual([]);
  }, 120_000);

  it.each(CASES)('$name: the e-book on phones 320-430 px wide breaks it between words', async (c) => {
    const page = await context.browser.newPage();
    try {
      for (const width of [320, 340, 360, 375, 390, 412, 430]) {
        await showAt(page, path.join(books.get(c.name)!, 'OEBPS', 'titlepage.xhtml'), width);
        // The headline's lines.
        const lines = await page.$eval('.headline', linesOf);
        expect(lines.join('')).toBe(c.headline);
        // It is long enough to take more than one line at the narrowest.
        if (width === 320) expect(lines.length).toBeGreaterThan(1);
        for (const word of c.words) expect(splits(lines, word), `${width} px: ${word} in ${lines.join(' / ')}`).toBe(false);
      }
    } finally {
      await page.close();
    }
  });

  it.each(CASES)('$name: the download page on phones 320-430 px wide breaks it between words, as the editions do', async (c) => {
    const page = await context.browser.newPage();
    try {
      for (const width of [320, 340, 360, 375, 390, 412, 430]) {
        await showAt(page, path.join(out, 'index.html'), width);
        // The lines of this entry's title.
        const headings = await page.$$('.entry-title');
        const titles = await Promise.all(headings.map((heading) => heading.evaluate((element) => element.textContent)));
        const lines = await headings[titles.indexOf(c.headline)]!.evaluate(linesOf);
        expect(lines.join('')).toBe(c.headline);
        if (width === 320) expect(lines.length).toBeGreaterThan(1);
        for (const word of c.words) expect(splits(lines, word), `${width} px: ${word} in ${lines.join(' / ')}`).toBe(false);
      }
    } finally {
      await page.close();
    }
  });
});
