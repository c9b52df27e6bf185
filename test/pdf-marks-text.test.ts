/**
 * Letters with marks, read back from the PDF as poppler reads it (pdftotext;
 * and with it search and copy in Evince, Okular and the indexers built on
 * it): every word whole, its marks after their letter.
 *
 * - Yoruba writes its tones on dotted vowels (ẹ́, ọ̀: a letter and two
 *   marks, no precomposed form): each such vowel ended its word ("lẹ́ yìn").
 * - Yiddish points almost every alef and pe (אַ אָ פֿ ײַ), right to left:
 *   the point came out before its letter and the word broke after it
 *   ("ַא נַײ ע" for אַ נײַע). So did Arabic's vowel marks (كُتب, العبّارة).
 * - Hebrew's points (a Bible verse in full niqqud) read with their letters,
 *   and Persian's ezafe ـهٔ with its hamza after the heh. A tanween drawn
 *   left of its alef (Amiri's اً, at a word's end) began its word's box in
 *   the word space before: "کأساً و" read "کأساًو".
 * - Uzbek's ʻ (U+02BB), which Literata draws with no advance: the
 *   letter-spaced byline and dateline read "Gʻ ayrat Oʻ rinov", "FARGʻ O NA".
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const CASES = ['marks-yo', 'marks-yi', 'marks-he', 'marks-fa', 'words-ar', 'apostrophes-uz'] as const;

/** The PDF's text as pdftotext gives it, composed (NFC) as a reader types a search. */
function pdfText(file: string): string {
  return spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout.normalize('NFC');
}

/** Page 1's text as pdf.js gives it (Firefox's viewer), composed. */
async function pdfjsText(file: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, disableFontFace: true }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  return content.items
    .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
    .join('')
    .normalize('NFC');
}

describe('words with marks read whole from the PDF', () => {
  const out = tempDir('galley-marks-text-');
  let built: SpawnSyncReturns<string>;
  const text = (name: (typeof CASES)[number]): string => pdfText(path.join(out, `${name}.pdf`));

  beforeAll(() => {
    built = runCli(['build', ...CASES.map(good), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 300_000);

  it('builds', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('reads a Yoruba tone on a dotted vowel with its word', () => {
    const yoruba = text('marks-yo');
    for (const words of ['Ọjà Ọ̀yọ́ tuntun', 'sílẹ̀ lẹ́yìn ọdún mẹ́ta', 'ìlú Ọ̀yọ́.', 'Ọjà Àkẹ̀sán', 'tí wọ́n ti ń kọ́ ọ', 'púpọ̀,', 'Ìyálọ́jà', 'ṣọ́ọ̀bù ẹgbẹ̀rún', 'Ọ̀YỌ́']) {
      expect(yoruba, words).toContain(words.normalize('NFC'));
    }
  });

  it('reads a pointed Yiddish letter after its letter, in its word', () => {
    const yiddish = text('marks-yi');
    for (const words of ['אַ נײַע ייִדישע ביבליאָטעק', 'אַן אויסגעטראַכטע ידיעה', 'האָט זיך געעפֿנט', 'פֿון דער גאַנצער וועלט', 'זאָגט די דירעקטאָרין שׂרה', 'װײַנשטײן', 'ראָזענבערג', 'פֿאַר קינדער']) {
      expect(yiddish, words).toContain(words.normalize('NFC'));
    }
    // No point stands at a word's start, before its letter.
    expect(yiddish).not.toMatch(/(^|\s)[\u05b0-\u05c7]/mu);
  });

  it('reads a Hebrew word in full niqqud whole, its points after their letters', () => {
    const hebrew = text('marks-he');
    for (const words of ['בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ׃', 'שִׁיר הַמַּעֲלוֹת']) expect(hebrew, words).toContain(words.normalize('NFC'));
    expect(hebrew).not.toMatch(/(^|\s)[\u0591-\u05c7]/mu);
  });

  it('reads the Persian ezafe with its hamza after the heh, and a word ending in tanween apart from the next', async () => {
    const persian = text('marks-fa');
    for (const words of ['بازگشایی کتاب‌خانهٔ مرکزی', 'دوباره خانهٔ کتاب‌خوان‌ها', 'خانهٔ همهٔ کتاب‌خوان‌ها', 'تالار مطالعهٔ کودکان', 'هزینهٔ بازسازی', 'ادر کأساً و ناولها', 'واقعاً و حتماً باز']) {
      expect(persian, words).toContain(words.normalize('NFC'));
    }
    expect(persian).not.toMatch(/(^|\s)[\u064b-\u0655]/mu);
    // pdf.js reads every word of the quotation, as before.
    const read = await pdfjsText(path.join(out, 'marks-fa.pdf'));
    for (const word of ['کأساً', 'ناولها', 'واقعاً', 'حتماً', 'مطالعهٔ']) expect(read, word).toContain(word.normalize('NFC'));
  });

  it('reads an Uzbek ʻ with its word in the letter-spaced byline and dateline, as in the text', async () => {
    const uzbek = text('apostrophes-uz');
    for (const words of ['Oʻzbekistonda gʻalla', 'By Gʻayrat Oʻrinov · FARGʻONA', 'Fargʻona viloyatida oʻn ikkita', 'Oʻtkir Gʻulomov']) expect(uzbek, words).toContain(words);
    // pdf.js, which starts a new run at each marked span, read the byline's names whole before, and still does.
    const read = await pdfjsText(path.join(out, 'apostrophes-uz.pdf'));
    for (const words of ['Gʻayrat Oʻrinov', 'Oʻtkir Gʻulomov']) expect(read, words).toContain(words);
  });

  it("reads Arabic's vowel marks after their letter", () => {
    const arabic = text('words-ar');
    for (const words of ['العبّارة تعود', 'تقرير متخيَّل', 'كُتب مثالًا', 'متخيَّل بالكامل']) expect(arabic, words).toContain(words.normalize('NFC'));
    expect(arabic).not.toMatch(/(^|\s)[\u064b-\u0652]/mu);
  });
});
