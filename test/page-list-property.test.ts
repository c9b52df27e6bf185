/**
 * The page list holds for any manuscript, not just the ones we wrote: for
 * generated manuscripts (test/manuscript-generator.ts, seeded) that put every
 * kind of block at page starts — list items, notes, table rows, figures, a
 * caption, block quotes, headings, the end matter — at every page size, the
 * e-book's page list has one entry per PDF page, and the words after marker N
 * are the words PDF page N opens with.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';
import type { Element, Root } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderEpub } from '../src/epub/index.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { renderPdf, type PageSize } from '../src/pdf/index.js';
import { pageGeometry } from '../src/pdf/page.js';
import { generateManuscript, type BlockKind } from './manuscript-generator.js';
import { entryText, openEpub, repoRoot } from './helpers.js';
import { EVEN_WORD_SPACES, expectEvenWordSpaces, pdfLines, useBrowserAndTempDir } from './pdf-helpers.js';

/** A handful of manuscripts: together they hold every kind of block (a browser is shared by the whole suite, so few). */
const plan: Array<{ seed: number; kinds: BlockKind[] }> = [
  { seed: 11, kinds: ['list', 'figures', 'quote'] },
  { seed: 12, kinds: ['notes', 'caption'] },
  { seed: 13, kinds: ['table', 'headings'] },
];
const sizes: PageSize[] = ['letter', 'a4', '6x9'];
const image = path.join(repoRoot, 'test', 'fixtures', 'good', 'credits', 'images', 'photo.png');
const spine = ['titlepage.xhtml', 'article.xhtml', 'credits.xhtml', 'colophon.xhtml'];

/** Letters and digits only, lower case: hyphenation, quotes, spacing and case (CSS capitals) do not count. */
const letters = (text: string): string => (text.normalize('NFC').match(/[\p{L}\p{N}]/gu) ?? []).join('').toLowerCase();

interface Built {
  seed: number;
  size: PageSize;
  title: string;
  tableHeaders: string[];
  pdfFile: string;
  zip?: JSZip;
  error?: string;
  /** For each PDF page: the e-book's text after its marker, and what the marker opens (undefined: no marker). */
  markers: Array<{ text: string; place: string } | undefined>;
  /** Figures the print edition set later than the manuscript puts them: their printed caption and credit, as letters. */
  movedFigures: string[];
}

/** The text block of PDF page N as pdftotext gives it: without the running head (pages after the first) and the folio. */
function pdfPageText(file: string, page: number, title: string): string {
  const lines = spawnSync('pdftotext', ['-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== '\f');
  if (page > 1 && lines[0] === title) lines.shift();
  if (/^page \d+ of \d+$/.test(lines[lines.length - 1] ?? '')) lines.pop();
  return lines.join(' ');
}

function pageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1]);
}

/** The e-book's text from the page-N marker on (across the following pages of the spine), and what the marker stands in. */
async function afterMarker(zip: JSZip, page: number): Promise<{ text: string; place: string } | undefined> {
  for (const [index, name] of spine.entries()) {
    const xhtml = await entryText(zip, `OEBPS/${name}`);
    const at = xhtml.indexOf(`id="page-${page}"`);
    if (at < 0) continue;
    let rest = xhtml.slice(xhtml.indexOf('>', at) + 1);
    for (const next of spine.slice(index + 1)) rest += await entryText(zip, `OEBPS/${next}`);
    return { text: rest.replace(/<head>[\s\S]*?<\/head>/g, ' ').replace(/<[^>]+>/g, ' '), place: placeOf(fromXml(xhtml), page, name) };
  }
  return undefined;
}

/** What kind of block the page-N marker opens: the ancestors of the marker, or the figure it stands before. */
function placeOf(tree: Root, page: number, file: string): string {
  if (file === 'credits.xhtml' || file === 'colophon.xhtml') return 'end matter';
  if (file === 'titlepage.xhtml') return 'title page';
  let found: { ancestors: Element[]; next: Element | undefined; captionBefore: string } | undefined;
  // The caption's text before the marker, when the marker is in a caption.
  let caption: string | undefined;
  const walk = (node: Element | Root, ancestors: Element[]): void => {
    node.children.forEach((child, index) => {
      if (child.type === 'text' && caption !== undefined && !found) caption += child.value;
      if (child.type !== 'element') return;
      if (child.attributes.id === `page-${page}`) {
        const next = node.children.slice(index + 1).find((sibling): sibling is Element => sibling.type === 'element');
        found = { ancestors, next, captionBefore: caption ?? '' };
      } else {
        if (child.name === 'figcaption' && !found) caption = '';
        walk(child, [...ancestors, child]);
        if (child.name === 'figcaption' && !found) caption = undefined;
      }
    });
  };
  walk(tree, []);
  if (!found) return 'missing';
  const names = found.ancestors.map((element) => element.name);
  if (found.next?.name === 'figure') return 'figure';
  // A page that opens with a heading, or a table's header row, is marked before it (not in the words a screen reader names it by).
  if (found.next && /^h[1-6]$/.test(found.next.name)) return 'heading';
  if (found.next?.name === 'table') return 'table';
  // A page that opens with a figure is marked before it; a marker in a caption stands inside it (a caption taller than a page).
  if (names.includes('figcaption')) return letters(found.captionBefore) === '' ? 'caption start' : 'caption';
  if (found.ancestors.some((element) => /\b(footnotes|notes?)\b/.test(element.attributes.class ?? ''))) return 'note';
  if (names.includes('tr')) return 'table row';
  if (names.includes('li')) return 'list item';
  if (names.includes('blockquote')) return 'block quote';
  if (names.some((name) => /^h[1-6]$/.test(name))) return 'heading';
  return 'paragraph';
}

/** The caption and credit (as letters) of the figure PDF page N opens with, when print set that figure later than the manuscript puts it. */
function movedFigureOpening(entry: Built, page: number): string | undefined {
  const printed = letters(pdfPageText(entry.pdfFile, page, entry.title));
  // The caption may run on to the next page.
  return entry.movedFigures.find((figure) => figure !== '' && (printed.startsWith(figure) || figure.startsWith(printed.slice(0, 40))));
}

describe('page list property: every PDF page is in the e-book, at the same words', () => {
  const shared = useBrowserAndTempDir('galley-page-list-');
  const built: Built[] = [];

  beforeAll(async () => {
    for (const { seed, kinds } of plan) {
      const dir = path.join(shared.dir, `generated-${seed}`);
      mkdirSync(path.join(dir, 'images'), { recursive: true });
      copyFileSync(image, path.join(dir, 'images', 'picture.png'));
      const generated = generateManuscript(seed, 'images/picture.png', kinds);
      writeFileSync(path.join(dir, 'article.md'), generated.markdown);
      const { document } = await loadManuscript(dir);
      for (const size of sizes) {
        const entry: Built = { seed, size, title: document.metadata.title, tableHeaders: generated.tableHeaders, pdfFile: path.join(dir, `${size}.pdf`), markers: [], movedFigures: [] };
        built.push(entry);
        // As `galley build` does: the PDF first, its page starts and figure pages then go into the e-book.
        const pdf = await renderPdf(document, { outFile: entry.pdfFile, pageSize: size, browser: shared.browser, pageStarts: true });
        const epubFile = path.join(dir, `${size}.epub`);
        try {
          await renderEpub(document, { outFile: epubFile, print: pdf.print });
          entry.zip = await openEpub(epubFile);
          const article = await entryText(entry.zip, 'OEBPS/article.xhtml');
          for (const { figureId } of pdf.print.figureMoves) {
            const figcaption = new RegExp(`<figure[^>]*id="${figureId}"[\\s\\S]*?<figcaption>([\\s\\S]*?)</figcaption>`).exec(article)?.[1] ?? '';
            entry.movedFigures.push(letters(figcaption.replace(/<[^>]+>/g, ' ')));
          }
          for (let page = 1; page <= pageCount(entry.pdfFile); page++) entry.markers.push(await afterMarker(entry.zip, page));
        } catch (error) {
          entry.error = (error as Error).message;
        }
      }
    }
  }, 900_000);

  it.each(plan.flatMap(({ seed }) => sizes.map((size) => ({ seed, size }))))('manuscript $seed at $size', async ({ seed, size }) => {
    const entry = built.find((candidate) => candidate.seed === seed && candidate.size === size)!;
    expect(entry.error, 'the e-book was built').toBeUndefined();
    const zip = entry.zip!;
    const pages = pageCount(entry.pdfFile);
    expect(pages).toBeGreaterThan(2);

    const nav = await entryText(zip, 'OEBPS/toc.xhtml');
    const list = [...nav.matchAll(/<a href="[a-z]+\.xhtml#page-(\d+)">(\d+)<\/a>/g)].map((match) => Number(match[2]));
    expect(list, 'one page-list entry per PDF page').toEqual(Array.from({ length: pages }, (_, i) => i + 1));

    for (let page = 1; page <= pages; page++) {
      const after = entry.markers[page - 1];
      expect(after, `page ${page} has a marker`).toBeDefined();
      expect(after!.place, `page ${page} opens with a figure: its marker stands before the figure, not in the caption`).not.toBe('caption start');
      if (after!.place === 'figure') {
        // The PDF page does open with the figure: its picture is printed on that page.
        const images = spawnSync('pdfimages', ['-list', '-f', String(page), '-l', String(page), entry.pdfFile], { encoding: 'utf8' }).stdout;
        expect(images.split('\n').filter((line) => /^\s*\d+\s+\d+\s+image\b/.test(line)).length, `page ${page} prints a picture`).toBeGreaterThan(0);
      }
      let printed = pdfPageText(entry.pdfFile, page, entry.title);
      // Print-only furniture a page may open with: the table's header row, repeated
      // on each page a table continues on, and the number of a list item or note.
      for (const header of entry.tableHeaders) {
        if (printed.startsWith(`${header} `) && !letters(after!.text).startsWith(letters(header))) printed = printed.slice(header.length + 1);
      }
      printed = printed.replace(/^\d+\.\s/, '');
      // The e-book's note opens with its number and back-link ("1 ↑") where print numbers the list.
      const ebookText = after!.place === 'note' ? after!.text.replace(/^\s*\d+\s*\u2191\s*/, '') : after!.text;
      // A page that opens with a figure print set later than the e-book (after
      // the text that filled the page before) is marked where its text goes on after the figure.
      let printedLetters = letters(printed);
      const moved = movedFigureOpening(entry, page);
      // Marked before that figure when the page holds nothing else; before the next figure when the page goes on with it.
      if (moved && after!.place === 'figure' && letters(after!.text).startsWith(moved.slice(0, 30))) {
        // Nothing else of the article: the end matter, in files of its own, may follow a figure that ends it.
        const rest = printedLetters.slice(moved.length);
        expect(rest === '' || rest.startsWith(letters('Sources and credits')), `page ${page} opens with a figure print set later and is marked before it: it holds nothing else but the end matter ("${rest.slice(0, 40)}")`).toBe(true);
      } else if (moved) {
        printedLetters = printedLetters.slice(moved.length);
      }
      const want = printedLetters.slice(0, 30);
      const got = letters(ebookText).slice(0, 30);
      expect(got, `page ${page} (${after!.place}): PDF opens "${printed.slice(0, 60)}", e-book marker before "${after!.text.replace(/\s+/g, ' ').trim().slice(0, 60)}"`).toBe(want);
    }
  });

  it.each(plan.flatMap(({ seed }) => sizes.map((size) => ({ seed, size }))))(
    `manuscript $seed at $size keeps word spaces even (${EVEN_WORD_SPACES})`,
    ({ seed, size }) => {
      const entry = built.find((candidate) => candidate.seed === seed && candidate.size === size)!;
      expectEvenWordSpaces(entry.pdfFile);
    },
  );

  it('prints every list and note number inside the text block (the page margin clips what hangs into it)', () => {
    let numbers = 0;
    for (const entry of built) {
      const geometry = pageGeometry[entry.size];
      pdfLines(entry.pdfFile).forEach(({ lines }, index) => {
        // The first page is a right-hand page: the inner margin on its left.
        const edge = ((index % 2 === 0 ? geometry.marginInnerIn : geometry.marginOuterIn) * 72);
        for (const line of lines) {
          const first = line.words[0];
          if (!first || !/^\d{2,}\.$/.test(first.text)) continue;
          numbers++;
          expect(first.left, `manuscript ${entry.seed} at ${entry.size}, page ${index + 1}: "${line.text.slice(0, 40)}"`).toBeGreaterThanOrEqual(edge - 0.5);
        }
      });
    }
    expect(numbers, 'numbers of two digits or more printed').toBeGreaterThan(10);
  });

  it('puts every kind of block at a page start', () => {
    const places = new Set(built.flatMap((entry) => entry.markers.map((marker, index) => (movedFigureOpening(entry, index + 1) ? 'moved figure' : marker?.place))));
    expect([...places].sort()).toEqual(expect.arrayContaining(['block quote', 'caption', 'end matter', 'figure', 'heading', 'list item', 'moved figure', 'note', 'table row']));
  });
});
