/**
 * Does the print page's screen layout break lines where the printed PDF
 * does? For each manuscript and page size given, galley lays the article out
 * as usual (counting its layouts); the final print page is then opened again
 * in a sandboxed page with print media emulated and the viewport at the text
 * block's width, rounded up to a whole CSS pixel (Chromium lays the printed
 * page out at that width), and every line of every paragraph and list item
 * is read from the page's own layout (a Range's client rects per
 * character). Each screen line is looked for among the PDF's lines, each of
 * the PDF's body lines among the screen's, and the mean word space of each
 * body line is compared with the PDF's (what loose-line tracking measures).
 *
 *   npx tsx bench/screen-lines.ts [--sizes letter,a4,6x9] DIR...
 *
 * Lines with Hebrew or Arabic are not compared (the PDF holds them in
 * visual order), nor are the letters of f-ligatures (Chromium's PDF maps
 * some ligature glyphs to no text).
 */
import { parseArgs } from 'node:util';
import type { Browser, HTTPRequest } from 'puppeteer';
import { loadManuscript } from '../src/manuscript/index.js';
import { launchBrowser, renderPdf, SandboxPool, type PageSize } from '../src/pdf/index.js';
import { skeleton, type PrintedLineSpacing } from '../src/pdf/loose-lines.js';
import { measureIn, pageGeometry, type PageGeometry } from '../src/pdf/page.js';
import { printedPages } from '../src/pdf/page-starts.js';
import { pageTexts } from '../src/pdf/page-text.js';
import type { SandboxFiles } from '../src/pdf/sandbox.js';

interface ScreenLine {
  /** The line's text, note references included. */
  text: string;
  /** Without note references (as the PDF's word spaces are read). */
  plain: string;
  /** Widths of its word spaces, in CSS pixels. */
  spaces: number[];
}

interface Glyph {
  unicode?: string;
  isSpace?: boolean;
}

/**
 * The body lines of every page of a printed PDF, read with pdf.js in this
 * process: their text and word spaces. Chromium places every glyph with its
 * own `Td`, so the advance after a space glyph is that word space,
 * justification included.
 */
async function printedSpacings(pdf: Uint8Array, geometry: PageGeometry): Promise<PrintedLineSpacing[]> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    return await spacingsOf(document, OPS, geometry);
  } finally {
    await document.destroy();
  }
}

type OpenedPdf = Awaited<ReturnType<typeof import('pdfjs-dist/legacy/build/pdf.mjs').getDocument>['promise']>;

async function spacingsOf(document: OpenedPdf, OPS: typeof import('pdfjs-dist/legacy/build/pdf.mjs').OPS, geometry: PageGeometry): Promise<PrintedLineSpacing[]> {
  const lines: PrintedLineSpacing[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const { fnArray, argsArray } = await page.getOperatorList();
    let size = 0;
    let y: number | undefined;
    // The line's glyphs and word spaces, with the type size of each.
    let glyphs: Array<{ size: number; text: string }> = [];
    let spaces: Array<{ size: number; width: number }> = [];
    let afterSpace = false;
    const flush = (): void => {
      if (glyphs.length > 0) {
        // The line's own size; smaller glyphs are note references, not part of its words.
        const counts = new Map<number, number>();
        for (const glyph of glyphs) counts.set(glyph.size, (counts.get(glyph.size) ?? 0) + 1);
        const lineSize = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
        let text = glyphs.filter((glyph) => glyph.size === lineSize).map((glyph) => glyph.text).join('');
        let widths = spaces.filter((space) => space.size === lineSize).map((space) => space.width);
        // A list item's number ("11. "), drawn by Chromium, is not in the item's text, and the gap after it is no word space.
        const marker = /^\s*\d+\.\s/.exec(text);
        if (marker) {
          text = text.slice(marker[0].length);
          widths = widths.slice(1);
        }
        const key = skeleton(text);
        if (widths.length >= 2 && key.length > 0) {
          lines.push({ key, letters: key.length, spaces: widths.length, space: widths.reduce((a, b) => a + b, 0) / widths.length, size: lineSize });
        }
      }
      glyphs = [];
      spaces = [];
      afterSpace = false;
    };
    // A note reference is raised by less than half the line's type size; the next line is a whole line height away.
    const moveTo = (next: number): void => {
      const lineSize = glyphs.reduce((largest, glyph) => Math.max(largest, glyph.size), 0);
      if (y !== undefined && Math.abs(next - y) > Math.max(0.5, 0.6 * lineSize)) flush();
      y = next;
    };
    for (let i = 0; i < fnArray.length; i++) {
      const fn = fnArray[i];
      const args = argsArray[i] as unknown[];
      if (fn === OPS.setFont) {
        size = Math.round(Math.abs(Number(args[1])) * 100) / 100;
        afterSpace = false;
      } else if (fn === OPS.setTextMatrix) {
        // Each run of glyphs starts with a matrix: same line while its y stays.
        moveTo(Number((args[0] as Record<number, number>)[5] ?? args[5]));
        afterSpace = false;
      } else if (fn === OPS.moveText) {
        const [dx, dy] = args as [number, number];
        if (Math.abs(dy) > 0.01) moveTo((y ?? 0) + dy);
        // Each glyph is placed from the one before: after a space glyph, the step is the word space.
        // An unused soft hyphen is an invisible space glyph with no advance: not a word space.
        else if (afterSpace && dx > 0.05 * size) spaces.push({ size, width: dx });
        afterSpace = false;
      } else if (fn === OPS.showText) {
        for (const glyph of args[0] as Array<Glyph | number>) {
          if (typeof glyph === 'number') continue;
          glyphs.push({ size, text: glyph.unicode ?? '' });
          afterSpace = glyph.isSpace === true || glyph.unicode === ' ';
        }
      }
    }
    flush();
    page.cleanup();
  }
  // Body text: the page's type size (in CSS pixels, as Chromium writes it); headings, captions and notes are set in others.
  const body = (geometry.fontSizePt * 4) / 3;
  return lines.filter((line) => Math.abs(line.size - body) < 0.05);
}

const unjoined = (key: string): string => key.replace(/ff[il]?|f[il]/g, '');
const compared = (key: string): boolean => !/[\p{Script=Hebrew}\p{Script=Arabic}]/u.test(key);

/** The lines of every paragraph and list item of `files`' page, laid out on screen at `width` CSS pixels. */
async function screenLines(browser: Browser, files: SandboxFiles, width: number): Promise<ScreenLine[]> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      const url = new URL(request.url());
      const file = url.origin === 'https://galley.invalid' ? files.get(decodeURIComponent(url.pathname.slice(1))) : undefined;
      void (file ? request.respond({ status: 200, contentType: file.contentType, body: file.body }) : request.abort()).catch(() => {});
    });
    await page.emulateMediaType('print');
    await page.setViewport({ width, height: 1000 });
    await page.goto('https://galley.invalid/index.html', { waitUntil: 'load' });
    // Measured only once every face has loaded (a line set in a fallback face breaks elsewhere).
    while (!(await page.evaluate(() => document.fonts.status === 'loaded'))) await new Promise((resolve) => setTimeout(resolve, 5));
    return await page.evaluate(() => {
      const lines: Array<ScreenLine & { bottom: number }> = [];
      const range = document.createRange();
      for (const block of document.body.querySelectorAll('p, li')) {
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        let current: (ScreenLine & { bottom: number }) | undefined;
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          let inner = node.parentElement;
          let nested = false;
          let note = false;
          for (; inner && inner !== block; inner = inner.parentElement) {
            if (inner.tagName === 'P' || inner.tagName === 'LI') nested = true;
            if (inner.tagName === 'SUP') note = true;
          }
          if (nested) continue;
          for (let i = 0; i < node.data.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            // A character right after a break also has a rect at the end of the line before (the hyphen): take the lowest.
            let rect: DOMRect | undefined;
            for (const candidate of range.getClientRects()) if (candidate.height > 0 && (!rect || candidate.top > rect.top)) rect = candidate;
            if (!rect) continue;
            if (!current || (rect.top + rect.bottom) / 2 > current.bottom) lines.push((current = { text: '', plain: '', spaces: [], bottom: rect.bottom }));
            current.bottom = Math.max(current.bottom, rect.bottom);
            const char = node.data[i]!;
            current.text += char;
            if (!note) current.plain += char;
            if ((char === ' ' || char === '\u00A0') && !note) current.spaces.push(rect.width);
          }
        }
      }
      return lines.map(({ text, plain, spaces }) => ({ text, plain, spaces }));
    });
  } finally {
    await context.close();
  }
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { sizes: { type: 'string', default: 'letter,a4,6x9' } } });
const sizes = values.sizes!.split(',') as PageSize[];
const launched = await launchBrowser();
const pool = new SandboxPool(launched.browser);
// Every layout renderPdf makes, counted; the last one's files and PDF kept.
let layouts = 0;
let last: { files: SandboxFiles; pdf: Uint8Array } | undefined;
const acquire = pool.acquire.bind(pool);
const counted = new WeakSet<object>();
pool.acquire = async () => {
  const sandbox = await acquire();
  if (!counted.has(sandbox)) {
    counted.add(sandbox);
    const render = sandbox.render.bind(sandbox);
    sandbox.render = async (files, options) => {
      layouts++;
      const result = await render(files, options);
      last = { files, pdf: result.pdf };
      return result;
    };
  }
  return sandbox;
};
let failed = 0;
try {
  for (const dir of positionals) {
    const { document } = await loadManuscript(dir);
    for (const size of sizes) {
      layouts = 0;
      const { pages } = await renderPdf(document, { browser: launched.browser, sandboxes: pool, pageSize: size });
      const geometry = pageGeometry[size];
      const printed = new Set<string>();
      for (const page of printedPages(await pageTexts(last!.pdf), geometry)) for (const line of page.lines) printed.add(unjoined(skeleton(line.replace(/^\s*\d+\.\s/, ''))));
      const body = await printedSpacings(last!.pdf, geometry);
      const screen = await screenLines(launched.browser, last!.files, Math.ceil(measureIn(geometry) * 96));
      const onScreen = new Map(screen.map((line) => [unjoined(skeleton(line.plain)), line]));
      const screenOnly = screen.filter((line) => compared(line.text) && skeleton(line.text) !== '' && !printed.has(unjoined(skeleton(line.text)))).map((line) => line.text);
      const printOnly: string[] = [];
      let worst = 0;
      let worstLine = '';
      for (const line of body.filter((line) => compared(line.key))) {
        const match = onScreen.get(unjoined(line.key));
        if (!match) {
          printOnly.push(line.key);
          continue;
        }
        const spaces = match.spaces.filter((width) => width > 0.05 * line.size);
        const mean = spaces.reduce((sum, width) => sum + width, 0) / spaces.length;
        const difference = Math.abs(mean - line.space) / line.space;
        if (difference > worst) [worst, worstLine] = [difference, line.key];
      }
      if (screenOnly.length + printOnly.length > 0) failed++;
      console.log(JSON.stringify({ manuscript: dir, size, layouts, pages, screenLines: screen.length, screenOnly: screenOnly.length, bodyLines: body.length, printOnly: printOnly.length, worstSpaceDifference: Number(worst.toFixed(4)), worstLine }));
      for (const text of screenOnly) console.log(`  only on screen: ${JSON.stringify(text)}`);
      for (const key of printOnly) console.log(`  only in the PDF: ${key}`);
    }
  }
} finally {
  await pool.close();
  await launched.close();
}
process.exitCode = failed > 0 ? 1 : 0;
