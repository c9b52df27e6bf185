/**
 * More manuscripts galley was not tuned on (test/fixtures/good/unseen-*),
 * unlike those test/unseen.test.ts reads: an interview (questions and
 * answers with bold names, a Japanese and an Arabic quotation, a song's
 * stanzas, a data listing, headings down to h4, long addresses); a report in
 * German with its long compound nouns; one in French with its spaces before
 * ; : ! ? and its guillemets; a photo essay whose headings and captions are
 * in Greek and Vietnamese, opening on a very wide picture, with an SVG chart
 * and a very tall picture; an article that is a title and one picture; a
 * local history with 40 notes. All fictional, and saying so. One build of
 * them all, then what a reader gets.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { entryText, epubcheckAsync, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { expectEvenWordSpaces, pdfFonts, pdfInfo, pdfLines, type PrintedLine, useBrowserAndTempDir } from './pdf-helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const CASES = ['unseen-interview', 'unseen-german', 'unseen-french', 'unseen-pictures', 'unseen-title-only', 'unseen-footnotes'] as const;
type Case = (typeof CASES)[number];

/** The lines of body text on each page: those in the page's most common type size. */
function bodyLines(file: string): PrintedLine[][] {
  return pdfLines(file).map(({ lines }) => {
    const sizes = new Map<number, number>();
    for (const line of lines) sizes.set(Math.round(line.height * 10), (sizes.get(Math.round(line.height * 10)) ?? 0) + 1);
    const common = [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0];
    return lines.filter((line) => Math.round(line.height * 10) === common);
  });
}

describe('more manuscripts galley was not tuned on', () => {
  const out = tempDir('galley-unseen-authors-');
  let built: SpawnSyncReturns<string>;
  const epub = (name: Case): string => path.join(out, `${name}.epub`);
  const pdf = (name: Case): string => path.join(out, `${name}.pdf`);
  const zips = new Map<Case, JSZip>();

  beforeAll(async () => {
    built = runCli(['build', ...CASES.map(good), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) for (const name of CASES) zips.set(name, await openEpub(epub(name)));
  }, 300_000);

  it('builds every edition, with no warning about any of them (a French œ was said to be in no shipped face)', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr.split('\n').filter((line) => /warning|error/.test(line))).toEqual([]);
  });

  it('EPUBCheck finds nothing in any of them', async () => {
    // Two at a time, each JVM compiling only with its quick compiler (half the CPU of a default run, the same report).
    const limit = pLimit(2);
    const results = await Promise.all(CASES.map((name) => limit(() => epubcheckAsync(epub(name)))));
    for (const [index, result] of results.entries()) expect([result.fatals, result.errors, result.warnings], `${CASES[index]}\n${result.output}`).toEqual([0, 0, 0]);
  }, 300_000);

  it.each(CASES)('%s: the PDF embeds galley\'s faces only; the e-book lists every printed page, in order', async (name) => {
    const fonts = pdfFonts(pdf(name));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.name, 'a face galley ships').toMatch(/^[A-Z]{6}\+(Literata|JetBrainsMono|Amiri|NotoSerif)/);
    }
    const pages = Number(pdfInfo(pdf(name)).Pages);
    const nav = await entryText(zips.get(name)!, 'OEBPS/toc.xhtml');
    const list = /<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)![0];
    const labels = [...list.matchAll(/<a href="([^"#]+)#page-(\d+)">(\d+)<\/a>/g)].map((match) => [Number(match[2]), Number(match[3])]);
    expect(labels).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, i + 1]));
  });

  it('unseen-french: no printed line opens with ; : ! ? or », or ends with «, in the headline neither', async () => {
    const lines = pdfLines(pdf('unseen-french')).flatMap((page) => page.lines.map((line) => line.text));
    expect(lines.filter((text) => /^[;:!?»]|«$/.test(text.trim()))).toEqual([]);
    const xhtml = await entryText(zips.get('unseen-french')!, 'OEBPS/article.xhtml');
    // Typed with an ordinary space, or none: set with a no-break space in both editions.
    expect(xhtml).toContain('personne\u00A0!\u00A0»');
    expect(xhtml).toContain('chose: «\u00A0Oui, mais il ne paie pas son billet.\u00A0»');
    expect(pdfLines(pdf('unseen-french'))[0]!.lines[0]!.text).toBe('« Le fleuve n’attend personne ! »');
  });

  it('unseen-interview: the Japanese name and quotation are set in Noto Serif JP, not in Noto Serif SC\'s Chinese forms, and the colophon says so', async () => {
    const faces = pdfFonts(pdf('unseen-interview')).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    expect(faces.some((name) => name.startsWith('NotoSerifJP'))).toBe(true);
    expect(faces.filter((name) => name.startsWith('NotoSerifSC'))).toEqual([]);
    const zip = zips.get('unseen-interview')!;
    expect(Object.keys(zip.files).filter((name) => name.includes('noto-serif-sc'))).toEqual([]);
    expect(await entryText(zip, 'OEBPS/colophon.xhtml')).toContain('Noto Serif JP');
    expect(await entryText(zip, 'OEBPS/colophon.xhtml')).not.toContain('Noto Serif SC');
  });

  it('unseen-interview: the song\'s stanzas are set apart by a line\'s space, each line flush, in print', () => {
    const pages = pdfLines(pdf('unseen-interview')).map((page) => page.lines);
    const lines = pages.flat();
    const at = (start: string): PrintedLine => lines.find((line) => line.text.startsWith(start))!;
    const pageOf = (line: PrintedLine): number => pages.findIndex((page) => page.includes(line));
    const [first, last, next, second] = [at('The river says'), at('but will not sing along.'), at('And in the morning'), at('the reeds repeat it')];
    const leading = second.top - first.top;
    expect(next.left).toBeCloseTo(first.left, 0);
    expect(second.left).toBeCloseTo(first.left, 0);
    if (pageOf(next) === pageOf(last)) {
      // A blank line between the stanzas: two lines' advance from one stanza's last line to the next one's first.
      expect(next.top - last.top).toBeGreaterThan(1.8 * leading);
    } else {
      // Or the page turns between them: the first stanza ends its page's text (the folio below it), the second opens the next (under the running head).
      const before = pages[pageOf(last)]!;
      const after = pages[pageOf(next)]!;
      expect(before.indexOf(last)).toBe(before.length - 2);
      expect(after.indexOf(next)).toBe(1);
    }
  });

  it('unseen-interview: the definition list (a term, then ": " and its definition) is a list in both editions, not one run-on paragraph', async () => {
    const xhtml = await entryText(zips.get('unseen-interview')!, 'OEBPS/article.xhtml');
    const list = /<dl>([\s\S]*?)<\/dl>/.exec(xhtml)?.[1];
    expect(list, 'a <dl> in the e-book').toBeDefined();
    const plain = (html: string): string => html.replace(/<[^>]+>/g, '').trim();
    expect([...list!.matchAll(/<dt>([\s\S]*?)<\/dt>/g)].map((match) => plain(match[1]!))).toEqual(['Fernweh', 'saudade', '木漏れ日 (komorebi)']);
    const definitions = [...list!.matchAll(/<dd>([\s\S]*?)<\/dd>/g)].map((match) => plain(match[1]!));
    expect(definitions.map((text) => text.split(' ').slice(0, 2).join(' '))).toEqual(['A longing', 'Not homesickness,', 'Sunlight through']);
    expect(xhtml).not.toMatch(/\n: /);
    // In print: each term on a line of its own, its definition on the next line, indented under it, on the same page.
    const pages = pdfLines(pdf('unseen-interview')).map((page) => page.lines);
    for (const [term, definition] of [['Fernweh', 'A longing for places'], ['saudade', 'Not homesickness'], ['木漏れ日 (komorebi)', 'Sunlight through leaves']] as const) {
      const page = pages.find((lines) => lines.some((line) => line.text === term));
      expect(page, `"${term}" on a line of its own`).toBeDefined();
      const index = page!.findIndex((line) => line.text === term);
      const next = page![index + 1];
      expect(next?.text.startsWith(definition), `after "${term}": ${next?.text}`).toBe(true);
      expect(next!.left - page![index]!.left, `"${definition}" indented`).toBeGreaterThan(8);
    }
    // The line that leads into the list ("…the same way twice:") is printed on the page of its first term.
    expect(pages.findIndex((lines) => lines.some((line) => line.text.endsWith('twice:')))).toBe(pages.findIndex((lines) => lines.some((line) => line.text === 'Fernweh')));
  });

  it('unseen-pictures: the tonos of a Greek capital (Ένα) is printed at the start of the headline, not cut off by the page\'s margin', () => {
    const file = pdf('unseen-pictures');
    const word = pdfLines(file)[0]!.lines[0]!.words[0]!;
    expect(word.text).toBe('Ένα');
    const line = pdfLines(file)[0]!.lines[0]!;
    // The page drawn at 144 dpi in grey, two pixels a point: the ink before the letter's stem, in the line's upper half.
    // Literata drew the tonos left of the letter's origin; its Greek capitals now have room for it (src/accent-room.ts),
    // so the tonos lies in the letter's first fifth of an em (its stem starts past a quarter).
    const prefix = path.join(out, 'greek-headline');
    spawnSync('pdftoppm', ['-gray', '-r', '144', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
    const pgm = readFileSync(`${prefix}.pgm`);
    const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!.map(Number) as [number, number, number];
    const pixels = pgm.subarray(pgm.length - width * height);
    let darkest = 255;
    for (let y = Math.round(line.top * 2); y < Math.round((line.top + line.height / 2) * 2); y++) {
      for (let x = Math.round((word.left - 8) * 2); x < Math.round((word.left + 0.15 * line.height) * 2); x++) darkest = Math.min(darkest, pixels[y * width + x]!);
    }
    expect(darkest, 'the darkest pixel before the headline\'s first letter').toBeLessThan(100);
  });

  it('unseen-german: a heading of one long compound breaks inside the margins; the page is printed at full size, not shrunk to fit', () => {
    // The French report has the same page and type: its body lines are the measure and type size a page is printed at.
    const reference = bodyLines(pdf('unseen-french'))[0]!;
    const measure = Math.max(...reference.map((line) => line.right - line.left));
    const left = Math.min(...reference.map((line) => line.left));
    const size = reference[0]!.height;
    const pages = pdfLines(pdf('unseen-german'));
    for (const [index, lines] of bodyLines(pdf('unseen-german')).entries()) {
      expect(lines[0]!.height, `page ${index + 1}: body type size`).toBeCloseTo(size, 1);
      expect(Math.max(...lines.map((line) => line.right - line.left)), `page ${index + 1}: measure`).toBeCloseTo(measure, 0);
    }
    // Nothing on any page, the headline and the headings included, stands outside the text block.
    for (const { lines } of pages) for (const line of lines) expect(line.right, line.text).toBeLessThanOrEqual(left + measure + 0.5);
    const heading = pages.flatMap((page) => page.lines).filter((line) => line.text.startsWith('Grundstücksverkehrs'));
    expect(heading.length, 'the heading\'s first line').toBe(1);
  });

  it('unseen-german: a compound too long for a line of the headline or a heading breaks at a syllable, with a hyphen; no other word there is hyphenated', () => {
    const lines = pdfLines(pdf('unseen-german'))[0]!.lines.map((line) => line.text);
    const headline = lines.slice(0, lines.findIndex((text) => text.startsWith('Ein erfundener')));
    expect(headline).toEqual(['Die Donaudampfschiff-', 'fahrtsgesellschaft sucht', 'Kapitänsmützenträger']);
    const heading = lines.findIndex((text) => text.startsWith('Grundstücksverkehrs'));
    expect(lines[heading]).toMatch(/\p{Ll}-$/u);
    expect((lines[heading]!.slice(0, -1) + lines[heading + 1]).replace(/\s/g, '')).toBe('Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung');
  });

  it('unseen-german: capitalised compound nouns are hyphenated, so word spaces stay even', () => {
    const ends = bodyLines(pdf('unseen-german')).flat().map((line) => line.words.at(-1)!.text);
    // A noun broken at a line's end: "Personalabteilungs-", "Schnupperprakti-"…
    expect(ends.filter((word) => /^\p{Lu}\p{Ll}+-$/u.test(word)).length).toBeGreaterThanOrEqual(2);
    expectEvenWordSpaces(pdf('unseen-german'), 20);
  });

  describe('the e-book, shown by a browser at a phone\'s width as a reading app shows it', () => {
    const context = useBrowserAndTempDir('galley-unseen-authors-ebook-');

    /** The article page of the e-book, unzipped and opened 360 CSS pixels wide. */
    async function openArticle(name: Case) {
      const dir = path.join(context.dir, name);
      for (const [entry, file] of Object.entries(zips.get(name)!.files)) {
        if (file.dir) continue;
        mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
        writeFileSync(path.join(dir, entry), await file.async('nodebuffer'));
      }
      const page = await context.browser.newPage();
      await page.setViewport({ width: 360, height: 640 });
      await page.goto(pathToFileURL(path.join(dir, 'OEBPS', 'article.xhtml')).href);
      await page.evaluate(() => document.fonts.ready);
      return page;
    }

    it.each(['unseen-german', 'unseen-interview'] as const)('%s: nothing runs past the screen\'s edge, the long heading and the data listing included', async (name) => {
      const page = await openArticle(name);
      try {
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('h1, h2, h3, h4, p, pre, li')]
            .filter((element) => element.scrollWidth > element.clientWidth + 1 || element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map((element) => `<${element.tagName.toLowerCase()}> ${element.textContent!.slice(0, 40)}`),
        );
        expect(wide).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      } finally {
        await page.close();
      }
    }, 60_000);

    it('unseen-interview: a span marked Japanese looks for Noto Serif JP before Noto Serif SC', async () => {
      const page = await openArticle('unseen-interview');
      try {
        const families = await page.evaluate(() => [...document.querySelectorAll('span[lang="ja"]')].map((span) => getComputedStyle(span).fontFamily));
        expect(families.length).toBe(3);
        for (const family of families) expect(family.indexOf('Noto Serif JP')).toBeLessThan(family.indexOf('Noto Serif SC'));
      } finally {
        await page.close();
      }
    }, 60_000);

    it('unseen-pictures: every picture, the very tall one too, fits on the screen with its caption, in its own proportions', async () => {
      const page = await openArticle('unseen-pictures');
      try {
        const pictures = await page.evaluate(async () => {
          const images = [...document.querySelectorAll('figure img')] as HTMLImageElement[];
          await Promise.all(images.map((image) => image.decode()));
          return images.map((image) => {
            const box = image.getBoundingClientRect();
            const caption = image.closest('figure')!.querySelector('figcaption')!.getBoundingClientRect();
            return { width: box.width, height: box.height, natural: image.naturalWidth / image.naturalHeight, withCaption: caption.bottom - box.top };
          });
        });
        expect(pictures).toHaveLength(4);
        for (const picture of pictures) {
          expect(picture.withCaption).toBeLessThanOrEqual(640);
          expect(picture.width / picture.height).toBeCloseTo(picture.natural, 1);
          expect(picture.width).toBeGreaterThan(100);
        }
      } finally {
        await page.close();
      }
    }, 60_000);

    it('unseen-interview: the song\'s stanzas open flush, unjustified, a line apart', async () => {
      const page = await openArticle('unseen-interview');
      try {
        const stanzas = await page.evaluate(() =>
          [...document.querySelectorAll('blockquote p')].map((p) => {
            const style = getComputedStyle(p);
            return { indent: style.textIndent, align: style.textAlign, gap: parseFloat(style.marginTop) / parseFloat(style.lineHeight) };
          }),
        );
        expect(stanzas).toHaveLength(2);
        for (const stanza of stanzas) expect([stanza.indent, stanza.align]).toEqual(['0px', 'start']);
        expect(stanzas[1]!.gap).toBeGreaterThanOrEqual(0.9);
      } finally {
        await page.close();
      }
    }, 60_000);

    it('unseen-interview: a definition list\'s terms are bold, their definitions indented, as in print', async () => {
      const page = await openArticle('unseen-interview');
      try {
        const styles = await page.evaluate(() => ({
          terms: [...document.querySelectorAll('dl > dt')].map((dt) => getComputedStyle(dt).fontWeight),
          indents: [...document.querySelectorAll('dl > dd')].map((dd) => dd.getBoundingClientRect().left - dd.parentElement!.getBoundingClientRect().left),
        }));
        expect(styles.terms).toEqual(['700', '700', '700']);
        for (const indent of styles.indents) expect(indent).toBeGreaterThan(10);
      } finally {
        await page.close();
      }
    }, 60_000);

    it('unseen-interview: an h4 is set as print sets it, and the paragraph after it opens flush', async () => {
      const page = await openArticle('unseen-interview');
      try {
        const [heading, after] = await page.evaluate(() => {
          const h4 = document.querySelector('h4')!;
          const style = getComputedStyle(h4);
          return [[style.fontStyle, style.fontWeight], getComputedStyle(h4.nextElementSibling!).textIndent];
        });
        expect(heading).toEqual(['italic', '400']);
        expect(after).toBe('0px');
      } finally {
        await page.close();
      }
    }, 60_000);
  });
});
