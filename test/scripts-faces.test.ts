/**
 * Scripts galley ships a face for since Thai, Korean, Traditional Chinese,
 * Georgian and Armenian articles came out as boxes: one article in each
 * (zh-TW for Traditional Chinese; Bangla with a Tamil quotation, Amharic with a Khmer greeting; Punjabi with
 * Gujarati and Telugu, Tibetan with Malayalam and Kannada, Sinhala with Burmese, Lao and Odia), and an English
 * one with Javanese (no shipped face) and emoji,
 * built together with the real CLI. Read back: pdffonts (only shipped faces,
 * the script's own), pdftotext (the text, galley's words in Traditional
 * forms), the e-book's fonts and EPUBCheck, and what the build says: one
 * warning per script with no face, and no plain ✓ for its editions.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { epubcheckAsync, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfFonts, pdfLines, useBrowserAndTempDir } from './pdf-helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const CASES = ['scripts-th', 'scripts-ko', 'scripts-zh-tw', 'scripts-ka', 'scripts-hy', 'scripts-bn', 'scripts-am', 'scripts-pa', 'scripts-bo', 'scripts-si', 'scripts-yue', 'scripts-none'] as const;
type Case = (typeof CASES)[number];

function pdfText(file: string): string {
  return spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
}

describe('Thai, Korean and Traditional Chinese in faces of their own; a script without one told once', () => {
  const out = tempDir('galley-scripts-faces-');
  let built: SpawnSyncReturns<string>;
  const pdf = (name: Case): string => path.join(out, `${name}.pdf`);
  const zips = new Map<Case, JSZip>();

  beforeAll(async () => {
    built = runCli(['build', ...CASES.map(good), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) for (const name of CASES) zips.set(name, await openEpub(path.join(out, `${name}.epub`)));
  }, 300_000);

  it('builds every edition; the scripts with a face get no warning about their characters and a plain ✓', () => {
    expect(built.status, built.stderr).toBe(0);
    const lines = `${built.stdout}\n${built.stderr}`.split('\n');
    for (const name of ['scripts-th', 'scripts-ko', 'scripts-zh-tw', 'scripts-ka', 'scripts-hy', 'scripts-bn', 'scripts-am', 'scripts-pa', 'scripts-bo', 'scripts-si', 'scripts-yue']) {
      expect(lines.filter((line) => line.includes(`${name}/`) && line.includes('no shipped typeface')), name).toEqual([]);
      expect(lines.filter((line) => line.includes(`${name}.pdf`) || line.includes(`${name}.epub`)).map((line) => line[0]), name).toEqual(['✓', '✓']);
    }
  });

  it('embeds only shipped faces, each script in its own: no fallback font of the machine, no Simplified face for zh-TW', () => {
    const families = (name: Case): string[] => [...new Set(pdfFonts(pdf(name)).map((font) => font.name.replace(/^[A-Z]{6}\+/, '').replace(/(ExtraLight)?-(Regular|Bold|Italic|BoldItalic)$/, '')))].sort();
    for (const name of CASES) for (const font of pdfFonts(pdf(name))) expect(font.embedded, `${name} ${font.name}`).toBe(true);
    expect(families('scripts-th')).toEqual(['Literata', 'NotoSerifThai']);
    expect(families('scripts-ko')).toEqual(['Literata', 'NotoSerifKR']);
    expect(families('scripts-zh-tw')).toEqual(['Literata', 'NotoSerifTC']);
    // Cantonese (yue, likely yue-Hant-HK) is written in Traditional characters: it was set in the Simplified face.
    expect(families('scripts-yue')).toEqual(['Literata', 'NotoSerifTC']);
    // Georgian and Armenian printed every letter as a box before; Armenian's full stop (U+0589) is its own face's.
    expect(families('scripts-ka')).toEqual(['Literata', 'NotoSerifGeorgian']);
    expect(families('scripts-hy')).toEqual(['Literata', 'NotoSerifArmenian']);
    // Bangla, Tamil, Ethiopic and Khmer printed every letter as a box before.
    expect(families('scripts-bn')).toEqual(['Literata', 'NotoSerifBengali', 'NotoSerifTamil']);
    expect(families('scripts-am')).toEqual(['Literata', 'NotoSansEthiopic', 'NotoSerifKhmer']);
    // A Punjabi or Tibetan article was refused (its PDF's text lost letters, so its page list failed), a Sinhala one
    // printed every letter as a box; so did Telugu, Gujarati, Malayalam, Kannada, Burmese, Lao and Odia.
    expect(families('scripts-pa')).toEqual(['Literata', 'NotoSansGurmukhi', 'NotoSerifGujarati', 'NotoSerifTelugu']);
    expect(families('scripts-bo')).toEqual(['Literata', 'NotoSansKannada', 'NotoSerifMalayalam', 'NotoSerifTibetan']);
    expect(families('scripts-si')).toEqual(['Literata', 'NotoSansOriya', 'NotoSerifLao', 'NotoSerifMyanmar', 'NotoSerifSinhala']);
    // Javanese prints as Literata's empty box (the browser knows no other font), the emoji in Noto Emoji.
    expect(families('scripts-none')).toEqual(['Literata', 'NotoEmoji']);
  });

  it('prints the text, headings and bylines included (the Thai heading and the Korean name were blank before)', () => {
    const thai = pdfText(pdf('scripts-th'));
    for (const words of ['ตลาดน้ำยามเช้า', 'แม่ค้าในเรือ', 'สมชาย ใจดี', 'นักท่องเที่ยวส่วนใหญ่']) expect(thai).toContain(words);
    const korean = pdfText(pdf('scripts-ko'));
    for (const words of ['서울의 골목 시장', '떡집의 하루', '김민수', '2025년 2월 14일']) expect(korean).toContain(words);
    const georgian = pdfText(pdf('scripts-ka'));
    for (const words of ['თბილისის ძველი', 'ნინო ბერიძე', 'რას ამბობენ მაცხოვრებლები', 'შრიფტი: Noto Serif Georgian']) expect(georgian).toContain(words);
    const armenian = pdfText(pdf('scripts-hy'));
    for (const words of ['Երևանի հին', 'Անի Պետրոսյան', 'Տառատեսակ՝ Noto Serif Armenian']) expect(armenian).toContain(words);
    const bangla = pdfText(pdf('scripts-bn'));
    for (const words of ['ঢাকায় বর্ষার প্রথম দিন', 'রহিম উদ্দিন', 'মানুষকে সরিয়ে নিচ্ছে', 'ফন্ট: Noto Serif Bengali', 'ফন্ট: Noto Serif Tamil']) expect(bangla).toContain(words);
    // No space inside a syllable whose last glyph is a mark set left of the pen (src/pdf/cleanup.ts, closeClusterBoxes):
    // pdftotext read "২০ জু ন", "সতর্ক তা", "ঝুঁ কিপূর্ণ", Tamil "இருக் கிறது" and Khmer "សួ ស្តី".
    for (const words of ['২০ জুন, ২০২৪', 'সতর্কতা জারি', 'ঝুঁকিপূর্ণ এলাকা', 'இருக்கிறது']) expect(bangla).toContain(words);
    // The title block's text lost አ and ፌ when they were boxes ("ዲስ በባ", "By በበ ከበደ", "ብሩዋሪ"): one .notdef glyph maps to one character.
    const amharic = pdfText(pdf('scripts-am'));
    for (const words of ['አዲስ አበባ አዲስ የባቡር መስመር ከፈተች', 'By አበበ ከበደ', '10 ፌብሩዋሪ 2024', 'Set in Noto Sans Ethiopic', 'Set in Noto Serif Khmer', 'សួស្តី']) expect(amharic).toContain(words);
    // Without Gurmukhi's face ਅੰਮ੍ਰਿਤਸਰ printed as "ਅੰਮ੍ਰਿਸਰ", Telugu's హైదరాబాద్ as "హైరాబాద్".
    const punjabi = pdfText(pdf('scripts-pa'));
    for (const words of ['ਅੰਮ੍ਰਿਤਸਰ ਵਿੱਚ ਨਵਾਂ ਪੁਸਤਕ ਮੇਲਾ ਸ਼ੁਰੂ', 'By ਹਰਪ੍ਰੀਤ ਕੌਰ', 'ਪ੍ਰਬੰਧਕ ਜਸਪ੍ਰੀਤ ਸੰਧੂ ਨੇ ਕਿਹਾ।', 'హైదరాబాద్‌లో కొత్త పుస్తక', 'Set in Noto Sans Gurmukhi', 'Set in Noto Serif Gujarati', 'Set in Noto Serif Telugu']) expect(punjabi).toContain(words);
    // Tibetan writes no spaces (its tsheg ་ parts the syllables); pdftotext puts some after a vowel sign, which it reads as a gap.
    const tibetan = pdfText(pdf('scripts-bo')).replace(/ (?=[\u0F00-\u0FFF])/gu, '');
    for (const words of ['ལྷ་སར་དཔེ་མཛོད་གསར་པ་ཞིག་སྒོ་ཕྱེ།', 'བཀྲ་ཤིས་རྡོ་རྗེས་བཤད།', 'കൊച്ചിയിൽ പുതിയ പുസ്തകമേള', 'ಬೆಂಗಳೂರು', 'Set in Noto Serif Tibetan', 'Set in Noto Serif Malayalam', 'Set in Noto Sans Kannada']) expect(tibetan).toContain(words);
    const sinhala = pdfText(pdf('scripts-si'));
    for (const words of ['කොළඹ ජාත්‍යන්තර පොත් ප්‍රදර්ශනය', 'By නිරෝෂා පෙරේරා', 'ရန်ကုန်မြို့တွင်', 'ສະບາຍດີ', 'Set in Noto Serif Sinhala', 'Set in Noto Serif Myanmar', 'Set in Noto Serif Lao', 'Set in Noto Sans Oriya']) expect(sinhala).toContain(words);
  });

  it('dates a Thai article in the Buddhist Era in both editions, its title block and its colophon alike', async () => {
    // 2025-01-20 is 20 January 2568 BE.
    const zip = zips.get('scripts-th')!;
    const dayOf = async (entry: string): Promise<string> => /<time[^>]*datetime="2025-01-20[^"]*"[^>]*>([^<]*)<\/time>/.exec(await zip.file(entry)!.async('string'))![1]!;
    const titleBlock = await dayOf('OEBPS/titlepage.xhtml');
    const colophon = await dayOf('OEBPS/colophon.xhtml');
    expect(titleBlock).toBe('20 มกราคม 2568');
    expect(colophon).toBe(titleBlock);
    expect(`${titleBlock} ${colophon}`).not.toMatch(/2025/);
    // The PDF prints the same days: every day it writes in words is in 2568, none in 2025.
    const printed = pdfText(pdf('scripts-th'));
    expect(printed).toContain(titleBlock);
    expect(printed).toContain(colophon);
    expect(printed.match(/2568/g)?.length).toBeGreaterThanOrEqual(2);
    expect(printed).not.toMatch(/2025/);
  });

  it("speaks a Korean and a Thai article's own words from their tables, without a warning, in both editions", async () => {
    // (Georgian and Armenian have no table yet: their articles' own words fall back to English, with a warning.)
    expect(built.stderr.split('\n').filter((line) => /scripts-(ko|th)\//.test(line) && line.includes('galley has no words in'))).toEqual([]);
    const korean = pdfText(pdf('scripts-ko'));
    for (const words of ['글: 김민수', '출처와 크레디트', '1쪽 중 1쪽', '2025년 2월 14일 자(기사 최']) expect(korean.replace(/\s+/g, ' ')).toContain(words); // Korean breaks at its spaces: a phrase may run over two lines
    const thai = pdfText(pdf('scripts-th'));
    for (const words of ['โดย สมชาย ใจดี', 'แหล่งที่มาและเครดิต', 'หน้า 1 จาก 1', 'ลงวันที่ 20 มกราคม 2568']) expect(thai).toContain(words);
    for (const [name, heading, nav] of [['scripts-ko', '출처와 크레디트', '목차'], ['scripts-th', 'แหล่งที่มาและเครดิต', 'สารบัญ']] as const) {
      const zip = zips.get(name)!;
      expect(await zip.file('OEBPS/credits.xhtml')!.async('string'), name).toContain(heading);
      expect(await zip.file('OEBPS/toc.xhtml')!.async('string'), name).toContain(nav);
    }
    expect(pdfText(pdf('scripts-ko'))).not.toMatch(/Sources and credits|page 1 of 1/);
    expect(thai).not.toMatch(/Sources and credits|page 1 of 1/);
  });

  it("speaks a zh-TW article's own words in Traditional forms, in both editions", async () => {
    const printed = pdfText(pdf('scripts-zh-tw'));
    expect(printed).toContain('臺北的夜市');
    expect(printed).toContain('來源與署名');
    expect(printed).toContain('第 1 頁，共 1 頁');
    expect(printed).not.toContain('来源与署名');
    const credits = await zips.get('scripts-zh-tw')!.file('OEBPS/credits.xhtml')!.async('string');
    expect(credits).toContain('來源與署名');
    expect(credits).toContain('本文沒有圖片');
    // So does a Cantonese one (yue), which had English words and a warning that galley has none in `yue`.
    const cantonese = pdfText(pdf('scripts-yue'));
    for (const words of ['旺角老餅店結業', '文／陳嘉欣同黃志偉', '來源與署名', '第 1 頁，共 1 頁']) expect(cantonese).toContain(words);
    expect(cantonese).not.toMatch(/Sources and credits|By /);
    expect(built.stderr).not.toContain('scripts-yue/article.md');
  });

  it('ships the Thai face in the e-book, cut to the text, and the e-book passes EPUBCheck', async () => {
    const fonts = Object.keys(zips.get('scripts-th')!.files).filter((name) => name.startsWith('OEBPS/fonts/noto-serif-thai-'));
    expect(fonts.length).toBeGreaterThan(0);
    const result = await epubcheckAsync(path.join(out, 'scripts-th.epub'));
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  }, 120_000);

  it('warns once per script no face draws, at its first character, and marks those editions ⚠ rather than ✓', () => {
    const warnings = built.stderr.split('\n').filter((line) => line.includes('no shipped typeface'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/scripts-none\/article\.md:8:37: warning: no shipped typeface draws Javanese script: \d+ different characters \(/);
    const editions = `${built.stdout}\n${built.stderr}`.split('\n').filter((line) => /scripts-none\.(pdf|epub)/.test(line));
    expect(editions).toHaveLength(2);
    for (const line of editions) expect(line).toMatch(/^⚠ .*\d+ characters/);
    expect(editions.find((line) => line.includes('.pdf'))).toMatch(/print as boxes: no shipped typeface draws them/);
  });

  describe('Thai, which writes no space between words, set ragged rather than justified', () => {
    const context = useBrowserAndTempDir('galley-scripts-thai-');

    it('prints its lines with word spaces, not the gaps a justified line stretches at its few spaces', () => {
      const lines = pdfLines(pdf('scripts-th')).flatMap((page) => page.lines);
      const body = lines.filter((line) => line.words.length >= 3 && /[\u0E00-\u0E7F]/.test(line.text) && line.height < 20);
      expect(body.length).toBeGreaterThanOrEqual(4);
      for (const line of body) {
        const gaps = line.words.slice(1).map((word, i) => word.left - line.words[i]!.right);
        // A word space is about a quarter of the type size; justified, the fixture's lines had gaps of twice the size and more.
        expect(Math.max(...gaps), line.text).toBeLessThan(line.height * 0.5);
      }
    });

    it('sets its paragraphs flush to the start in the e-book', async () => {
      const dir = path.join(context.dir, 'book');
      await unzipTo(zips.get('scripts-th')!, dir);
      const page = await context.browser.newPage();
      try {
        await page.goto(pathToFileURL(path.join(dir, 'OEBPS', 'article.xhtml')).href);
        const aligns = await page.$$eval('section p', (ps) => ps.map((p) => getComputedStyle(p).textAlign));
        expect(aligns.length).toBeGreaterThan(0);
        expect(new Set(aligns)).toEqual(new Set(['start']));
      } finally {
        await page.close();
      }
    });
  });
});
