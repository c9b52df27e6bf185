/**
 * The print edition as an editor reads it, on a fixture made for it
 * (test/fixtures/good/print-layout: long paragraphs, links, a tall figure
 * that does not fit at the foot of a page, a list, notes), at every page size:
 * links print their address, and the text is read back with poppler.
 * Page images go to test-output/pdf-print/.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { renderPdf, type RenderPdfResult } from '../src/pdf/index.js';
import { pageSizes, type PageSize } from '../src/pdf/page.js';
import { repoRoot } from './helpers.js';
import { pdfText, run, useBrowserAndTempDir } from './pdf-helpers.js';

/**
 * Text with white space and hyphens dropped: a line may break inside an
 * address, and pdftotext joins a line that ends in a hyphen, dropping it.
 */
const squash = (text: string): string => text.replace(/[\u00AD\u2010-]/g, '').replace(/\s+/g, '');

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'print-layout');
const session = useBrowserAndTempDir('galley-pdf-print-');
let doc: GalleyDocument;
const built = new Map<PageSize, { file: string; result: RenderPdfResult }>();

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

  it('renders to page images for a look (test-output/pdf-print/)', () => {
    const out = path.join(repoRoot, 'test-output', 'pdf-print');
    mkdirSync(out, { recursive: true });
    for (const name of readdirSync(out)) if (name.startsWith(`${size}-`)) rmSync(path.join(out, name));
    run('pdftoppm', ['-png', '-r', '60', get().file, path.join(out, size)]);
    expect(readdirSync(out).filter((name) => name.startsWith(`${size}-`))).toHaveLength(get().result.pages);
  });
});
