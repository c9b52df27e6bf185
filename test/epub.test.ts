/**
 * Builds the seed article with the real CLI, opens the EPUB and reads it as a
 * reading system would; runs EPUBCheck and DAISY Ace on it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.js';
import { ace, entryText, epubcheck, normalize, openEpub, parseHtml, repoRoot, runCli, seedArticle, type SeedArticle, seedManuscript, tempDir, texts } from './helpers.js';

// Read in the first beforeAll, not while the file is collected.
let seed: SeedArticle;

describe('EPUB edition of the seed article', () => {
  let out: string;
  let file: string;
  let zip: JSZip;
  let opf: string;

  beforeAll(async () => {
    seed = seedArticle();
    out = tempDir();
    const result = runCli(['epub', seedManuscript, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ .*mattis-russia-nato\.epub/);
    file = path.join(out, 'mattis-russia-nato.epub');
    zip = await openEpub(file);
    opf = await entryText(zip, 'OEBPS/content.opf');
  });

  it('starts with an uncompressed mimetype entry', () => {
    const bytes = readFileSync(file);
    expect(bytes.subarray(30, 38).toString()).toBe('mimetype');
    expect(bytes.subarray(38, 58).toString()).toBe('application/epub+zip');
  });

  it('has every body paragraph of the source, in order, and nothing else in the body', async () => {
    const article = parseHtml(await entryText(zip, 'OEBPS/article.xhtml'));
    const paragraphs = texts(article, 'section > p');
    expect(paragraphs).toEqual(seed.body);
  });

  it('shows the headline, dek and date on the title page, and omits what the source does not give', async () => {
    const page = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    expect(texts(page, 'h1')).toEqual([normalize(seed.headline)]);
    expect(texts(page, '.dek')).toEqual([normalize(seed.dek)]);
    expect(texts(page, '.date')).toEqual(['February 16, 2017']);
    expect(texts(page, '.byline')).toEqual([]);
    expect(texts(page, '.dateline')).toEqual([]);
  });

  it('shows the photo with its caption and a visible credit line', async () => {
    const article = parseHtml(await entryText(zip, 'OEBPS/article.xhtml'));
    expect(texts(article, 'figure figcaption p:not(.credit)')).toEqual([normalize(seed.caption)]);
    expect(texts(article, 'figure figcaption .credit')).toEqual([normalize(seed.credit)]);
    const img = (await entryText(zip, 'OEBPS/article.xhtml')).match(/<img [^>]*src="([^"]+)"[^>]*alt="([^"]+)"/);
    expect(img?.[2]).toMatch(/^Stand-in image/);
    expect(zip.file(`OEBPS/${img?.[1]}`)).not.toBeNull();
  });

  it('credits the photo, the wire note verbatim and the cited sources in "Sources and credits"', async () => {
    const credits = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    expect(texts(credits, 'h2')).toEqual(['Sources and credits']);
    const creditItems = texts(credits, '.credit-list li');
    expect(creditItems).toHaveLength(1);
    expect(creditItems[0]).toContain('Figure 1');
    expect(creditItems[0]).toContain(normalize(seed.credit));
    expect(texts(credits, '.wire-note')).toEqual([normalize(seed.wireNote)]);
    expect(texts(credits, '.cited-list li')).toEqual(['Office of the Chairman of the Joint Chiefs of Staff', 'TASS Russian News Agency', 'The New York Times']);
    // No source publication or URL is given by the source: none is invented.
    expect(texts(credits, '.source-publication')).toEqual([]);
  });

  it('never carries the paywall prompt', async () => {
    for (const name of Object.keys(zip.files).filter((n) => /\.(xhtml|opf|ncx)$/.test(n))) {
      expect(normalize(await entryText(zip, name))).not.toContain("You've read");
    }
  });

  it('reads in the order cover, title page, article, sources and credits, colophon', () => {
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"(?: linear="(no)")?/g)].filter((m) => m[2] !== 'no').map((m) => m[1]);
    expect(spine).toEqual(['cover', 'titlepage', 'article', 'credits', 'colophon']);
  });

  it('has the package metadata', () => {
    const meta = (property: string) => [...opf.matchAll(new RegExp(`<meta property="${property}">([^<]*)</meta>`, 'g'))].map((m) => m[1]);
    expect(opf).toContain('<dc:title id="title">Mattis: US ‘not in a position to collaborate’ with Russian military</dc:title>');
    expect(opf).toMatch(/<dc:description>Mattis’s remarks may come as a blow/);
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toContain('xml:lang="en"');
    expect(opf).toMatch(/<dc:identifier id="pub-id">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/dc:identifier>/);
    expect(opf).toContain('<dc:date>2017-02-16</dc:date>');
    expect(meta('dcterms:modified')).toEqual(['2017-02-16T12:00:00Z']);
    expect(opf).toMatch(/<dc:contributor id="contributor-1">Thierry Monasse<\/dc:contributor>\s*<meta refines="#contributor-1" property="role" scheme="marc:relators">pht<\/meta>/);
    // The source names no author: the agencies whose copy it carries stand as creators, not as authors.
    expect([...opf.matchAll(/<dc:creator[^>]*>([^<]*)<\/dc:creator>/g)].map((m) => m[1])).toEqual(['Associated Press', 'Reuters']);
    expect(opf).not.toMatch(/marc:relators">aut</);
    expect(opf).not.toMatch(/<dc:source>/); // nor the original publication (only the print edition, below)
    expect(opf).toMatch(/<dc:source id="print-edition">urn:uuid:/);
    expect(opf).toContain('<dc:subject>NATO</dc:subject>');
    expect(opf).toMatch(/<item id="cover-image" href="cover.jpg" media-type="image\/jpeg" properties="cover-image" \/>/);
    expect(meta('schema:accessMode')).toEqual(['textual', 'visual']);
    expect(meta('schema:accessModeSufficient')).toEqual(['textual', 'textual,visual']);
    expect(meta('schema:accessibilityFeature')).toEqual(expect.arrayContaining(['alternativeText', 'structuralNavigation', 'tableOfContents', 'readingOrder']));
    expect(meta('schema:accessibilityHazard')).toEqual(['none']);
    expect(meta('schema:accessibilitySummary')[0]).toMatch(/WCAG 2\.1 Level AA/);
    expect(meta('dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
  });

  it('has a table of contents and landmarks', async () => {
    const nav = await entryText(zip, 'OEBPS/toc.xhtml');
    expect(nav).toContain('epub:type="toc"');
    expect(nav).toContain('epub:type="landmarks"');
    for (const href of ['titlepage.xhtml', 'article.xhtml', 'credits.xhtml', 'colophon.xhtml']) expect(nav).toContain(`href="${href}"`);
  });

  it('embeds Literata regular, italic, bold and bold italic, and its licence', async () => {
    const fonts = Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/fonts/') && !name.endsWith('/')).sort();
    expect(fonts).toEqual([
      'OEBPS/fonts/Literata-LICENSE.txt',
      'OEBPS/fonts/literata-latin-400-italic.ttf',
      'OEBPS/fonts/literata-latin-400-normal.ttf',
      'OEBPS/fonts/literata-latin-700-italic.ttf',
      'OEBPS/fonts/literata-latin-700-normal.ttf',
    ]);
    for (const font of fonts.filter((name) => name.endsWith('.ttf'))) expect((await zip.file(font)!.async('nodebuffer')).readUInt32BE(0)).toBe(0x00010000);
    expect(await entryText(zip, 'OEBPS/style.css')).toMatch(/@font-face \{ font-family: "Literata"; font-weight: 700; font-style: italic;/);
    expect(await entryText(zip, 'OEBPS/fonts/Literata-LICENSE.txt')).toContain('SIL OPEN FONT LICENSE');
    const colophon = normalize(await entryText(zip, 'OEBPS/colophon.xhtml'));
    expect(colophon).toContain('Made with galley');
    expect(colophon).toMatch(/urn:uuid:/);
  });

  it('has a cover image made from the article', async () => {
    const cover = await zip.file('OEBPS/cover.jpg')!.async('nodebuffer');
    expect(zip.file('OEBPS/cover.png')).toBeNull();
    expect(imageSize(cover)).toMatchObject({ type: 'jpg', width: 1600, height: 2400 });
    // The cover page shows it.
    expect(await entryText(zip, 'OEBPS/cover.xhtml')).toMatch(/<img role="doc-cover" src="cover.jpg"/);
  });

  it('passes EPUBCheck with no errors and no warnings', () => {
    const result = epubcheck(file);
    expect({ fatals: result.fatals, errors: result.errors, warnings: result.warnings }, result.output).toEqual({ fatals: 0, errors: 0, warnings: 0 });
  });

  it('passes DAISY Ace with no violations', () => {
    const violations = ace(file, findBrowser().path);
    expect(violations).toEqual([]);
  });

  it('has the same identifier and bytes when built again from the same manuscript', () => {
    const again = tempDir();
    expect(runCli(['epub', seedManuscript, '--out', again]).status).toBe(0);
    const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    expect(hash(path.join(again, 'mattis-russia-nato.epub'))).toBe(hash(file));
  });
});

describe('EPUB edition of a manuscript with notes, tables, sections and every metadata field', () => {
  let file: string;
  let zip: JSZip;

  beforeAll(async () => {
    const out = tempDir();
    const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'notes-and-tables');
    const result = runCli(['epub', manuscript, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    file = path.join(out, 'notes-and-tables.epub');
    zip = await openEpub(file);
  });

  it('makes footnotes EPUB notes', async () => {
    const article = await entryText(zip, 'OEBPS/article.xhtml');
    expect(article.match(/epub:type="noteref"/g)).toHaveLength(2);
    expect(article).toMatch(/<section class="notes" epub:type="endnotes" role="doc-endnotes"/);
    expect(article.match(/<li [^>]*epub:type="endnote"/g)).toHaveLength(2);
  });

  it('lists the sections in the table of contents', async () => {
    const nav = parseHtml(await entryText(zip, 'OEBPS/toc.xhtml'));
    expect(texts(nav, 'nav#toc li li a')).toEqual(['A section', 'Another section', 'Notes']);
  });

  it('shows every metadata field the manuscript gives', async () => {
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect(opf).toContain('<dc:language>en-GB</dc:language>');
    expect(opf).toMatch(/<dc:creator id="creator-1">Ann Example<\/dc:creator>\s*<meta refines="#creator-1" property="role" scheme="marc:relators">aut<\/meta>/);
    expect(opf).toContain('<dc:creator id="creator-2">Bo Sample</dc:creator>');
    expect(opf).toContain('<dc:publisher>Example Press</dc:publisher>');
    expect(opf).toContain('<dc:source>https://example.com/articles/notes</dc:source>');
    expect(opf).toContain('<dc:rights>© 2020 Example Press. All rights reserved.</dc:rights>');
    const title = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    expect(texts(title, '.byline')).toEqual(['By Ann Example and Bo Sample']);
    expect(texts(title, '.dateline')).toEqual(['LONDON']);
    expect(texts(title, '.date')).toEqual(['1 March 2020']);
    const credits = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    expect(texts(credits, '.credit-list li')[0]).toContain('Licence: CC BY 4.0');
    expect(texts(credits, '.source-publication')[0]).toContain('The Example Gazette');
    expect(texts(credits, '.wire-note')).toEqual(['This article includes material from Example Wire.']);
  });

  it('keeps safe raw HTML', async () => {
    expect(await entryText(zip, 'OEBPS/article.xhtml')).toContain('<abbr title="North Atlantic Treaty Organization">NATO</abbr>');
  });

  it('passes EPUBCheck with no errors and no warnings', () => {
    const result = epubcheck(file);
    expect({ fatals: result.fatals, errors: result.errors, warnings: result.warnings }, result.output).toEqual({ fatals: 0, errors: 0, warnings: 0 });
  });

  it('passes DAISY Ace with no violations', () => {
    expect(ace(file, findBrowser().path)).toEqual([]);
  });
});

describe('the words of the e-book’s own pages', () => {
  it('come from the templates folder: the table of contents and each page’s title', async () => {
    const { cpSync, writeFileSync } = await import('node:fs');
    const { loadManuscript } = await import('../src/manuscript/index.js');
    const { buildEpub } = await import('../src/epub/index.js');
    const { defaultTemplatesDir } = await import('../src/templates.js');
    const JSZipModule = (await import('jszip')).default;
    const { document } = await loadManuscript(seedManuscript);
    const templatesDir = path.join(tempDir(), 'templates');
    cpSync(defaultTemplatesDir, templatesDir, { recursive: true });
    const titles = { cover: 'Couverture', titlepage: 'Page de titre', credits: 'Sources et crédits', colophon: 'Achevé d’imprimer' };
    const english = JSON.parse(readFileSync(path.join(templatesDir, 'words', 'en.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(templatesDir, 'words', 'en.json'), JSON.stringify({ ...english, ...titles }));
    // The cover is drawn elsewhere; any PNG stands for it here.
    const cover = Promise.resolve(readFileSync(path.join(seedManuscript, 'images', 'nato-ministers.png')));
    const built = await buildEpub(document, { templatesDir, cover });
    const book = await JSZipModule.loadAsync(built.buffer);
    const nav = await entryText(book, 'OEBPS/toc.xhtml');
    const tocEntries = texts(parseHtml(nav), 'nav#toc > ol > li > a');
    expect(tocEntries).toEqual([titles.titlepage, document.metadata.title, titles.credits, titles.colophon].map(normalize));
    for (const [id, title] of Object.entries(titles)) {
      expect(texts(parseHtml(await entryText(book, `OEBPS/${id}.xhtml`)), 'title'), id).toEqual([normalize(title)]);
    }
    expect(nav).not.toContain('Sources and credits');

    // A folder that leaves a page unnamed is refused, naming the file (another folder: templates are read once).
    const unnamed = path.join(tempDir(), 'templates');
    cpSync(templatesDir, unnamed, { recursive: true });
    writeFileSync(path.join(unnamed, 'words', 'en.json'), JSON.stringify({ ...english, ...titles, colophon: undefined }));
    await expect(buildEpub(document, { templatesDir: unnamed, cover })).rejects.toThrow(/en\.json: no word "colophon"/);
  });
});
