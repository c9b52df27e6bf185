/**
 * A figure moved after the text that fills the page it did not fit on goes
 * back before that text once it has room there: moves are decided on the
 * layout before them, and the moves of the figures before it (or its own
 * smaller picture) can bring it up to a page that holds it and the text in
 * the manuscript's order. The fixture, a photo essay of six pictures of
 * every shape (a panorama among them) with a paragraph or two between them,
 * left a paragraph printed over the picture it follows in the manuscript,
 * on a page that held both in order. Read back with poppler
 * (`pdftotext -bbox-layout`) at every page size.
 */
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { renderPdf, type RenderPdfResult } from '../src/pdf/index.js';
import { pageSizes, type PageSize } from '../src/pdf/page.js';
import { repoRoot } from './helpers.js';
import { pdfLines, useBrowserAndTempDir, type PrintedLine } from './pdf-helpers.js';

/** Letters and digits only: lines break and hyphenate anywhere. */
const squash = (text: string): string => text.normalize('NFC').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();

const session = useBrowserAndTempDir('galley-figure-order-');
let doc: GalleyDocument;
const built = new Map<PageSize, { result: RenderPdfResult; pages: PrintedLine[][] }>();

beforeAll(async () => {
  doc = (await loadManuscript(path.join(repoRoot, 'test', 'fixtures', 'good', 'photo-essay'))).document;
  for (const size of pageSizes) {
    const file = path.join(session.dir, `photo-essay-${size}.pdf`);
    const result = await renderPdf(doc, { outFile: file, pageSize: size, browser: session.browser });
    built.set(size, { result, pages: pdfLines(file).map(({ lines }) => lines) });
  }
}, 240_000);

function isElement(node: Root['children'][number] | Element['children'][number]): node is Element {
  return node.type === 'element';
}

/** Where a text's first line is printed: its page (1-based) and its top, from the first page on which its opening stands alone on a line's start. */
function placeOf(pages: PrintedLine[][], opening: string): { page: number; top: number } | undefined {
  for (const [index, lines] of pages.entries()) {
    const line = lines.find((candidate) => squash(candidate.text).length > 0 && opening.startsWith(squash(candidate.text).slice(0, 12)) && squash(candidate.text).startsWith(opening.slice(0, 12)));
    if (line) return { page: index + 1, top: line.top };
  }
  return undefined;
}

describe.each(pageSizes)('the photo essay as a %s PDF', (size) => {
  it('moved a figure past text to fill a page (else this checks nothing)', () => {
    expect(built.get(size)!.result.print.figureMoves.length).toBeGreaterThan(0);
  });

  it('prints a paragraph before the figure the manuscript puts it after only on an earlier page, never over it on its own page', () => {
    const { pages } = built.get(size)!;
    const blocks = doc.content.children.filter(isElement);
    for (const credit of doc.credits) {
      const caption = placeOf(pages, squash(credit.caption));
      expect(caption, `${credit.figureId}'s caption`).toBeDefined();
      const index = blocks.findIndex((node) => node.properties.id === credit.figureId);
      // The paragraphs up to the next figure.
      for (const block of blocks.slice(index + 1)) {
        if (block.tagName !== 'p') break;
        const text = placeOf(pages, squash(toString(block)));
        expect(text, toString(block)).toBeDefined();
        const before = text!.page < caption!.page || (text!.page === caption!.page && text!.top < caption!.top);
        if (!before) continue;
        expect(text!.page, `“${toString(block).slice(0, 40)}…” printed over ${credit.figureId} on its page ${caption!.page}`).toBeLessThan(caption!.page);
      }
    }
  });
});
