/**
 * Shared by the PDF tests: a browser per test file, poppler and /proc helpers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../src/pdf/browser.js';
import { openEpub, unzipTo } from './helpers.js';

/**
 * One browser and one temporary folder for the tests of a file: launched
 * before them, closed and removed after them. Read `browser` and `dir` inside
 * tests and hooks (they are set once the file's tests start).
 */
export function useBrowserAndTempDir(prefix: string): { readonly browser: Browser; readonly dir: string } {
  let launched: LaunchedBrowser | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    launched = await launchBrowser();
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    await launched?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get browser() {
      if (!launched) throw new Error('The browser is launched before the tests, not while the file loads.');
      return launched.browser;
    },
    get dir() {
      if (!dir) throw new Error('The folder is made before the tests, not while the file loads.');
      return dir;
    },
  };
}

/**
 * The e-book `epub` unzipped into the context's folder (under `name`) and
 * its article opened in a new page of the context's browser at `viewport`
 * (a phone's 360 × 640 unless told), its fonts loaded. The caller closes it.
 */
export async function openEbookArticle(context: { readonly browser: Browser; readonly dir: string }, epub: string, name: string, viewport = { width: 360, height: 640 }): Promise<Page> {
  const dir = path.join(context.dir, name);
  await unzipTo(await openEpub(epub), dir);
  const page = await context.browser.newPage();
  try {
    await page.setViewport(viewport);
    await page.goto(pathToFileURL(path.join(dir, 'OEBPS', 'article.xhtml')).href);
    await page.evaluate(() => document.fonts.ready);
    return page;
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** Pids of the processes (other than this one) whose command line contains `needle`. */
export function processesWith(needle: string): number[] {
  if (!existsSync('/proc')) return [];
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Waits until no process has `needle` on its command line; returns the ones left after `ms`. */
export async function waitForNoProcessWith(needle: string, ms = 5_000): Promise<number[]> {
  const until = Date.now() + ms;
  let left = processesWith(needle);
  while (left.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = processesWith(needle);
  }
  return left;
}

export function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/**
 * A page (1-based) rendered in grey at 72 dpi, so that a pixel is a point:
 * whether something is drawn at (x, y), points from the page's top left.
 * Any tint counts: a pale graphic (a light blue ground, grey 238) is the
 * picture's ink, not an empty page.
 */
export function pageInk(file: string, page: number): { width: number; height: number; inked: (x: number, y: number) => boolean } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'galley-ink-'));
  try {
    const out = path.join(dir, 'page');
    run('pdftoppm', ['-gray', '-r', '72', '-f', String(page), '-l', String(page), '-singlefile', file, out]);
    const pgm = readFileSync(`${out}.pgm`);
    // P5 <width> <height> <max> and one byte a pixel.
    const [, width, height] = pgm.subarray(0, 20).toString('latin1').split(/\s+/).map(Number) as [number, number, number];
    const start = pgm.length - width * height;
    return { width, height, inked: (x, y) => pgm[start + y * width + x]! < 248 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * How far left and right anything is drawn (pageInk) on the first page, from
 * the top of the first line whose text `test` accepts to the bottom of the
 * last (pdftotext's word boxes run wide of made-up words: the ink does not).
 * Returns a reader of such bands for one PDF.
 */
export function inkBands(file: string): (test: (text: string) => boolean) => { left: number; right: number } {
  const lines = pdfLines(file)[0]!.lines;
  const { width, inked } = pageInk(file, 1);
  return (test) => {
    const chosen = lines.filter((line) => test(line.words.map((word) => word.text).join(' ')));
    const [top, bottom] = [Math.min(...chosen.map((line) => line.top)), Math.max(...chosen.map((line) => line.bottom))];
    let left = width;
    let right = 0;
    for (let y = Math.ceil(top); y < Math.floor(bottom); y++) for (let x = 0; x < width; x++) if (inked(x, y)) [left, right] = [Math.min(left, x), Math.max(right, x + 1)];
    return { left, right };
  };
}

/** The lowest row drawn above `bottom` (points from the page's top) on a page (1-based), text or picture (pageInk): in points from the page's top; 0 when nothing is drawn there. */
export function lowestInk(file: string, page: number, bottom: number): number {
  const { width, height, inked } = pageInk(file, page);
  for (let row = Math.min(height, Math.floor(bottom)) - 1; row >= 0; row--) {
    for (let x = 0; x < width; x++) if (inked(x, row)) return row + 1;
  }
  return 0;
}

export function pdfText(file: string, layout = false): string {
  return run('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-']);
}

export function pdfInfo(file: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run('pdfinfo', ['-enc', 'UTF-8', file]).split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) info[match[1]!.trim()] = match[2]!.trim();
  }
  return info;
}

export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(file: string): FontRow[] {
  const lines = run('pdffonts', [file]).split('\n');
  const header = lines[0] ?? '';
  const typeAt = header.indexOf('type');
  const encodingAt = header.indexOf('encoding');
  const embAt = header.indexOf('emb');
  return lines
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => ({
      name: line.slice(0, typeAt).trim(),
      type: line.slice(typeAt, encodingAt).trim(),
      embedded: line.slice(embAt, embAt + 3).trim() === 'yes',
    }));
}

/** The outline (bookmarks) titles, via qpdf's JSON. */
export function pdfOutline(file: string): string[] {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', file])) as {
    outlines: { title: string; kids: unknown[] }[];
  };
  const titles: string[] = [];
  const walk = (items: { title: string; kids: unknown[] }[]): void => {
    for (const item of items) {
      titles.push(item.title);
      walk(item.kids as { title: string; kids: unknown[] }[]);
    }
  };
  walk(json.outlines);
  return titles;
}

/** `qpdf --check`: throws when qpdf finds errors. */
export function qpdfCheck(file: string): string {
  return run('qpdf', ['--check', file]);
}

/** A box on a printed page, in points from the page's top left corner. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface BoxedWord extends Box {
  text: string;
}

export interface BoxedLine extends Box {
  words: BoxedWord[];
  /** Its words, a space between each. */
  text: string;
}

/**
 * Each page's lines and their words with their boxes, as poppler's
 * `pdftotext -bbox-layout` gives them: in its reading order (a word of a
 * right-to-left line as drawn, its letters reversed). `first` and `last`
 * (from 1) read only those pages: the first page read comes first.
 */
export function pdfWordBoxes(file: string, pages: { first?: number; last?: number } = {}): Array<{ width: number; height: number; lines: BoxedLine[] }> {
  const range = [...(pages.first ? ['-f', String(pages.first)] : []), ...(pages.last ? ['-l', String(pages.last)] : [])];
  const xml = run('pdftotext', ['-bbox-layout', ...range, file, '-']);
  const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
  const box = (match: RegExpMatchArray): Box => ({ left: Number(match[1]), top: Number(match[2]), right: Number(match[3]), bottom: Number(match[4]) });
  return [...xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((page) => ({
    width: Number(page[1]),
    height: Number(page[2]),
    lines: [...page[3]!.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((line) => {
      const words = [...line[5]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((word) => ({ ...box(word), text: decode(word[5]!) }));
      return { ...box(line), words, text: words.map((word) => word.text).join(' ') };
    }),
  }));
}

export interface PrintedLine extends BoxedLine {
  /** Height of the words: their type size, roughly. */
  height: number;
}

/** The lines of each page with the positions of their words (pdfWordBoxes), top to bottom. */
export function pdfLines(file: string): Array<{ width: number; height: number; lines: PrintedLine[] }> {
  return pdfWordBoxes(file).map(({ width, height, lines }) => ({
    width,
    height,
    lines: lines.map((line) => ({ ...line, height: line.bottom - line.top })).sort((a, b) => a.top - b.top || a.left - b.left),
  }));
}

/**
 * Word spaces of the full lines of body text (poppler's word boxes): lines
 * set in the most common type size that run the whole measure (justified,
 * not a paragraph's last line) and have three words or more. `space` is a
 * line's mean gap between words, `ratio` that over the median of all.
 */
export function wordSpaces(file: string): { lines: Array<{ page: number; text: string; ratio: number }>; median: number } {
  const found: Array<{ page: number; text: string; space: number }> = [];
  pdfLines(file).forEach(({ lines }, index) => {
    const sizes = new Map<number, number>();
    for (const line of lines) sizes.set(Math.round(line.height * 2) / 2, (sizes.get(Math.round(line.height * 2) / 2) ?? 0) + 1);
    const body = [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0];
    const text = lines.filter((line) => Math.round(line.height * 2) / 2 === body);
    if (text.length === 0) return;
    const left = Math.min(...text.map((line) => line.left));
    const right = Math.max(...text.map((line) => line.right));
    for (const line of text) {
      // Full: reaches the right edge; starts at the left edge or a paragraph indent.
      if (line.right < right - 0.75 || line.left > left + 20 || line.words.length < 3) continue;
      // A list item's number is not a word of the line, and the gap after it is no word space.
      const words = /^\d+\.$/.test(line.words[0]!.text) ? line.words.slice(1) : line.words;
      if (words.length < 3) continue;
      const gaps = words.slice(1).map((word, i) => word.left - words[i]!.right);
      found.push({ page: index + 1, text: line.text, space: gaps.reduce((a, b) => a + b, 0) / gaps.length });
    }
  });
  const sorted = found.map((line) => line.space).sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, lines: found.map(({ page, text, space }) => ({ page, text, ratio: space / median })) };
}

/**
 * The limit on loose lines galley meets: of the full lines of body text, at
 * most `share` have word spaces over `ratio` × the median, and none over
 * `worst` × (measured with wordSpaces(): poppler's word boxes).
 */
export const LOOSE_LINE_LIMIT = { ratio: 1.6, share: 0.03, worst: 2.5 };

/** A PDF's full lines against LOOSE_LINE_LIMIT: how many, which are loose (described for a message), the worst ratio. */
export function looseLines(file: string): { full: number; loose: string[]; allowed: number; worst: number } {
  const { lines } = wordSpaces(file);
  const loose = lines.filter((line) => line.ratio > LOOSE_LINE_LIMIT.ratio).map((line) => `page ${line.page}, ${line.ratio.toFixed(2)}×: ${line.text}`);
  return { full: lines.length, loose, allowed: Math.floor(lines.length * LOOSE_LINE_LIMIT.share), worst: Math.max(...lines.map((line) => line.ratio)) };
}

/** What the word-space tests promise, for their names. */
export const EVEN_WORD_SPACES = `at most ${LOOSE_LINE_LIMIT.share * 100}% of full lines over ${LOOSE_LINE_LIMIT.ratio}× the median word space, none over ${LOOSE_LINE_LIMIT.worst}×`;

/**
 * Holds a PDF to LOOSE_LINE_LIMIT; `atLeast` full lines must have been
 * measured (fewer: the measure found no body text, and checked nothing).
 */
export function expectEvenWordSpaces(file: string, atLeast = 1): void {
  const { full, loose, allowed, worst } = looseLines(file);
  expect(full, 'full lines of body text measured').toBeGreaterThanOrEqual(atLeast);
  expect(loose.length, loose.join('\n')).toBeLessThanOrEqual(allowed);
  expect(worst).toBeLessThanOrEqual(LOOSE_LINE_LIMIT.worst);
}

/**
 * The faces Chromium draws each selector's text in (family → glyphs), on a page
 * opened from `file` once its fonts are loaded: what a reader of the e-book sees,
 * not what the style sheet asks for.
 */
export async function screenFonts(browser: Browser, file: string, selectors: string[]): Promise<Record<string, Record<string, number>>> {
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(() => document.fonts.ready);
    const client = await page.createCDPSession();
    await client.send('DOM.enable');
    await client.send('CSS.enable');
    const { root } = await client.send('DOM.getDocument', { depth: -1 });
    const fonts: Record<string, Record<string, number>> = {};
    for (const selector of selectors) {
      const { nodeId } = await client.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts: used } = await client.send('CSS.getPlatformFontsForNode', { nodeId });
      fonts[selector] = Object.fromEntries(used.map((font) => [font.familyName, font.glyphCount]));
    }
    return fonts;
  } finally {
    await page.close();
  }
}

export interface Tagged {
  role: string;
  lang: string | undefined;
  /** The text of its marked content, in content-stream order (right-to-left runs come word by word). */
  text: string;
}

/** Every structure element of the tagged PDF that carries its own /Lang, with the text it holds, read with pdf.js. */
export async function languageElements(file: string): Promise<Tagged[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false }).promise;
  const found: Tagged[] = [];
  interface Node { role?: string; lang?: string; type?: string; id?: string; children?: Node[] }
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    const content = await page.getTextContent({ includeMarkedContent: true });
    // Marked content nests (Chromium wraps runs in untagged BMC): a stack finds the tagged id each text belongs to.
    const texts = new Map<string, string>();
    const open: Array<string | undefined> = [];
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'endMarkedContent') open.pop();
        else open.push(item.id ?? undefined);
      } else {
        const id = [...open].reverse().find((candidate) => candidate !== undefined);
        if (id) texts.set(id, (texts.get(id) ?? '') + item.str);
      }
    }
    const textOf = (node: Node): string => (node.type === 'content' ? (texts.get(node.id!) ?? '') : (node.children ?? []).map(textOf).join(''));
    const walk = (node: Node): void => {
      if (node.lang && node.role && node.role !== 'Root') found.push({ role: node.role, lang: node.lang, text: textOf(node) });
      for (const child of node.children ?? []) walk(child);
    };
    walk((await page.getStructTree()) as unknown as Node);
  }
  await doc.destroy();
  return found;
}

export interface PdfLink {
  /** The page the link is on, from 1. */
  page: number;
  /** Its rectangle, in points from the page's lower left: [x1, y1, x2, y2]. */
  rect: number[];
  /** The named destination it goes to (a link inside the document), or its address (one out of it). */
  dest?: string;
  url?: string;
  /** The page its destination is on, from 1. */
  to?: number;
  /** How far down that page the destination is, in points from the page's top. */
  toTop?: number;
}

/** Every link annotation of the PDF, page by page, with where its named destination leads, read with pdf.js. */
export async function pdfLinks(file: string): Promise<PdfLink[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false }).promise;
  const links: PdfLink[] = [];
  try {
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      for (const annotation of (await page.getAnnotations()) as Array<{ subtype: string; rect: number[]; dest?: unknown; url?: string }>) {
        if (annotation.subtype !== 'Link') continue;
        const link: PdfLink = { page: number, rect: annotation.rect };
        if (typeof annotation.dest === 'string') {
          link.dest = annotation.dest;
          // [page reference, /XYZ, left, top, zoom]
          const explicit = (await doc.getDestination(annotation.dest)) as [{ num: number; gen: number }, { name: string }, number | null, number | null] | null;
          if (explicit) {
            link.to = (await doc.getPageIndex(explicit[0])) + 1;
            const height = (await doc.getPage(link.to)).view[3]!;
            if (typeof explicit[3] === 'number') link.toTop = height - explicit[3];
          }
        } else if (annotation.url) link.url = annotation.url;
        links.push(link);
      }
    }
  } finally {
    await doc.destroy();
  }
  return links;
}

/** A run of a PDF's text as pdf.js gives it: its page (from 1), its text, and the face that draws it, without its subset prefix ("Literata-Italic"). */
export interface FacedRun {
  page: number;
  text: string;
  face: string;
}

/** The runs of text of a PDF's pages (all, or the first `pages` of them), in the order pdf.js gives them, each with its face. */
export async function pdfFacedRuns(file: string, pages?: number): Promise<FacedRun[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, disableFontFace: true }).promise;
  const runs: FacedRun[] = [];
  try {
    for (let number = 1; number <= Math.min(pages ?? doc.numPages, doc.numPages); number++) {
      const page = await doc.getPage(number);
      // The operator list loads the page's fonts, which the text content names.
      await page.getOperatorList();
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item)) continue;
        runs.push({ page: number, text: item.str, face: (page.commonObjs.get(item.fontName) as { name: string }).name.replace(/^[A-Z]{6}\+/, '') });
      }
    }
  } finally {
    await doc.destroy();
  }
  return runs;
}

/** Each character of the PDF's first page with the faces that draw it (pdf.js), by family: no subset prefix, no style. */
export async function pdfCharacterFaces(file: string): Promise<Map<string, Set<string>>> {
  const faces = new Map<string, Set<string>>();
  for (const run of await pdfFacedRuns(file, 1)) {
    const face = run.face.replace(/-(Regular|Bold|Italic|BoldItalic)$/, '');
    for (const char of run.text) {
      if (!faces.has(char)) faces.set(char, new Set());
      faces.get(char)!.add(face);
    }
  }
  return faces;
}
