/**
 * Reading a print's text from its content streams (src/pdf/print-text.ts),
 * on prints Chromium makes: the lines as they are set, the words whole (the
 * soft hyphens Chromium marks and did not use left out, a ligature's letters
 * given back, word joiners left out), a note reference kept on its line, a
 * number set apart on the same line read after a space, each line's
 * position; and text written right to left left to pdf.js.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { namedDestinations } from '../src/pdf/destinations.js';
import { finishPdf } from '../src/pdf/finish.js';
import { takePrint } from '../src/pdf/print-document.js';
import type { PageGeometry } from '../src/pdf/page.js';
import { printedPages } from '../src/pdf/page-starts.js';
import { pageTexts, type PageText } from '../src/pdf/page-text.js';
import { NotPlainText, readPrintText } from '../src/pdf/print-text.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const context = useBrowserAndTempDir('galley-print-text-');
const require = createRequire(import.meta.url);

function face(family: string, file: string): string {
  const data = readFileSync(require.resolve(`@fontsource/${file}`)).toString('base64');
  return `@font-face { font-family: '${family}'; src: url(data:font/woff2;base64,${data}) format('woff2'); }`;
}

/** A5-sized pages with one-inch margins top and bottom. */
const geometry: PageGeometry = {
  name: 'a4',
  size: '148mm 210mm',
  widthIn: 148 / 25.4,
  heightIn: 210 / 25.4,
  marginTopIn: 1,
  marginBottomIn: 1,
  marginInnerIn: 0.75,
  marginOuterIn: 0.75,
  fontSizePt: 11,
  lineHeight: 1.4,
};

const page = (body: string, fonts: string): string => `<!doctype html><html lang="en"><head><style>
  ${fonts}
  @page { size: 148mm 210mm; margin: 1in 0.75in; }
  body { margin: 0; font: 11pt/1.4 Literata, Hebrew; }
  p { margin: 0 0 0.5em; }
  .page { break-before: page; }
  .toc { display: flex; justify-content: space-between; }
</style></head><body>${body}</body></html>`;

async function print(html: string): Promise<Uint8Array> {
  const tab = await context.browser.newPage();
  try {
    await tab.setContent(html, { waitUntil: 'load' });
    await tab.evaluate(() => document.fonts.ready.then(() => undefined));
    return await tab.pdf({ preferCSSPageSize: true, tagged: true, printBackground: true });
  } finally {
    await tab.close();
  }
}

let latinPdf: Uint8Array;
let latin: PageText[];
let hebrew: Uint8Array;

beforeAll(async () => {
  const fonts = face('Literata', 'literata/files/literata-latin-400-normal.woff2') + face('Hebrew', 'noto-serif-hebrew/files/noto-serif-hebrew-hebrew-400-normal.woff2');
  const words = 'The of\u00ADfi\u00ADcials said the in\u00ADtel\u00ADli\u00ADgence was dif\u00ADfer\u00ADent';
  latinPdf = await print(
      page(
        `<p>${words}.</p>
         <p>Voted 7\u2013\u20602 on Thursday.<sup>3</sup> After the note.</p>
         <p class="toc"><span>The tide gauge</span><span>7</span></p>
         <p style="width: 12em; text-align: justify">${'Filler words set justified, with hy\u00ADphen\u00ADat\u00ADed words. '.repeat(3)}</p>
         <p class="page" id="second">Second page, <a href="#second">linked</a>.</p>`,
        fonts,
      ),
  );
  latin = await readPrintText(latinPdf);
  hebrew = await print(page('<p>Shalom: <span lang="he" dir="rtl">שלום עולם</span> again.</p>', fonts));
}, 120_000);

describe('readPrintText, on a print of Chromium', () => {
  it('reads every page with its height, in points', () => {
    expect(latin.map((page) => Math.round(page.height))).toEqual([595, 595]);
  });

  it('gives the lines as they are set: words whole, note references on their line, a number apart after a space', () => {
    const lines = printedPages(latin, geometry)[0]!.lines;
    expect(lines[0]).toBe('The officials said the intelligence was different.');
    expect(lines[1]).toBe('Voted 7\u20132 on Thursday.3 After the note.');
    expect(lines[2]).toBe('The tide gauge 7');
    // Justified lines: the words and single spaces between them, and the hyphen where a line broke at a soft hyphen.
    const justified = lines.slice(3).join(' ');
    expect(justified).not.toMatch(/\u00AD|\u2060|\s{2}/);
    expect(justified.replace(/-\s/g, '')).toBe('Filler words set justified, with hyphenated words. '.repeat(3).trim());
    expect(printedPages(latin, geometry)[1]!.lines).toEqual(['Second page, linked.']);
  });

  it('places each line at its baseline, lines in the order printed, each ending its line', () => {
    const items = latin[0]!.items;
    expect(items.every((item) => item.dir === 'ltr')).toBe(true);
    const starts = items.filter((item, index) => index === 0 || items[index - 1]!.hasEOL);
    // The first line's baseline sits a little under the top margin (72 pt from the top of the page), at the left margin.
    expect(starts[0]!.x).toBeCloseTo(0.75 * 72, 0);
    expect(latin[0]!.height - starts[0]!.y).toBeGreaterThan(72);
    expect(latin[0]!.height - starts[0]!.y).toBeLessThan(72 + 16);
    const baselines = starts.map((item) => item.y);
    expect(baselines).toEqual([...baselines].sort((a, b) => b - a));
    expect(items.at(-1)!.hasEOL).toBe(true);
  });

  it('leaves text written right to left to pdf.js, which pageTexts then reads in its thread', async () => {
    await expect(readPrintText(hebrew)).rejects.toBeInstanceOf(NotPlainText);
    const text = (await pageTexts(hebrew))[0]!.items.map((item) => item.str).join('');
    expect(text).toContain('Shalom');
    expect(text).toMatch(/שלום|םולש/);
  });

  it('refuses what is not a PDF, with a clear message', async () => {
    await expect(pageTexts(new TextEncoder().encode('%PDF-1.7\nnothing else\n'))).rejects.toThrow(/could not be read back/);
  });
});

describe('a print read for its text and its destinations', () => {
  it('is parsed once for both', async () => {
    const copy = latinPdf.slice();
    const load = vi.spyOn(PDFDocument, 'load');
    try {
      const [pages, places] = await Promise.all([readPrintText(copy), namedDestinations(copy, ['second'])]);
      expect(printedPages(pages, geometry)[1]!.lines).toEqual(['Second page, linked.']);
      expect(places.get('second')?.page).toBe(2);
      expect(load).toHaveBeenCalledTimes(1);
      // Other bytes, even the same ones in another array, are parsed for themselves.
      await readPrintText(copy.slice());
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      load.mockRestore();
    }
  });

  it('is finished on that same parse once read, into the same bytes as a parse of its own; a later reader parses it again', async () => {
    const meta = { title: 'Read, then finished', language: 'en', authors: ['A. Writer'], keywords: [], date: new Date(Date.UTC(2025, 0, 2)), identifier: 'urn:test:finish', fingerprint: 'urn:test:finish' };
    const own = await finishPdf(latinPdf.slice(), meta, []);
    const copy = latinPdf.slice();
    const load = vi.spyOn(PDFDocument, 'load');
    try {
      await Promise.all([readPrintText(copy), namedDestinations(copy, ['second'])]);
      const shared = await finishPdf(takePrint(copy), meta, []);
      expect(load).toHaveBeenCalledTimes(1);
      expect(Buffer.from(shared.bytes).equals(Buffer.from(own.bytes))).toBe(true);
      expect(shared.pages).toBe(2);
      // The finished parse lost its soft-hyphen marks: what reads the print next reads Chromium's bytes again.
      expect(printedPages(await readPrintText(copy), geometry)[0]!.lines[0]).toBe('The officials said the intelligence was different.');
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      load.mockRestore();
    }
  });
});
