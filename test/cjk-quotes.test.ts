/**
 * Chinese and Japanese text takes its quotation marks (“ ” ‘ ’), its ellipsis
 * and its dash (…… ——) from its own face, in both editions: Literata came first for every character it draws
 * and set them narrow among full-width Chinese characters. English quoted
 * inside (a span marked `en`) keeps Literata's. Two fixtures
 * (test/fixtures/good/quotes-zh, quotes-ja), each built once: in the PDF the
 * face that draws each mark is read with pdf.js; in the e-book the fonts
 * Chromium uses for each paragraph are read from its layout of the e-book's
 * own page and style sheet (DevTools' CSS.getPlatformFontsForNode).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SpawnSyncReturns } from 'node:child_process';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfFacedRuns, screenFonts, useBrowserAndTempDir } from './pdf-helpers.js';

const MARKS = /[\u2018\u2019\u201c\u201d\u2026\u2014]/u;

/** Each quotation mark on the PDF's first page, with the face that draws it and whether it stands in Latin text. */
async function marksInPdf(file: string): Promise<Array<{ mark: string; face: string; latin: boolean }>> {
  const runs = await pdfFacedRuns(file, 1);
  return runs.flatMap((run, index) =>
    [...run.text].filter((char) => MARKS.test(char)).map((mark) => {
      // What stands beside the mark: Latin letters (the English quotation) or not.
      const around = `${runs[index - 1]?.text ?? ''}${run.text}${runs[index + 1]?.text ?? ''}`;
      return { mark, face: run.face, latin: /[a-z]{3}/.test(around) };
    }),
  );
}

describe.each([
  ['quotes-zh', 'Noto Serif SC', 'NotoSerifSC'],
  ['quotes-ja', 'Noto Serif JP', 'NotoSerifJP'],
] as const)('quotation marks in %s', (fixture, family, printed) => {
  const out = tempDir('galley-cjk-quotes-');
  const context = useBrowserAndTempDir('galley-cjk-quotes-ebook-');
  let built: SpawnSyncReturns<string>;
  beforeAll(() => {
    built = runCli(['build', path.join(repoRoot, 'test', 'fixtures', 'good', fixture), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it(`prints the marks of the ${fixture === 'quotes-zh' ? 'Chinese' : 'Japanese'} text in ${family}, and those of the English quotation in Literata`, async () => {
    const marks = await marksInPdf(path.join(out, `${fixture}.pdf`));
    const own = marks.filter((mark) => !mark.latin);
    const english = marks.filter((mark) => mark.latin);
    expect(own.length, 'marks in the text').toBeGreaterThanOrEqual(4);
    // The doubled ellipsis and dash among them.
    expect(own.map(({ mark }) => mark)).toEqual(expect.arrayContaining(['\u2026', '\u2014']));
    for (const { mark, face } of own) expect(face, `${mark} in the text`).toContain(printed);
    expect(english.length, 'marks in the English quotation').toBeGreaterThanOrEqual(3);
    for (const { mark, face } of english) expect(face, `${mark} in the English quotation`).toMatch(/^Literata/);
  });

  it(`sets the marks of the text in ${family} in the e-book, and those of the English quotation in Literata`, async () => {
    const dir = path.join(context.dir, fixture);
    const zip = await openEpub(path.join(out, `${fixture}.epub`));
    await unzipTo(zip, dir);
    const p1 = 'section p:nth-of-type(1)';
    const p2 = 'section p:nth-of-type(2)';
    const quotation = 'span[lang="en"]';
    const fonts = await screenFonts(context.browser, path.join(dir, 'OEBPS', 'article.xhtml'), [p1, p2, quotation]);
    // The first two paragraphs: the language's own text and its marks, no Latin letter.
    for (const selector of [p1, p2]) {
      // Chromium names a face as its file does ("Noto Serif SC ExtraLight", the family's variable font).
      expect(Object.keys(fonts[selector]!).map((name) => name.startsWith(family)), `${selector}: ${JSON.stringify(fonts[selector])}`).toEqual([true]);
    }
    // The English quotation (letters and marks) is all Literata.
    expect(Object.keys(fonts[quotation]!)).toEqual(['Literata']);
  }, 60_000);
});
