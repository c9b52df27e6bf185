import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { beforeAll, describe, expect, it } from 'vitest';
import { headingsOf, stripSoftHyphenMarks } from '../src/pdf/cleanup.js';
import { buildPrintPage, cssString, imageUrl, runningHead } from '../src/pdf/html.js';
import { enforceMinimums, hyphenateText, hyphenateTree, hyphenatorFor, SOFT_HYPHEN, tieLastWords } from '../src/pdf/hyphenate.js';
import { renderPdf } from '../src/pdf/index.js';
import { imageAsset, sampleDocument } from './pdf-fixture.js';
import { pdfFonts, pdfInfo, pdfOutline, pdfText, qpdfCheck, useBrowserAndTempDir } from './pdf-helpers.js';

const templatesDir = fileURLToPath(new URL('../templates/', import.meta.url));

const session = useBrowserAndTempDir('galley-pdf-render-');

const squash = (text: string): string => text.normalize('NFKC').replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim();

describe('renderPdf on a hand-made document', () => {
  // One build of the sample, read by the cases below (each also passes alone).
  let sample: { doc: ReturnType<typeof sampleDocument>; outFile: string; result: Awaited<ReturnType<typeof renderPdf>> };
  beforeAll(async () => {
    const doc = sampleDocument({ repeat: 2 });
    const outFile = path.join(session.dir, 'sample.pdf');
    sample = { doc, outFile, result: await renderPdf(doc, { outFile, browser: session.browser }) };
  });

  it('lays out the opening, running head, folio and end matter', () => {
    const { doc, outFile, result } = sample;
    expect(result.warnings).toEqual([]);
    expect(result.pages).toBeGreaterThanOrEqual(2);
    expect(result.print.figurePages.get('figure-1')).toBe(1);
    qpdfCheck(outFile);

    const info = pdfInfo(outFile);
    expect(info['Page size']).toMatch(/612 x 792 pts \(letter\)/);
    expect(Number(info.Pages)).toBe(result.pages);

    const pages = Array.from({ length: result.pages }, (_, i) => squash(pdfText(outFile).split('\f')[i] ?? ''));
    // The first page opens with the headline and has no running head above it.
    expect(pages[0]!.startsWith('The river returns')).toBe(true);
    expect(pages[0]!.match(/The river returns/g)).toHaveLength(1);
    expect(pages[0]).toContain('A dam came down, and the salmon came back within a year.');
    expect(pages[0]).toContain('May 1, 2024');
    // Later pages: the title as running head, then the text.
    for (let i = 1; i < result.pages; i++) expect(pages[i]!.startsWith('The river returns')).toBe(true);
    pages.forEach((page, i) => expect(page).toContain(`page ${i + 1} of ${result.pages}`));

    const all = pages.join(' ');
    // Nobody is named, no dateline: nothing is made up for them. The dek is followed by the date.
    expect(pages[0]).toContain('within a year. May 1, 2024');
    const html = buildPrintPage(doc).html;
    expect(html).not.toContain('class="byline"');
    expect(html).not.toContain('class="dateline"');
    expect(all).toContain('Sources and credits');
    expect(all).toContain('Figure 1, page 1:');
    expect(all).toContain('Photo: Jane Doe/River Agency. Licence: CC BY 4.0');
    expect(all).toContain('First published in The Valley Courier: https://example.org/river-returns');
    expect(all).toContain('This article contains material from River Wire.');
    expect(all).toContain('State Fisheries Office');
    expect(all).toContain('https://example.org/reports/river-2024');

    expect(pdfOutline(outFile)).toEqual(['The river returns', 'Upstream', 'Sources and credits', 'Pictures', 'Original publication', 'Agency material', 'Sources quoted']);
    expect(info.Tagged).toBe('yes');
    for (const font of pdfFonts(outFile)) {
      expect(font.embedded).toBe(true);
      expect(font.type).not.toMatch(/Type 3/);
    }
  });

  it('shows byline and dateline when the document has them', async () => {
    const doc = sampleDocument({ authors: ['Ana Souza', 'Bo Chen'], dateline: 'PORTLAND, Ore.' });
    const outFile = path.join(session.dir, 'byline.pdf');
    await renderPdf(doc, { outFile, browser: session.browser });
    const first = squash(pdfText(outFile).split('\f')[0]!);
    expect(first).toContain('By Ana Souza and Bo Chen');
    expect(first).toContain('PORTLAND, ORE.');
    expect(pdfInfo(outFile).Author).toBe('Ana Souza and Bo Chen');
  });

  it('leaves the dek out when there is none', async () => {
    const doc = sampleDocument({ subtitle: '' });
    delete doc.metadata.subtitle;
    const page = buildPrintPage(doc);
    expect(page.html).not.toContain('class="dek"');
  });

  it('sets Letter, A4 and 6×9 in', async () => {
    const doc = sampleDocument();
    for (const [size, expected] of [
      ['a4', /59[45]\.\d+ x 841\.\d+ pts \(A4\)/],
      ['6x9', /432 x 648 pts/],
    ] as const) {
      const outFile = path.join(session.dir, `size-${size}.pdf`);
      await renderPdf(doc, { outFile, pageSize: size, browser: session.browser });
      expect(pdfInfo(outFile)['Page size']).toMatch(expected);
    }
  });

  it('has no soft hyphens in its text, and whole words read back', () => {
    const text = pdfText(sample.outFile);
    expect(text).not.toContain(SOFT_HYPHEN);
    // Words that carry break points in the source read back whole unless a line broke there.
    const joined = squash(text.replace(/-\n/g, ''));
    for (const word of ['administrative', 'biologists', 'predicted', 'permitting']) expect(joined.toLowerCase()).toContain(word);
  });

  it('reports what the page asked for outside the build, and reads none of it', async () => {
    const doc = sampleDocument({
      extraHtml: '<p>Tail.</p><iframe src="file:///etc/passwd"></iframe><img src="https://example.com/pixel.gif" alt="">',
    });
    const outFile = path.join(session.dir, 'blocked.pdf');
    const result = await renderPdf(doc, { outFile, browser: session.browser });
    expect(result.warnings.some((w) => w.includes('file:///etc/passwd'))).toBe(true);
    expect(result.warnings.some((w) => w.includes('"https://example.com/pixel.gif" is not among'))).toBe(true);
    expect(pdfText(outFile)).not.toContain('root:');
  });

  it('warns about a picture with too few pixels for print', () => {
    const doc = sampleDocument();
    doc.assets.images = [imageAsset('figure-1', 400, 300)];
    expect(buildPrintPage(doc).warnings.join('\n')).toMatch(/prints at \d+ ppi \(400×300 px\)/);
  });

  it('makes the same bytes from the same document', async () => {
    const doc = sampleDocument();
    const a = path.join(session.dir, 'same-a.pdf');
    const b = path.join(session.dir, 'same-b.pdf');
    await renderPdf(doc, { outFile: a, browser: session.browser });
    await renderPdf(doc, { outFile: b, browser: session.browser });
    const hash = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(hash(a)).toBe(hash(b));
  });
});

describe('writing the PDF', () => {
  it('keeps the previous PDF when a build fails, and leaves no temporary file', async () => {
    const out = mkdtempSync(path.join(session.dir, 'atomic-'));
    const outFile = path.join(out, 'river.pdf');
    writeFileSync(outFile, 'the previous edition');
    const broken = path.join(out, 'templates');
    cpSync(templatesDir, broken, { recursive: true });
    writeFileSync(path.join(broken, 'print', 'article.html.ejs'), '<% if (oops) { %>');
    await expect(renderPdf(sampleDocument(), { outFile, browser: session.browser, templatesDir: broken })).rejects.toThrow();
    expect(readFileSync(outFile, 'utf8')).toBe('the previous edition');
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('removes its temporary file when the final name cannot be written', async () => {
    const out = mkdtempSync(path.join(session.dir, 'atomic-'));
    const outFile = path.join(out, 'river.pdf');
    mkdirSync(path.join(outFile, 'in-the-way'), { recursive: true });
    await expect(renderPdf(sampleDocument(), { outFile, browser: session.browser })).rejects.toThrow();
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces the previous PDF when the build succeeds, and leaves no temporary file', async () => {
    const out = mkdtempSync(path.join(session.dir, 'atomic-'));
    const outFile = path.join(out, 'river.pdf');
    writeFileSync(outFile, 'the previous edition');
    await renderPdf(sampleDocument(), { outFile, browser: session.browser });
    expect(readFileSync(outFile).subarray(0, 5).toString()).toBe('%PDF-');
    // The writer's temporary files are hidden (`.river.pdf.<pid>.<ms>.tmp`): the folder holds the PDF and nothing else.
    expect(readdirSync(out)).toEqual(['river.pdf']);
    // And a folder that does not exist yet is made.
    const nested = path.join(out, 'nested', 'river.pdf');
    await renderPdf(sampleDocument(), { outFile: nested, browser: session.browser });
    expect(readdirSync(path.dirname(nested))).toEqual(['river.pdf']);
  });
});

describe('the print page', () => {
  it('points pictures into the sandbox and marks the lead figure', () => {
    const doc = sampleDocument();
    const page = buildPrintPage(doc);
    expect(page.html).toContain(`src="${imageUrl(doc.assets.images[0]!)}"`);
    // A picture's path names its bytes (a batch's page patched from one document to the next keeps what it loaded under a path).
    const digest = createHash('sha256').update(doc.assets.images[0]!.bytes).digest('hex').slice(0, 16);
    expect(page.html).toContain(`https://galley.invalid/images/figure-1-${digest}.png`);
    expect(page.html).toMatch(/<figure class="figure lead" id="figure-1">/);
    expect([...page.files.keys()].sort()).toEqual([
      'fonts/literata-latin-400-italic.woff2',
      'fonts/literata-latin-400-normal.woff2',
      'fonts/literata-latin-700-italic.woff2',
      'fonts/literata-latin-700-normal.woff2',
      `images/figure-1-${digest}.png`,
      'index.html',
      'print.css',
      'turnover.svg',
    ]);
  });

  it('writes the running head and page size from the geometry', () => {
    const page = buildPrintPage(sampleDocument({ title: 'Quotes "and" back\\slashes' }), { pageSize: '6x9' });
    expect(page.html).toContain('size: 6in 9in;');
    expect(page.html).toContain('content: "Quotes \\"and\\" back\\\\slashes";');
    expect(page.html).toContain('@page :first');
    expect(page.html).toContain('counter(page) " of " counter(pages)');
    expect(page.html).toContain('@page :left');
  });

  it('never hyphenates code, URLs, headings or link text that is a URL', () => {
    const page = buildPrintPage(sampleDocument());
    const tree = fromHtml(page.html);
    const texts: Record<string, string> = {};
    const walk = (node: Root | Element): void => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (['code', 'h1', 'h2', 'a'].includes(child.tagName)) texts[child.tagName] = (texts[child.tagName] ?? '') + toHtml(child);
        walk(child);
      }
    };
    walk(tree);
    for (const tag of ['code', 'h1', 'h2', 'a']) {
      expect(texts[tag]).toBeDefined();
      expect(texts[tag]).not.toContain(SOFT_HYPHEN);
    }
    // …while the prose is hyphenated.
    expect(page.html).toContain(`ad${SOFT_HYPHEN}min${SOFT_HYPHEN}is${SOFT_HYPHEN}tra${SOFT_HYPHEN}tive`);
  });
});

describe('hyphenation', () => {
  // The patterns are loaded before the cases, not while the file is collected.
  let en: NonNullable<ReturnType<typeof hyphenatorFor>>;
  beforeAll(() => {
    en = hyphenatorFor('en')!;
  });

  it('finds patterns by language tag', () => {
    expect(hyphenatorFor('en')).toBeTypeOf('function');
    expect(hyphenatorFor('en-GB')).toBeTypeOf('function');
    expect(hyphenatorFor('de-AT')).toBeTypeOf('function');
    expect(hyphenatorFor('xx')).toBeUndefined();
    expect(hyphenatorFor('../../etc')).toBeUndefined();
  });

  it('hyphenates prose and leaves the rest alone', () => {
    expect(hyphenateText('intensifying relationship', en)).toBe(`in${SOFT_HYPHEN}ten${SOFT_HYPHEN}si${SOFT_HYPHEN}fy${SOFT_HYPHEN}ing re${SOFT_HYPHEN}la${SOFT_HYPHEN}tion${SOFT_HYPHEN}ship`);
    for (const kept of ['https://example.org/administration', 'www.example.com', 'someone@example.org', 'NATO', 'Gerasimov', 'military-to-military', 'COVID-19', '2017-02-16']) {
      expect(hyphenateText(kept, en)).toBe(kept);
    }
  });

  it('keeps two letters before a break and three after', () => {
    const s = SOFT_HYPHEN;
    expect(enforceMinimums(`a${s}bout`)).toBe('about');
    expect(enforceMinimums(`de${s}ci${s}pher`)).toBe(`de${s}ci${s}pher`);
    expect(enforceMinimums(`re${s}la${s}tion${s}ship`)).toBe(`re${s}la${s}tion${s}ship`);
    expect(enforceMinimums(`rea${s}dy`)).toBe('ready');
  });

  it('skips code and pre inside a tree', () => {
    const tree = fromHtml('<p>administration <code>administration</code></p><pre>administration</pre>', { fragment: true });
    hyphenateTree(tree, en);
    const html = toHtml(tree);
    expect(html).toContain(`ad${SOFT_HYPHEN}min`);
    expect(html).toContain('<code>administration</code>');
    expect(html).toContain('<pre>administration</pre>');
  });

  it('ties a short last word to the one before it', () => {
    const tree = fromHtml('<p>The river sorted it out within a season.</p><p>See <code>x</code>.</p><p>Extraordinarily incomprehensible.</p>', { fragment: true });
    tieLastWords(tree);
    const html = toHtml(tree);
    expect(html).toContain('a\u00A0season.');
    expect(html).toContain('See\u00A0<code>x</code>.');
    expect(html).toContain('Extraordinarily incomprehensible.');
  });
});

describe('read-back touch-ups', () => {
  it('drops soft-hyphen marks but keeps the text positions', () => {
    const stream = [
      '7.8 0 Td <0049> Tj',
      '/Span<</ActualText <feff00ad> >> BDC',
      '8.96 0 Td <00c4> Tj',
      'EMC',
      '0 0 Td <0071> Tj',
      '/Span<</ActualText <feff006600ad00660069> >> BDC',
      '<0081> Tj',
      'EMC',
    ].join('\n');
    const cleaned = stripSoftHyphenMarks(stream)!;
    expect(cleaned).not.toMatch(/00ad/i);
    expect(cleaned).toContain('7.8 0 Td <0049> Tj\n8.96 0 Td\n0 0 Td <0071> Tj');
    expect(cleaned).toContain('/ActualText <feff006600660069>');
    expect(stripSoftHyphenMarks('1 0 Td <0049> Tj')).toBeUndefined();
  });

  it('reads the headings of the print page', () => {
    expect(headingsOf('<h1 class="x">Mattis: US &#8216;not&#x2019; <em>in</em>\n a po\u00ADsition</h1><h3>Sources &amp; credits</h3>')).toEqual([
      'Mattis: US ‘not’ in a position',
      'Sources & credits',
    ]);
  });

  it('makes CSS strings and running heads', () => {
    expect(cssString('a "b" \\ c\nd')).toBe('"a \\"b\\" \\\\ c d"');
    expect(runningHead('short')).toBe('short');
    const long = runningHead('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(73);
    expect(long.endsWith('…')).toBe(true);
  });
});
