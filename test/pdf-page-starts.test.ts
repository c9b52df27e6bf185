import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PageGeometry } from '../src/pdf/page.js';
import { printedPages, wordsSplitAcrossPages, type PrintedPage } from '../src/pdf/page-starts.js';
import { pageTexts } from '../src/pdf/page-text.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const context = useBrowserAndTempDir('galley-page-starts-');

/** A6 with one-inch top and bottom margins, where the running head and the folio stand. */
const geometry: PageGeometry = {
  name: 'a4',
  size: '105mm 148mm',
  widthIn: 105 / 25.4,
  heightIn: 148 / 25.4,
  marginTopIn: 1,
  marginBottomIn: 1,
  marginInnerIn: 0.5,
  marginOuterIn: 0.5,
  fontSizePt: 10,
  lineHeight: 1.3,
};

const html = `<!doctype html><html lang="en"><head><style>
  @page { size: 105mm 148mm; margin: 1in 0.5in; }
  body { margin: 0; font: 10pt/1.3 sans-serif; }
  p { margin: 0 0 0.5em; }
  .page { break-before: page; }
</style></head><body>
  <p>Opening words of the first page<br>second line of the first page<br>and the in\u00ADtel\u00ADli-</p>
  <p class="page">gence agencies said so<br>on the second page, which ends<br>with a compound military-to-</p>
  <p class="page">military channel on the third page.</p>
  <p class="page">Last words.</p>
  <p class="page">A long page begins here. ${'Filler words again and again. '.repeat(12)}And it ends here.</p>
</body></html>`;

let pdf: Uint8Array;
let pages: PrintedPage[];

beforeAll(async () => {
  const page = await context.browser.newPage();
  try {
    await page.setContent(html);
    pdf = await page.pdf({
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<div style="font-size: 9pt; width: 100%; text-align: center">RUNNING HEAD</div>',
      footerTemplate: '<div style="font-size: 9pt; width: 100%; text-align: center">FOLIO <span class="pageNumber"></span></div>',
    });
  } finally {
    await page.close();
  }
  // As the PDF writer reads a print back: pdf.js in its own thread, then the text block's lines of each page.
  pages = printedPages(await pageTexts(pdf), geometry);
}, 60_000);

describe('printedPages, from the text the reading thread gives', () => {
  it('reads every page, numbered from one', () => {
    expect(pages.map((page) => page.page)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads the lines of the text block only, not the running head or the folio in the margins', () => {
    expect(pages[0]!.lines).toEqual(['Opening words of the first page', 'second line of the first page', 'and the intelli-']);
    expect(pages[3]!.lines).toEqual(['Last words.']);
    for (const page of pages) expect(page.text).not.toMatch(/RUNNING HEAD|FOLIO/);
  });

  it('gives where each page begins and ends, line breaks as spaces', () => {
    expect(pages[1]!.text).toBe('gence agencies said so on the second page, which ends with a compound military-to-');
    expect(pages[1]!.end).toBe(pages[1]!.text);
    expect(pages[2]!.text).toBe('military channel on the third page.');
  });

  it('keeps the first and the last 200 characters of a long page', () => {
    const long = pages[4]!;
    expect(long.lines.join(' ').length).toBeGreaterThan(300);
    expect(long.text).toHaveLength(200);
    expect(long.text.startsWith('A long page begins here. Filler words')).toBe(true);
    expect(long.end).toHaveLength(200);
    expect(long.end.endsWith('Filler words again and again. And it ends here.')).toBe(true);
  });

  it('reads the same when two PDFs are read at once', async () => {
    const [first, second] = await Promise.all([pageTexts(pdf), pageTexts(pdf)]);
    expect(printedPages(first, geometry)).toEqual(pages);
    expect(printedPages(second, geometry)).toEqual(pages);
  });
});

describe('wordsSplitAcrossPages', () => {
  it('finds the words the printed pages split, a compound at its own hyphen included', () => {
    expect(wordsSplitAcrossPages(pages)).toEqual(['intelligence', 'tomilitary']);
  });

  it('joins a word only when one page ends in a hyphen and the next opens with letters', () => {
    const long = { page: 1, text: 'x', end: 'word '.repeat(100) + 'be-' };
    expect(wordsSplitAcrossPages([long, { page: 2, text: 'tween them', end: '' }])).toEqual(['between']);
    expect(wordsSplitAcrossPages([{ page: 1, text: '', end: 'a word' }, { page: 2, text: 'tween', end: '' }])).toEqual([]);
    expect(wordsSplitAcrossPages([{ page: 1, text: '', end: 'a be-' }, { page: 2, text: '2. tween', end: '' }])).toEqual([]);
  });
});

describe('printedPages, lines of both directions', () => {
  // A Hebrew note whose line holds more Latin letters (a URL) than Hebrew ones, a Hebrew line opening with a
  // Latin name, and on a left-to-right page an English line quoting two Hebrew words.
  const note = 'הנתונים מתוך דו"ח רשות החדשנות, עמוד 12, ראו https://example.com/he/reports/innovation-authority-annual-report-2025.pdf.';
  const opening = 'Google Israel אמרה השבוע שהיא תפתח מרכז חדש בעיר.';
  const quoted = 'The sign read שוק הפנסים in large letters.';
  // Wide enough for the note on one line (the page's height is the geometry's: only the text block's top and bottom count).
  // galley's browser knows no system font but Literata: the Hebrew comes from galley's own Hebrew face.
  const require = createRequire(import.meta.url);
  const face = (file: string): string => `url(data:font/woff2;base64,${readFileSync(require.resolve(`@fontsource/${file}`)).toString('base64')})`;
  const faces = `@font-face { font-family: T; src: ${face('literata/files/literata-latin-400-normal.woff2')}; unicode-range: U+0000-00FF, U+2000-206F; }
    @font-face { font-family: T; src: ${face('noto-serif-hebrew/files/noto-serif-hebrew-hebrew-400-normal.woff2')}; unicode-range: U+0590-05FF, U+FB1D-FB4F; }`;
  const rtlHtml = `<!doctype html><html lang="he" dir="rtl"><head><style>${faces}
    @page { size: 250mm 148mm; margin: 1in 0.5in; }
    body { margin: 0; font: 8pt/1.3 T, serif; }
    p, li { margin: 0 0 0.5em; }
  </style></head><body><ol><li>${note}</li></ol><p>${opening}</p><p>${'שוק הפנסים נפתח בשבוע שעבר בעיר הנמל. '.repeat(3)}</p></body></html>`;
  const ltrHtml = `<!doctype html><html lang="en"><head><style>${faces}
    @page { size: 105mm 148mm; margin: 1in 0.5in; }
    body { margin: 0; font: 8pt/1.3 T, serif; }
  </style></head><body><p>${quoted}</p></body></html>`;
  let rtl: Awaited<ReturnType<typeof pageTexts>>;
  let ltr: Awaited<ReturnType<typeof pageTexts>>;

  beforeAll(async () => {
    const print = async (content: string): Promise<Uint8Array> => {
      const page = await context.browser.newPage();
      try {
        await page.setContent(content);
        return await page.pdf({ preferCSSPageSize: true });
      } finally {
        await page.close();
      }
    };
    rtl = await pageTexts(await print(rtlHtml));
    ltr = await pageTexts(await print(ltrHtml));
  }, 60_000);

  const letters = (text: string): string => text.replace(/[^\p{L}\p{N}]/gu, '');

  it('reads a right-to-left page in reading order, left-to-right runs (a URL, a number, a name) kept whole where they stand', () => {
    expect(note.match(/\p{Script=Latin}/gu)!.length).toBeGreaterThan(note.match(/\p{Script=Hebrew}/gu)!.length);
    const [page] = printedPages(rtl, geometry, () => 'rtl');
    // The note's number (print only) opens its line; then the words as written.
    expect(page!.lines.slice(0, 2).map(letters)).toEqual([`1${letters(note)}`, letters(opening)]);
  });

  it('reads it so without being told, when most of the page is right to left, though the note\'s line is mostly Latin', () => {
    expect(printedPages(rtl, geometry)[0]!.lines.slice(0, 2).map(letters)).toEqual([`1${letters(note)}`, letters(opening)]);
  });

  it('reads a left-to-right page in reading order, its right-to-left run turned back', () => {
    expect(printedPages(ltr, geometry, () => 'ltr')[0]!.lines.map(letters)).toEqual([letters(quoted)]);
  });
});
