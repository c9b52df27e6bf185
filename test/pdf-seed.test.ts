/**
 * The seed manuscript, built to PDF in each page size and read back with
 * poppler: every paragraph in reading order, the caption, the credit, the wire
 * note and the cited sources; no paywall line; tagged, with an outline,
 * metadata and embedded fonts. Page images go to test-output/pdf-seed/ for a
 * person to look at.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { version } from '../src/version.js';
import { renderPdf, type RenderPdfResult } from '../src/pdf/index.js';
import { pageSizes, type PageSize } from '../src/pdf/page.js';
import { cpuMs, repoRoot, seedArticle, type SeedArticle, seedManuscript } from './helpers.js';
import { EVEN_WORD_SPACES, expectEvenWordSpaces, pdfFonts, pdfInfo, pdfOutline, pdfText, qpdfCheck, run, useBrowserAndTempDir } from './pdf-helpers.js';

/**
 * Text as poppler gives it and text as written, brought to one form: quotes
 * folded, soft hyphens gone, and hyphens and white space dropped altogether —
 * pdftotext joins a line that ends in a hyphen and drops the hyphen, whether
 * it was a break or part of "military-to-military".
 */
function squash(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\u00AD/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[-\u2010\u2011]/g, '')
    .replace(/\s+/g, '');
}

/**
 * The PDF's text without what the page margins add (running head, folio), so
 * that a paragraph broken across pages reads as one.
 */
function textWithoutMargins(file: string, title: string): string {
  return pdfText(file)
    .split('\f')
    .map((page, index) => {
      const lines = page.split('\n').filter((line) => !/^\s*page \d+ of \d+\s*$/.test(line));
      if (index > 0) {
        const head = lines.findIndex((line) => line.trim() !== '');
        if (head >= 0 && lines[head]!.trim() === title) lines.splice(head, 1);
      }
      return lines.join('\n');
    })
    .join('\n');
}

const session = useBrowserAndTempDir('galley-pdf-seed-');
let doc: GalleyDocument;
const built = new Map<PageSize, { file: string; result: RenderPdfResult; ms: number; cpuMs: number }>();
// Read in the first beforeAll, not while the file is collected.
let seed: SeedArticle;

beforeAll(async () => {
  seed = seedArticle();
  doc = (await loadManuscript(seedManuscript)).document;
  for (const size of pageSizes) {
    const file = path.join(session.dir, `${doc.slug}-${size}.pdf`);
    const started = { wall: performance.now(), cpu: cpuMs() };
    const result = await renderPdf(doc, { outFile: file, pageSize: size, browser: session.browser });
    built.set(size, { file, result, ms: performance.now() - started.wall, cpuMs: cpuMs() - started.cpu });
  }
});

describe.each(pageSizes.map((size) => [size]))('the seed article as a %s PDF', (size) => {
  const get = () => built.get(size as PageSize)!;

  it('builds cleanly, in reasonable time', () => {
    const { result, ms, cpuMs } = get();
    expect(result.warnings).toEqual([]);
    expect(result.pages).toBeGreaterThanOrEqual(1);
    expect(result.pages).toBeLessThanOrEqual(6);
    // With a warm browser galley's side of a build takes well under a second of CPU; far more means it lays
    // the article out again and again. (A wait on one of the browser's timeouts ends in an error, not here;
    // the wall time, which a busy machine stretches tenfold, is only printed.)
    console.log(`seed PDF at ${size}, warm browser: ${result.pages} pages in ${Math.round(ms)} ms, ${Math.round(cpuMs)} ms of galley's CPU`);
    expect(cpuMs).toBeLessThan(10_000);
  });

  it(`keeps word spaces even: ${EVEN_WORD_SPACES}`, () => {
    expectEvenWordSpaces(get().file, 41);
  });

  it('has every body paragraph, in reading order', () => {
    const text = squash(textWithoutMargins(get().file, doc.metadata.title));
    let from = 0;
    for (const paragraph of seed.body) {
      const at = text.indexOf(squash(paragraph), from);
      expect(at, `paragraph not found after position ${from}: ${paragraph.slice(0, 60)}…`).toBeGreaterThanOrEqual(0);
      from = at + squash(paragraph).length;
    }
  });

  it('has the headline, dek, caption, credit, wire note and cited sources, and no paywall line', () => {
    const raw = pdfText(get().file);
    const text = squash(raw);
    expect(text).toContain(squash(seed.headline));
    expect(text).toContain(squash(seed.dek));
    expect(text).toContain(squash(seed.caption));
    // Under the picture, in capitals; in "Sources and credits", as written.
    expect(text).toContain(squash(seed.credit).toUpperCase());
    expect(text).toContain(squash(`Photo: ${seed.credit}`));
    expect(text).toContain(squash(seed.wireNote));
    for (const cited of doc.metadata.source.cited) expect(text).toContain(squash(cited));
    expect(text).toContain(squash('Sources and credits'));
    expect(text).toContain(squash('Figure 1, page 1:'));
    expect(raw).not.toMatch(/You(?:'|’)ve read/);
    expect(raw).not.toContain('Subscribe');
    // Nobody is named in the source: no byline is made up.
    expect(raw).not.toMatch(/^By /m);
  });

  it('is tagged, has an outline and metadata, and embeds every font (none Type 3)', () => {
    const { file } = get();
    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors/);
    const info = pdfInfo(file);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe(doc.metadata.title);
    expect(info.Subject).toBe(doc.metadata.subtitle);
    expect(info.Keywords).toBe(doc.metadata.keywords.join(', '));
    expect(info.Creator).toBe(`galley ${version}`);
    expect(info.Author).toBeUndefined();
    expect(info.CreationDate).toMatch(/Feb 16 \d\d:\d\d:\d\d 2017/);
    expect(info['Metadata Stream']).toBe('yes');

    expect(pdfOutline(file)).toEqual([doc.metadata.title, 'Sources and credits', 'Pictures', 'Agency material', 'Sources quoted']);

    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.type, font.name).not.toMatch(/Type 3/);
      expect(font.name).toMatch(/Literata/);
    }
  });

  it('renders to page images for a look (test-output/pdf-seed/)', () => {
    const out = path.join(repoRoot, 'test-output', 'pdf-seed');
    mkdirSync(out, { recursive: true });
    for (const name of readdirSync(out)) if (name.startsWith(`${size}-`)) rmSync(path.join(out, name));
    run('pdftoppm', ['-png', '-r', '60', get().file, path.join(out, size)]);
    const images = readdirSync(out).filter((name) => name.startsWith(`${size}-`) && name.endsWith('.png'));
    expect(images).toHaveLength(get().result.pages);
  });
});
