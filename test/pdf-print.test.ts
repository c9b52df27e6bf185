/**
 * The print edition as an editor reads it, on a fixture made for it
 * (test/fixtures/good/print-layout: long paragraphs, links, a tall figure
 * that does not fit at the foot of a page, a list, notes), at every page size,
 * read back with poppler: links print their address; a figure that does not
 * fit moves on and the text fills the page it left.
 * Page images go to test-output/pdf-print/.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { renderPdf, type RenderPdfResult } from '../src/pdf/index.js';
import { MAX_SHORT_LINES } from '../src/pdf/figures.js';
import { applyTracking } from '../src/pdf/loose-lines.js';
import { tieLastWords } from '../src/pdf/hyphenate.js';
import { toHtml } from 'hast-util-to-html';
import type { Root } from 'hast';
import { pageGeometry, pageSizes, type PageSize } from '../src/pdf/page.js';
import { toString } from 'hast-util-to-string';
import { repoRoot } from './helpers.js';
import { EVEN_WORD_SPACES, expectEvenWordSpaces, pdfLines, pdfText, run, useBrowserAndTempDir } from './pdf-helpers.js';

/**
 * Text with white space and hyphens dropped: a line may break inside an
 * address, and pdftotext joins a line that ends in a hyphen, dropping it.
 */
const squash = (text: string): string => text.replace(/[\u00AD\u2010-]/g, '').replace(/\s+/g, '');

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'print-layout');
const session = useBrowserAndTempDir('galley-pdf-print-');
let doc: GalleyDocument;
const built = new Map<PageSize, { file: string; result: RenderPdfResult }>();
/**
 * The pages followed by a page that opens with a figure, and how many lines
 * short each ends (not counting the page where the article's text ends).
 */
function pagesBeforeFigures(size: PageSize): Array<{ page: number; empty: number }> {
  const geometry = pageGeometry[size];
  const lineHeight = geometry.fontSizePt * geometry.lineHeight;
  const blockTop = geometry.marginTopIn * 72;
  const pages = pdfLines(built.get(size)!.file);
  const inBlock = (page: (typeof pages)[number]) =>
    page.lines.filter((line) => line.top >= blockTop - 2 && line.bottom <= page.height - geometry.marginBottomIn * 72 + 2);
  const captions = doc.credits.map((credit) => squash(credit.caption));
  // After the article's last paragraph there is no text left to fill a page with.
  const paragraphs = doc.content.children.filter((node) => node.type === 'element' && node.tagName === 'p');
  const articleEnd = squash(toString(paragraphs.at(-1)!)).slice(-40);
  const found: Array<{ page: number; empty: number }> = [];
  for (let index = 0; index + 1 < pages.length; index++) {
    const next = inBlock(pages[index + 1]!);
    const first = next[0];
    // The next page opens with a figure: its first text is a caption, below the picture.
    if (!first || first.top - blockTop < 3 * lineHeight) continue;
    if (!captions.some((caption) => caption.startsWith(squash(first.text).slice(0, 30)))) continue;
    const lines = inBlock(pages[index]!);
    const last = lines.at(-1)!;
    if (squash(lines.slice(-3).map((line) => line.text).join(' ')).endsWith(articleEnd)) continue;
    found.push({ page: index + 1, empty: Math.floor((pages[index]!.height - geometry.marginBottomIn * 72 - last.bottom) / lineHeight) });
  }
  return found;
}

beforeAll(async () => {
  doc = (await loadManuscript(fixture)).document;
  for (const size of pageSizes) {
    const file = path.join(session.dir, `${doc.slug}-${size}.pdf`);
    built.set(size, { file, result: await renderPdf(doc, { outFile: file, pageSize: size, browser: session.browser }) });
  }
}, 240_000);

describe.each(pageSizes.map((size) => [size]))('the print-layout fixture as a %s PDF', (size) => {
  const get = () => built.get(size as PageSize)!;

  it('prints the address of each link after its text, in parentheses, unless the text is the address', () => {
    const text = squash(pdfText(get().file));
    expect(text).toContain(squash('the regional water authority (https://water.example.org/projects/removal-2021) and paid for'));
    expect(text).toContain(
      squash('including the minister (https://government.example.net/ministers/environment/correspondence/2021/lakeside-association-letter-of-complaint.html) and'),
    );
    // The text already is the address: printed once, as written.
    expect(text).toContain(squash('still for sale at https://example.com/letters.'));
    expect(text).not.toContain('(https://example.com/letters)');
    expect(text).toContain(squash('collected at example.com/series, with'));
    expect(text).not.toContain('(https://example.com/series)');
    // Links inside the document (notes, figures) print no address.
    expect(text).not.toMatch(/\(#|user-content/);
  });

  it('lets the text fill the page a figure did not fit on: never more than a few empty lines before it', () => {
    for (const { page, empty } of pagesBeforeFigures(size as PageSize)) {
      expect(empty, `page ${page} ends ${empty} lines short before a figure`).toBeLessThanOrEqual(MAX_SHORT_LINES);
    }
  });

  it(`keeps word spaces even: ${EVEN_WORD_SPACES}`, () => {
    expectEvenWordSpaces(get().file, 51);
  });

  it('renders to page images for a look (test-output/pdf-print/)', () => {
    const out = path.join(repoRoot, 'test-output', 'pdf-print');
    mkdirSync(out, { recursive: true });
    for (const name of readdirSync(out)) if (name.startsWith(`${size}-`)) rmSync(path.join(out, name));
    run('pdftoppm', ['-png', '-r', '60', get().file, path.join(out, size)]);
    expect(readdirSync(out).filter((name) => name.startsWith(`${size}-`))).toHaveLength(get().result.pages);
  });
});

describe('the fixture', () => {
  it('has a figure that opens a page after a page the text filled, at some page size (else the test above checks nothing)', () => {
    expect(pageSizes.flatMap((size) => pagesBeforeFigures(size)).length).toBeGreaterThan(0);
  });
});

describe('a loose line that tracking cannot mend', () => {
  const paragraph = (): Root => ({
    type: 'root',
    children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Crane basin century salt tender council keeper diver.' }] }],
  });

  it('is tracked while it can be', () => {
    const tree = paragraph();
    tieLastWords(tree);
    applyTracking(tree, new Map([['cranebasincenturysalttendercouncil', 5]]));
    expect(toHtml(tree)).toBe('<p><span class="track-5">Crane basin century salt tender council</span> keeper\u00A0diver.</p>');
  });

  it('loses the tie of its paragraph\'s last two words, and its tracking, so that it can take a word back', () => {
    const tree = paragraph();
    tieLastWords(tree);
    applyTracking(tree, new Map([['cranebasincenturysalttendercouncil', 5]]), new Set(['cranebasincenturysalttendercouncil']));
    expect(toHtml(tree)).toBe('<p>Crane basin century salt tender council keeper diver.</p>');
  });

  it('keeps a no-break space that is not the last words\' tie', () => {
    const tree: Root = {
      type: 'root',
      children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Crane basin century salt tender council at 10\u00A0km and more words after it.' }] }],
    };
    applyTracking(tree, new Map(), new Set(['cranebasincenturysalttendercouncil']));
    expect(toHtml(tree)).toContain('10\u00A0km');
  });
});
