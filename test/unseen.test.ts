/**
 * Manuscripts galley was not tuned on (test/fixtures/good/unseen-*), written
 * as a new author would: names and quotations in Polish, Czech, Vietnamese,
 * Greek and Russian; nested lists, a list that picks up at 7, a task list;
 * many notes, one in a table and one in a caption; a long table; a map, a
 * photo and a chart, the map first in the body; a block quote with its
 * attribution; a one-paragraph article and one of 15 pages and more. All of
 * them fictional, and say so. One build of them all, then what a reader gets:
 * EPUBCheck, fonts, the page list, credits, and what each case is about.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.js';
import { USUAL_SPACE_MAX } from '../src/pdf/loose-lines.js';
import { TEXT_FACE_SPACE_EM } from '../src/typefaces.js';
import { ace, entryText, epubcheck, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { expectEvenWordSpaces, pdfFonts, pdfLines, useBrowserAndTempDir } from './pdf-helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const CASES = ['unseen-festival', 'unseen-notes', 'unseen-figures', 'unseen-short', 'unseen-long', 'unseen-figure-runs'] as const;
type Case = (typeof CASES)[number];

/** Letters and digits only, lower case: hyphenation, quotes, spacing and case (CSS capitals) do not count. */
const letters = (text: string): string => (text.normalize('NFC').match(/[\p{L}\p{N}]/gu) ?? []).join('').toLowerCase();

function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return spawnSync('pdftotext', [...range, file, '-'], { encoding: 'utf8' }).stdout;
}

function pageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1]);
}

/** The e-book's reading order: the spine's files. */
async function spine(zip: JSZip): Promise<string[]> {
  const opf = await entryText(zip, 'OEBPS/content.opf');
  const hrefs = new Map([...opf.matchAll(/<item [^>]*id="([^"]+)"[^>]*href="([^"]+)"/g)].map((match) => [match[1]!, match[2]!]));
  return [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((match) => hrefs.get(match[1]!)!);
}

/** The e-book's text from the page-N marker on, to the end of the book, tags left out. */
async function textAfterMarker(zip: JSZip, page: number): Promise<string | undefined> {
  const files = await spine(zip);
  for (const [index, name] of files.entries()) {
    const xhtml = await entryText(zip, `OEBPS/${name}`);
    const marker = xhtml.indexOf(`id="page-${page}"`);
    if (marker < 0) continue;
    let rest = xhtml.slice(xhtml.indexOf('>', marker) + 1);
    for (const next of files.slice(index + 1)) rest += await entryText(zip, `OEBPS/${next}`);
    return rest.replace(/<head>[\s\S]*?<\/head>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&');
  }
  return undefined;
}

/** Each figure of the e-book's article: its id and the letters of its caption and credit. */
async function figureCaptions(zip: JSZip): Promise<Array<{ id: string; caption: string }>> {
  const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
  return [...xhtml.matchAll(/<figure [^>]*id="([^"]+)"[\s\S]*?<figcaption>([\s\S]*?)<\/figcaption>/g)].map((match) => ({
    id: match[1]!,
    caption: letters(match[2]!.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&')),
  }));
}

describe('manuscripts galley was not tuned on', () => {
  const out = tempDir('galley-unseen-');
  let built: SpawnSyncReturns<string>;
  const epub = (name: Case): string => path.join(out, `${name}.epub`);
  const pdf = (name: Case): string => path.join(out, `${name}.pdf`);
  const zips = new Map<Case, JSZip>();

  beforeAll(async () => {
    built = runCli(['build', ...CASES.map(good), path.join(repoRoot, 'test', 'fixtures', 'good', 'notes-and-tables'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) for (const name of CASES) zips.set(name, await openEpub(epub(name)));
  }, 300_000);

  it('builds every edition, with no warning about any of them', () => {
    expect(built.status, built.stderr).toBe(0);
    // notes-and-tables, built beside them for the last case, has its own warning (a one-pixel picture).
    expect(built.stderr.split('\n').filter((line) => line.includes('unseen-') && /warning|error/.test(line))).toEqual([]);
  });

  it.each(CASES)('%s: EPUBCheck finds nothing', (name) => {
    const result = epubcheck(epub(name));
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  }, 120_000);

  it.each(CASES)('%s: the PDF embeds galley\'s faces only', (name) => {
    const fonts = pdfFonts(pdf(name));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.name, 'a face galley ships').toMatch(/^[A-Z]{6}\+(Literata|JetBrainsMono|Amiri|NotoSerif)/);
    }
  });

  it.each(CASES)('%s: the e-book marks every printed page, in order, where its words begin', async (name) => {
    const zip = zips.get(name)!;
    const pages = pageCount(pdf(name));
    const nav = await entryText(zip, 'OEBPS/toc.xhtml');
    const list = /<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)![0];
    const labels = [...list.matchAll(/<a href="[^"#]+#page-(\d+)">(\d+)<\/a>/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(labels).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, i + 1]));
    for (let page = 2; page <= pages; page++) {
      const title = /<dc:title[^>]*>([^<]*)<\/dc:title>/.exec(await entryText(zip, 'OEBPS/content.opf'))![1]!.replace(/&amp;/g, '&');
      // The page's text block: no running head, no folio, no repeated table header.
      const printed = pdfText(pdf(name), page)
        .split('\n')
        .filter((line) => line.trim() !== '' && letters(line) !== letters(title) && !/^page \d+ of \d+$/.test(line.trim()))
        // Print-only words: the number Chromium draws for a list item or a note.
        .map((line) => line.replace(/^\s*\d+\.\s/, ''))
        .join(' ');
      // The long table's header, repeated on the page it runs on to.
      let opening = letters(printed);
      if (name === 'unseen-notes') opening = opening.replace(/^station5autumnspringchange/, '');
      const after = await textAfterMarker(zip, page);
      expect(after, `page ${page} marked`).toBeDefined();
      // A page that opens with a figure the print set later than the manuscript (page-breaks.ts): the e-book holds the
      // figure among the text of the pages before, and the page is marked where its text goes on after the figure.
      const moved = (await figureCaptions(zip)).find(({ caption }) => opening.startsWith(caption) && !letters(after!).startsWith(caption));
      if (moved) {
        const before = letters((await textAfterMarker(zip, page - 1))!);
        const here = letters(after!);
        expect(before.endsWith(here)).toBe(true);
        expect(before.slice(0, before.length - here.length), `page ${page}: ${moved.id} stands among page ${page - 1}'s text in the e-book`).toContain(moved.caption);
        opening = opening.slice(moved.caption.length);
      }
      // The e-book's note opens with its number and back-link, "1 ↑" (after the "Notes" heading, on the page that opens with it).
      expect(letters(after!.replace(/\d+\s*↑/g, '')).slice(0, 40), `page ${page}`).toBe(opening.slice(0, 40));
    }
  });

  it('credits every picture with the label of its kind, and the page it is printed on, in both editions', async () => {
    const expected: Array<[Case, string[]]> = [
      ['unseen-festival', ['Photo: Zdeněk Šťastný/Sample Harbour Press']],
      ['unseen-notes', ['Chart: Maren Olafsdottir/Sample County Gazette']],
      ['unseen-figures', ['Map: Nguyễn Văn An/Sample Atlas', 'Photo: Ilse Vandermeer/Sample Harbour Press. Licence: CC BY 4.0', 'Chart: Town hall of Nové Město/Sample Atlas', 'Photo: Ilse Vandermeer/Sample Harbour Press']],
      ['unseen-long', ['Photo: Halina Sobczak-Nguyen/Sample Harbour Press']],
    ];
    for (const [name, credits] of expected) {
      const ebook = (await entryText(zips.get(name)!, 'OEBPS/credits.xhtml')).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
      const printed = pdfText(pdf(name)).replace(/\s+/g, ' ');
      for (const [index, credit] of credits.entries()) {
        expect(ebook, name).toContain(credit);
        expect(printed, name).toContain(credit);
        // "Figure N, page P": P is the page whose text has the figure's credit line (set in capitals under it).
        const page = Number(new RegExp(`Figure ${index + 1}, page (\\d+)`).exec(printed)?.[1]);
        const line = credit.replace(/^\w+: /, '').replace(/\. Licence.*$/, '');
        expect(pdfText(pdf(name), page).replace(/\s+/g, ' ').toUpperCase(), `${name} figure ${index + 1}`).toContain(line.toUpperCase());
        expect(ebook).toContain(`Figure ${index + 1}, page ${page}`);
      }
    }
    // The makers of the pictures, with the MARC role of what each is.
    const opf = await entryText(zips.get('unseen-figures')!, 'OEBPS/content.opf');
    const roles = [...opf.matchAll(/<dc:contributor id="([^"]+)">([^<]+)<\/dc:contributor>\s*<meta refines="#\1" property="role" scheme="marc:relators">(\w+)</g)].map((match) => [match[2], match[3]]);
    expect(roles).toEqual([['Nguyễn Văn An', 'ctg'], ['Ilse Vandermeer', 'pht'], ['Town hall of Nové Město', 'ill']]);
  });

  it('unseen-festival: five languages marked, lists nested and numbered from 7, the 10 inside the page', async () => {
    // A Polish name's own hyphen is held (span.nobreak: Polish repeats a hyphen a line breaks at); the name is read through it.
    const xhtml = (await entryText(zips.get('unseen-festival')!, 'OEBPS/article.xhtml')).replace(/<span class="nobreak">([^<]*)<\/span>/g, '$1');
    for (const [lang, words] of [['pl', 'Bożena Wróblewska-Żak'], ['cs', 'Přemysl Čermák'], ['vi', 'Nguyễn Thị Ngọc Ánh'], ['el', 'Σταύρος Κωνσταντινίδης'], ['ru', 'Анастасия Горбунова']]) {
      expect(xhtml).toContain(`<span lang="${lang}" xml:lang="${lang}">${words}</span>`);
    }
    expect(xhtml).toMatch(/<ol start="7">/);
    expect(xhtml).toMatch(/<ol>\s*<li>[^<]*<span lang="cs"[\s\S]*?<ul>[\s\S]*?<ol>\s*<li>the ones she trusts/);
    // Print: every number of the list from 7 stands inside the text block (a hanging "10." was clipped by the margin).
    const lines = pdfLines(pdf('unseen-festival')).flatMap((page) => page.lines);
    const textLeft = Math.min(...lines.filter((line) => line.text.startsWith('The organisers had numbered')).map((line) => line.left));
    const numbers = lines.filter((line) => /^(7|8|9|10)\.$/.test(line.words[0]?.text ?? '') && /walk|Lunch|workshop|closing/.test(line.text));
    expect(numbers.map((line) => line.words[0]!.text)).toEqual(['7.', '8.', '9.', '10.']);
    for (const line of numbers) expect(line.left, line.text).toBeGreaterThanOrEqual(textLeft);
  });

  it('unseen-festival: a byline too long for one line wraps without a dot opening the next line', () => {
    const lines = pdfLines(pdf('unseen-festival'))[0]!.lines.map((line) => line.text);
    const byline = lines.findIndex((text) => text.startsWith('By Wiktoria'));
    expect(lines[byline]).toMatch(/Đức · STARY MŁYN$/);
    // The publisher the front matter names follows, before the date.
    expect(lines[byline + 1]).toBe('Sample Harbour Press · June 14, 2025');
  });

  it('unseen-festival: the quote\'s attribution is set apart, flush to the end of the quote\'s lines', async () => {
    const xhtml = await entryText(zips.get('unseen-festival')!, 'OEBPS/article.xhtml');
    expect(xhtml).toContain('<p class="attribution">— <span lang="cs" xml:lang="cs">Přemysl Čermák</span>, in an invented poem</p>');
    const lines = pdfLines(pdf('unseen-festival')).flatMap((page) => page.lines);
    const quote = lines.filter((line) => /^(Přijďte|“Come tomorrow|back to the shore)/.test(line.text));
    const attribution = lines.find((line) => line.text.startsWith('— Přemysl'))!;
    expect(quote).toHaveLength(3);
    const right = Math.max(...quote.map((line) => line.right));
    expect(Math.abs(attribution.right - right)).toBeLessThan(1);
    expect(attribution.left).toBeGreaterThan(Math.min(...quote.map((line) => line.left)) + 50);
  });

  it('unseen-festival: the task list keeps its ticks, each box saying its state in words, and Ace finds nothing', async () => {
    const xhtml = await entryText(zips.get('unseen-festival')!, 'OEBPS/article.xhtml');
    expect(xhtml).toContain('<span class="task-box task-done"><span class="task-tick" /><span class="sr-only">Done: </span></span> Timetables printed in five languages');
    expect(xhtml).toContain('<span class="task-box task-to-do"><span class="sr-only">To do: </span></span> A microphone that works in the wind');
    expect(ace(epub('unseen-festival'), findBrowser().path)).toEqual([]);
  }, 180_000);

  it('unseen-festival, through calibre to AZW3 and back: names whole, the list from 7, every box kept and drawn by the reading app', async () => {
    const azw3 = path.join(out, 'festival.azw3');
    const back = path.join(out, 'festival-back.epub');
    for (const [from, to] of [[epub('unseen-festival'), azw3], [azw3, back]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' }, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const zip = await openEpub(back);
    const names = Object.keys(zip.files);
    const html = (await Promise.all(names.filter((name) => /\.x?html$/.test(name)).map((name) => entryText(zip, name)))).join('\n');
    // Read through the spans that hold a word's parts together (calibre keeps them, renamed).
    const text = html.replace(/<\/?span[^>]*>/g, '');
    for (const words of ['Bożena Wróblewska-Żak', 'Přemysl Čermák', 'Nguyễn Thị Ngọc Ánh', 'Σταύρος Κωνσταντινίδης', 'Анастасия Горбунова']) expect(text).toContain(words);
    expect(html).toMatch(/<ol start="7"/);
    expect(html.match(/Done: /g)).toHaveLength(2);
    expect(html.match(/To do: /g)).toHaveLength(2);
    // calibre moves a pseudo-element's rules onto its element: a tick drawn with :checked::after became a ticked box's own shape.
    const css = (await Promise.all(names.filter((name) => name.endsWith('.css')).map((name) => entryText(zip, name)))).join('\n');
    expect(css).not.toMatch(/:checked/);
  }, 400_000);

  describe('the e-book, shown by a browser as a reading app shows it', () => {
    const context = useBrowserAndTempDir('galley-unseen-ebook-');

    it('opens the paragraph after a list, a quote or a table flush, as print does, and indents the others', async () => {
      const found: string[] = [];
      for (const name of ['unseen-festival', 'unseen-notes'] as const) {
        const zip = zips.get(name)!;
        const dir = path.join(context.dir, name);
        await unzipTo(zip, dir);
        const page = await context.browser.newPage();
        try {
          await page.goto(pathToFileURL(path.join(dir, 'OEBPS', 'article.xhtml')).href);
          const indents = await page.evaluate(() =>
            // A table stands in its box (div.table-scroll): the paragraph follows the box.
            [...document.querySelectorAll('section > p')].map((p) => {
              const before = p.previousElementSibling;
              return [before?.classList.contains('table-scroll') ? 'table' : (before?.tagName.toLowerCase() ?? ''), getComputedStyle(p).textIndent];
            }),
          );
          for (const [before, indent] of indents) {
            found.push(before ?? '');
            if (['ul', 'ol', 'blockquote', 'table'].includes(before ?? '')) expect(indent, `a paragraph after <${before}>`).toBe('0px');
            if (before === 'p') expect(indent, 'a paragraph after another').not.toBe('0px');
          }
        } finally {
          await page.close();
        }
      }
      for (const before of ['p', 'ol', 'blockquote', 'table']) expect(found, `a paragraph after <${before}>`).toContain(before);
    }, 60_000);
  });

  it('unseen-notes: every note is called once and leads back, the one in a cell and the one in a caption too', async () => {
    const xhtml = await entryText(zips.get('unseen-notes')!, 'OEBPS/article.xhtml');
    const calls = new Map([...xhtml.matchAll(/<a href="#([^"]+)" id="([^"]+)"[^>]*epub:type="noteref"/g)].map((match) => [match[1]!, match[2]!]));
    const asides = [...xhtml.matchAll(/<li id="([^"]+)"[^>]*epub:type="endnote"[^>]*>([\s\S]*?)<\/li>/g)];
    expect(asides).toHaveLength(12);
    expect(calls.size).toBe(12);
    for (const [, id, body] of asides) {
      expect(xhtml.match(new RegExp(`href="#${id}"`, 'g')), id).toHaveLength(1);
      expect(body, id).toContain(`href="#${calls.get(id!)}"`);
    }
    expect(xhtml).toMatch(/<td[^>]*>Gull Rock<sup[\s\S]*?noteref/);
    expect(xhtml).toMatch(/<figcaption>[\s\S]*?noteref[\s\S]*?<\/figcaption>/);
    // Print: the long table runs on to the next page with its header, not leaving the first page half empty.
    const first = pdfText(pdf('unseen-notes'), 1);
    expect(first).toContain('Alder Point');
    expect(letters(pdfText(pdf('unseen-notes'), 2))).toContain('station5autumnspringchangerushmere');
  });

  it('unseen-figures: the map opens the body in both editions, set first under the headline in print', async () => {
    const xhtml = await entryText(zips.get('unseen-figures')!, 'OEBPS/article.xhtml');
    expect(xhtml).toMatch(/<h1[^>]*>[^<]*<\/h1>\s*<figure class="figure" id="figure-1"><img src="images\/figure-1\.svg"/);
    const page = pdfLines(pdf('unseen-figures'))[0]!.lines.map((line) => line.text);
    expect(page.findIndex((text) => text.startsWith('The invented island, with the river'))).toBeLessThan(page.findIndex((text) => text.startsWith('The island in this article')));
  });

  it('unseen-figures: the rule over "Sources and credits" goes with it to the next page, never left alone at the foot of one', () => {
    const file = pdf('unseen-figures');
    const pages = pdfLines(file);
    const credits = pages.findIndex((page) => page.lines.some((line) => line.text === 'Sources and credits'));
    expect(credits).toBeGreaterThan(0);
    const lines = pages[credits]!.lines;
    const heading = lines.findIndex((line) => line.text === 'Sources and credits');
    // The page drawn at 72 dpi in grey (one pixel a point): the darkest pixel between two heights, across the page.
    const darkestBetween = (page: number, from: number, to: number): number => {
      const prefix = path.join(out, `credits-${page}`);
      spawnSync('pdftoppm', ['-gray', '-r', '72', '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
      const pgm = readFileSync(`${prefix}.pgm`);
      const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!.map(Number) as [number, number, number];
      const pixels = pgm.subarray(pgm.length - width * height);
      let darkest = 255;
      for (let y = Math.ceil(from); y < Math.floor(to); y++) for (let x = 0; x < width; x++) darkest = Math.min(darkest, pixels[y * width + x]!);
      return darkest;
    };
    if (heading <= 1) {
      // The credits open a page (line 0 is the running head): nothing between the last line of the page before and its folio.
      const before = pages[credits - 1]!;
      const folio = before.lines.find((line) => /^page \d+ of \d+$/.test(line.text))!;
      const lastText = Math.max(...before.lines.filter((line) => line !== folio).map((line) => line.bottom));
      expect(darkestBetween(credits, lastText + 4, folio.top - 4), 'the darkest pixel under the page\'s last line').toBeGreaterThan(240);
    } else {
      // The credits begin under the article's end on the same page: the rule is drawn there, between the two.
      expect(darkestBetween(credits + 1, lines[heading - 1]!.bottom + 2, lines[heading]!.top - 2), 'the rule over the heading').toBeLessThan(200);
    }
  });

  it('unseen-short: one page, and a credits section that says it has nothing to credit', async () => {
    expect(pageCount(pdf('unseen-short'))).toBe(1);
    const sentence = 'This article has no pictures, no agency copy and no earlier publication to credit, and names no rights holder.';
    expect((await entryText(zips.get('unseen-short')!, 'OEBPS/credits.xhtml')).replace(/\s+/g, ' ')).toContain(sentence);
    expect(pdfText(pdf('unseen-short')).replace(/\s+/g, ' ')).toContain(sentence);
  });

  it('unseen-long: fifteen pages and more, word spaces even', () => {
    expect(pageCount(pdf('unseen-long'))).toBeGreaterThanOrEqual(15);
    expectEvenWordSpaces(pdf('unseen-long'), 300);
  });

  it('a short article\'s loose opening line is tracked (notes-and-tables: too few lines for a median of its own)', () => {
    const file = path.join(out, 'notes-and-tables.pdf');
    const line = pdfLines(file)[0]!.lines.find((candidate) => candidate.text.startsWith('The opening paragraph'))!;
    // Word gaps, without the note reference's (poppler reads the raised "1" as a word of its own).
    const words = line.words.filter((word) => !/^\d$/.test(word.text));
    const gaps = words.slice(1).map((word, i) => word.left - words[i]!.right);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    // Untracked it was 2.64 × Literata's space (11 pt type); tracked, 1.97 ×: under the 1.4 × bound the tracking aims at.
    expect(mean / (TEXT_FACE_SPACE_EM * 11)).toBeLessThan(1.4 * USUAL_SPACE_MAX);
  });
});
