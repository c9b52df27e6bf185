/**
 * Collections: the sample collection in manuscript/ (the seed article and a
 * fictional one) built with the real CLI into one EPUB and one PDF, read back
 * as readers get them; the incremental cache across a collection and its
 * articles; and every bad collection file giving file:line:column with
 * nothing written.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Root } from 'hast';
import { selectAll } from 'hast-util-select';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverInputOf, coverMarkup } from '../src/cover.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { findBrowser } from '../src/pdf/browser.js';
import { ace, entryText, epubcheck, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';
import { pdfInfo, pdfText, run } from './pdf-helpers.js';

const SAMPLE = ['mattis-russia-nato', 'harbor-gauge', 'week-in-brief'];

/** The share of a PDF page's pixels (drawn at 10 dpi) that are dark, as the cover's ink is. */
function darkShare(file: string, page: number): number {
  const ppm = execFileSync('pdftoppm', ['-r', '10', '-f', String(page), '-l', String(page), file]);
  // P6 header: "P6\n<w> <h>\n255\n", then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const pixels = ppm.subarray(header[0].length);
  let dark = 0;
  for (let i = 0; i + 2 < pixels.length; i += 3) if (pixels[i]! < 60 && pixels[i + 1]! < 60 && pixels[i + 2]! < 70) dark++;
  return dark / (pixels.length / 3);
}

/** Whether every pixel of the leftmost and rightmost columns of a PDF page (drawn at 72 dpi) is the cover's dark ink. */
function edgesDark(file: string, page: number): { left: number; right: number } {
  const ppm = execFileSync('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), file], { maxBuffer: 64 * 1024 * 1024 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = ppm.subarray(header[0].length);
  const dark = (x: number, y: number): boolean => {
    const i = (y * width + x) * 3;
    return pixels[i]! < 60 && pixels[i + 1]! < 60 && pixels[i + 2]! < 70;
  };
  let left = 0;
  let right = 0;
  for (let y = 0; y < height; y++) {
    if (dark(1, y)) left++;
    if (dark(width - 2, y)) right++;
  }
  return { left: left / height, right: right / height };
}

/** The text in the top margin of a letter page (above the text block, 0.95 in): its running head. */
function runningHeadOf(file: string, page: number): string {
  return normalize(execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-x', '0', '-y', '0', '-W', '612', '-H', '60', file, '-'], { encoding: 'utf8' }));
}

/** The PDF's objects, uncompressed, as text (for its structure tree's alternate texts). */
function pdfStructure(file: string): string {
  return execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
}
const SEED_TITLE = 'Mattis: US \'not in a position to collaborate\' with Russian military';
const FICTION_TITLE = 'The tide gauge that ran out of numbers';

/** A copy of the sample manuscripts, so that tests may change them. */
function copySample(): string {
  const work = tempDir('galley-collection-');
  for (const name of SAMPLE) cpSync(path.join(repoRoot, 'manuscript', name), path.join(work, name), { recursive: true });
  return work;
}

/** Editions a CLI run says it built ("✓ <path>" lines), by file name. */
function builtFiles(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('✓ '))
    .map((line) => path.basename(line.slice(2).trim().split(/\s+/)[0]!))
    .filter((name) => /\.(epub|pdf)$/.test(name))
    .sort();
}

describe('a collection built by the CLI', () => {
  let out: string;
  let epub: string;
  let pdf: string;
  let pages: string[];

  beforeAll(() => {
    const work = copySample();
    // Dated before its articles: only the rule that lists collections first puts it first on the download page.
    const file = path.join(work, 'week-in-brief', 'collection.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('date: 2017-02-19', 'date: 2017-01-02'));
    out = path.join(work, 'out');
    const result = runCli(['build', work, '--out', out], { GALLEY_CACHE_DIR: path.join(work, 'cache') });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    epub = path.join(out, 'week-in-brief.epub');
    pdf = path.join(out, 'week-in-brief.pdf');
    pages = pdfText(pdf).split('\f').map(normalize);
  });

  it('writes one e-book and one PDF for the collection, beside the articles\' own', () => {
    expect(readdirSync(out).filter((name) => /\.(epub|pdf)$/.test(name)).sort()).toEqual([
      'harbor-gauge.epub', 'harbor-gauge.pdf', 'mattis-russia-nato.epub', 'mattis-russia-nato.pdf', 'week-in-brief.epub', 'week-in-brief.pdf',
    ]);
  });

  it('passes EPUBCheck with no errors or warnings', () => {
    const result = epubcheck(epub);
    expect(result.output).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });

  it('has no Ace violations', () => {
    expect(ace(epub, findBrowser().path)).toEqual([]);
  });

  it('opens the e-book with cover, title page and contents, then each article on its own page, credits and colophon', async () => {
    const zip = await openEpub(epub);
    const opf = await entryText(zip, 'OEBPS/content.opf');
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((match) => match[1]);
    expect(spine).toEqual(['cover', 'titlepage', 'contents', 'article-1', 'article-2', 'credits', 'colophon']);
    const contents = parseHtml(await entryText(zip, 'OEBPS/contents.xhtml'));
    expect(texts(contents, '.contents-headline')).toEqual([SEED_TITLE, FICTION_TITLE]);
    expect(texts(contents, '.contents-byline')).toEqual(['By Sample Desk (fictional)']);
    expect(texts(contents, '.contents-dek')[1]).toMatch(/^A fictional report/);
    for (const [index, title] of [SEED_TITLE, FICTION_TITLE].entries()) {
      const page = parseHtml(await entryText(zip, `OEBPS/article-${index + 1}.xhtml`));
      expect(texts(page, 'h1.headline')).toEqual([title]);
    }
    const titlepage = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    expect(texts(titlepage, 'h1')).toEqual(['A Week in Brief']);
  });

  it('nests each article\'s sections under its headline in the e-book\'s navigation', async () => {
    const nav = parseHtml(await entryText(await openEpub(epub), 'OEBPS/toc.xhtml'));
    const fiction = texts(nav, 'nav[epub\\:type="toc"] > ol > li:nth-child(4) > ol > li');
    expect(texts(nav, 'nav[epub\\:type="toc"] > ol > li:nth-child(4) > a')).toEqual([FICTION_TITLE]);
    // Its notes after its sections, as in the PDF's outline.
    expect(fiction).toEqual(['Five months at the north mole', 'What the council will decide', 'Notes']);
  });

  it('keeps every id unique across the articles (figures and notes of both are numbered from 1)', async () => {
    const zip = await openEpub(epub);
    const ids: string[] = [];
    for (const name of ['article-1', 'article-2']) {
      const text = await entryText(zip, `OEBPS/${name}.xhtml`);
      ids.push(...[...text.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!).filter((id) => !id.startsWith('page-')));
      // Every link inside an article finds its target in the same page.
      for (const [, target] of text.matchAll(/href="#([^"]+)"/g)) expect(text).toContain(`id="${target}"`);
    }
    expect(ids.filter((id) => /figure-1$/.test(id)).sort()).toEqual(['part-1-figure-1', 'part-2-figure-1']);
    expect(new Set(ids).size).toBe(ids.length);
    const notes = (await entryText(zip, 'OEBPS/article-2.xhtml')).match(/epub:type="endnote"/g) ?? [];
    expect(notes).toHaveLength(2);
  });

  it('opens the PDF with the cover, edge to edge, without running head or folio, then the title page and contents', () => {
    expect(pages[0]).toBe('');
    // The page is the cover's ink (#15202b) from edge to edge: the title page would be white paper.
    const dark = darkShare(pdf, 1);
    expect(dark).toBeGreaterThan(0.8);
    // To the paper's very edges: no white strip down either side (the body's padding once inset it).
    expect(edgesDark(pdf, 1)).toEqual({ left: 1, right: 1 });
    expect(darkShare(pdf, 2)).toBeLessThan(0.05);
    expect(pages[1]).toMatch(/^A Week in Brief A sample collection/);
    expect(pages[2]).toMatch(/^Contents/);
    // The cover is a picture with the e-book cover's name for it.
    expect(pdfStructure(pdf)).toContain('Cover: A Week in Brief');
  });

  it('puts the running head on every page of an article but the one it opens on, and on none of the front matter', () => {
    const count = Number(pdfInfo(pdf).Pages);
    const heads = Array.from({ length: count }, (_, i) => runningHeadOf(pdf, i + 1));
    const opening = [SEED_TITLE, FICTION_TITLE].map((title) => pages.findIndex((text, i) => i > 2 && text.startsWith(title)) + 1);
    expect(opening[0]).toBe(4);
    expect(opening[1]).toBeGreaterThan(opening[0]! + 1);
    const credits = pages.findIndex((text) => text.includes('Sources and credits')) + 1;
    expect(heads.slice(0, 3)).toEqual(['', '', '']); // cover, title page, contents
    for (let page = 4; page < credits; page++) {
      const title = page < opening[1]! ? SEED_TITLE : FICTION_TITLE;
      expect({ page, head: heads[page - 1] }).toEqual({ page, head: opening.includes(page) ? '' : title });
    }
  });

  it('prints each article\'s byline and dek in the PDF\'s contents', () => {
    // pdftotext reads the headlines and their page numbers (a line each) before the lines under them.
    const contents = pages[2]!;
    expect(contents).toContain("Mattis's remarks may come as a blow to hopes of increased cooperation");
    expect(contents).toContain('By Sample Desk (fictional) A fictional report, written as a sample');
    expect(contents.indexOf('By Sample Desk')).toBeGreaterThan(contents.indexOf("Mattis's remarks"));
  });

  it('prints each article\'s figures with their credit lines and its notes at its end, and the colophon last', () => {
    const fictionStart = pages.findIndex((text, i) => i > 2 && text.startsWith(FICTION_TITLE));
    const credits = pages.findIndex((text) => text.includes('Sources and credits'));
    const fiction = pages.slice(fictionStart, credits).join(' ');
    expect(fiction).toContain('CHART: GALLEY SAMPLE/DRAWN WITH IMAGEMAGICK');
    expect(fiction).toMatch(/1\. The painted scale was last renewed in the spring.*2\. Readings are the highest of the two daily readings/);
    expect(pages.slice(3, fictionStart).join(' ')).toContain('THIERRY MONASSE/ REUTERS VIA POOL POLITIK');
    expect(pages.slice(3, fictionStart).join(' ')).not.toContain('The painted scale');
    expect(pages[credits]).toMatch(/Made with galley \S+\. Edition urn:uuid:[0-9a-f-]{36}/);
  });

  it('gives the same bytes built again alone: the PDF by `galley pdf`, the e-book by `galley epub`', () => {
    const again = path.join(path.dirname(out), 'again');
    const env = { GALLEY_CACHE_DIR: path.join(path.dirname(out), 'cache-again') };
    const folder = path.join(path.dirname(out), 'week-in-brief');
    const printed = runCli(['pdf', folder, '--out', again], env);
    expect(printed.status, printed.stderr).toBe(0);
    const made = runCli(['epub', folder, '--out', again], env);
    expect(made.status, made.stderr).toBe(0);
    expect(readdirSync(again).filter((name) => /\.(epub|pdf)$/.test(name)).sort()).toEqual(['week-in-brief.epub', 'week-in-brief.pdf']);
    expect(readFileSync(path.join(again, 'week-in-brief.pdf')).equals(readFileSync(pdf))).toBe(true);
    expect(readFileSync(path.join(again, 'week-in-brief.epub')).equals(readFileSync(epub))).toBe(true);
  });

  it('prints the contents with the page each article opens on, in order', () => {
    const contents = pages[2]!;
    expect(contents).toMatch(/^Contents/);
    const seedAt = contents.indexOf(SEED_TITLE);
    const fictionAt = contents.indexOf(FICTION_TITLE);
    expect(seedAt).toBeGreaterThan(0);
    expect(fictionAt).toBeGreaterThan(seedAt);
    for (const title of [SEED_TITLE, FICTION_TITLE]) {
      const printed = Number(new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\d+)`).exec(contents)?.[1]);
      // The headline opens the page printed in the contents (the running head does not stand above it on that page's text).
      const opening = pages.findIndex((text) => text.includes(title) && text.indexOf(title) < 80 && !text.startsWith('Contents'));
      expect(printed).toBe(opening + 1);
      expect(pages[printed - 1]).toContain(title);
    }
  });

  it('starts each article on a new page, names the article in the running heads and numbers the pages through the book', () => {
    const count = Number(pdfInfo(pdf).Pages);
    expect(pages.length - 1).toBe(count); // pdftotext ends with a form feed
    // The cover has none; the title page is page 2.
    for (const [index, text] of pages.slice(1, count).entries()) expect(text).toMatch(new RegExp(`page ${index + 2} of ${count}$`));
    // After the cover, title page and contents.
    const seedStart = pages.findIndex((text, i) => i > 2 && text.startsWith(SEED_TITLE));
    const fictionStart = pages.findIndex((text, i) => i > 2 && text.startsWith(FICTION_TITLE));
    expect(seedStart).toBe(3);
    expect(fictionStart).toBeGreaterThan(seedStart);
    // The page before the fictional article ends the seed article: its running head is the seed's headline.
    expect(pages[fictionStart - 1]!.startsWith(SEED_TITLE)).toBe(true);
    expect(pages[fictionStart + 1]!.startsWith(FICTION_TITLE)).toBe(true);
  });

  it('groups "Sources and credits" by article, each article\'s credits under its own heading, in both editions', async () => {
    const credits = parseHtml(await entryText(await openEpub(epub), 'OEBPS/credits.xhtml'));
    expect(texts(credits, '.credits-article-heading')).toEqual([SEED_TITLE, FICTION_TITLE]);
    const [seed, fiction] = texts(credits, '.credits-article');
    expect(seed).toContain('Photo: Thierry Monasse/ Reuters via Pool Politik');
    expect(seed).toContain('This article contains material from the Associated Press and Reuters.');
    expect(seed).not.toContain('galley sample');
    expect(fiction).toContain('Chart: galley sample/drawn with ImageMagick');
    expect(fiction).not.toContain('Reuters');

    const end = pages.find((text) => text.includes('Sources and credits'))!;
    const printed = end.slice(end.indexOf('Sources and credits'));
    const seedAt = printed.indexOf(SEED_TITLE);
    const fictionAt = printed.indexOf(FICTION_TITLE);
    expect(seedAt).toBeGreaterThan(0);
    expect(fictionAt).toBeGreaterThan(seedAt);
    expect(printed.slice(seedAt, fictionAt)).toContain('Thierry Monasse/ Reuters via Pool Politik');
    expect(printed.slice(seedAt, fictionAt)).not.toContain('galley sample');
    expect(printed.slice(fictionAt)).toContain('galley sample/drawn with ImageMagick');
    expect(printed.slice(fictionAt)).not.toContain('Reuters');
  });

  it('lists the collection first on the download page, with its articles linking to their own entries', () => {
    const page = parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8'));
    expect(texts(page, '.entry-title')).toEqual(['A Week in Brief', FICTION_TITLE, SEED_TITLE]);
    const collection: Root = { type: 'root', children: selectAll('article.entry', page).slice(0, 1) };
    expect(texts(collection, '.collection-article')).toEqual([SEED_TITLE, FICTION_TITLE]);
    const links = selectAll('a.collection-article', collection).map((link) => String(link.properties.href));
    const titleIds = selectAll('.entry-title', page).map((title) => `#${String(title.properties.id)}`);
    expect(links).toHaveLength(2);
    for (const link of links) expect(titleIds).toContain(link);
    expect(texts(collection, '.download .file-name')).toEqual(['week-in-brief.pdf', 'week-in-brief.epub']);
    // Its sources, grouped by article.
    expect(texts(collection, '.source-article')).toEqual([SEED_TITLE, FICTION_TITLE]);
    expect(texts(collection, '.source-list').map((list) => list.includes('Reuters'))).toEqual([true, false]);
  });

  it('gives the e-book a page list that covers every page of the PDF', async () => {
    const nav = parseHtml(await entryText(await openEpub(epub), 'OEBPS/toc.xhtml'));
    const count = Number(pdfInfo(pdf).Pages);
    expect(texts(nav, 'nav[epub\\:type="page-list"] li').map(Number)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });
});

describe('collection identifiers, reproducibility and the cache', () => {
  it('rebuilds exactly the collections that contain a changed article, the same bytes from the same inputs', () => {
    const work = copySample();
    // A second collection without the fictional article.
    cpSync(path.join(work, 'week-in-brief'), path.join(work, 'seed-only'), { recursive: true });
    writeFileSync(path.join(work, 'seed-only', 'collection.yaml'), 'title: "Seed only"\ndate: 2017-02-19\narticles: [../mattis-russia-nato]\n');
    const out = path.join(work, 'out');
    const env = { GALLEY_CACHE_DIR: path.join(work, 'cache') };
    const build = () => runCli(['epub', work, '--out', out, '--no-page-list'], env);

    const first = build();
    expect(first.status).toBe(0);
    expect(builtFiles(first.stdout)).toEqual(['harbor-gauge.epub', 'mattis-russia-nato.epub', 'seed-only.epub', 'week-in-brief.epub']);
    const before = readFileSync(path.join(out, 'week-in-brief.epub'));

    expect(builtFiles(build().stdout)).toEqual([]);

    const article = path.join(work, 'harbor-gauge', 'article.md');
    writeFileSync(article, `${readFileSync(article, 'utf8')}\nA sentence added to the fictional article.\n`);
    const third = build();
    expect(third.status).toBe(0);
    expect(builtFiles(third.stdout)).toEqual(['harbor-gauge.epub', 'week-in-brief.epub']);
    expect(readFileSync(path.join(out, 'week-in-brief.epub')).equals(before)).toBe(false);

    // The seed article is in both collections.
    const seed = path.join(work, 'mattis-russia-nato', 'article.md');
    writeFileSync(seed, `${readFileSync(seed, 'utf8')}\nA sentence added to the seed article.\n`);
    expect(builtFiles(build().stdout)).toEqual(['mattis-russia-nato.epub', 'seed-only.epub', 'week-in-brief.epub']);

    for (const name of ['harbor-gauge', 'mattis-russia-nato']) cpSync(path.join(repoRoot, 'manuscript', name, 'article.md'), path.join(work, name, 'article.md'));
    const restored = build();
    expect(builtFiles(restored.stdout)).toEqual(['harbor-gauge.epub', 'mattis-russia-nato.epub', 'seed-only.epub', 'week-in-brief.epub']);
    // Same inputs, same bytes; and the identifier is the collection's own.
    expect(readFileSync(path.join(out, 'week-in-brief.epub')).equals(before)).toBe(true);
    expect(statSync(path.join(out, 'week-in-brief.epub')).size).toBe(before.length);
  });

  it('derives the e-book\'s identifier from the content: stable, and the collection\'s own', async () => {
    const work = copySample();
    const a = path.join(work, 'a');
    const b = path.join(work, 'b');
    expect(runCli(['epub', path.join(work, 'week-in-brief'), '--out', a, '--no-page-list'], { GALLEY_CACHE_DIR: path.join(work, 'c1') }).status).toBe(0);
    expect(runCli(['epub', path.join(work, 'week-in-brief'), path.join(work, 'harbor-gauge'), '--out', b, '--no-page-list'], { GALLEY_CACHE_DIR: path.join(work, 'c2') }).status).toBe(0);
    const id = async (file: string) => /<dc:identifier id="pub-id">([^<]+)</.exec(await entryText(await openEpub(file), 'OEBPS/content.opf'))?.[1];
    const collection = await id(path.join(a, 'week-in-brief.epub'));
    expect(collection).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(await id(path.join(b, 'week-in-brief.epub'))).toBe(collection);
    expect(await id(path.join(b, 'harbor-gauge.epub'))).not.toBe(collection);
  });
});

describe('a collection\'s language', () => {
  it('is the language of an article that names none; an article that names one keeps it', async () => {
    const work = copySample();
    const article = path.join(work, 'harbor-gauge', 'article.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace(/^language: en\n/m, ''));
    const file = path.join(work, 'week-in-brief', 'collection.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('language: en', 'language: en-GB'));
    const { document } = await loadManuscript(path.join(work, 'week-in-brief'));
    expect(document.metadata.language).toBe('en-GB');
    expect(document.parts!.map((part) => part.metadata.language)).toEqual(['en', 'en-GB']);
    // On its own, the article falls back to galley's default.
    expect((await loadManuscript(path.join(work, 'harbor-gauge'))).document.metadata.language).toBe('en');
  });
});

describe('a collection\'s cover', () => {
  it('is made from its articles: their headlines and bylines under its title, as an issue\'s cover lines', async () => {
    const { document } = await loadManuscript(path.join(repoRoot, 'manuscript', 'week-in-brief'));
    const markup = coverMarkup(coverInputOf(document));
    const words = normalize(markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
    expect(words).toContain('A Week in Brief');
    const seedAt = words.indexOf(SEED_TITLE.replace(/'/g, "'"));
    const fictionAt = words.indexOf(`${FICTION_TITLE} By Sample Desk (fictional)`);
    expect(seedAt).toBeGreaterThan(words.indexOf('A Week in Brief'));
    expect(fictionAt).toBeGreaterThan(seedAt);
    // An article's cover lists nothing of the kind.
    const { document: article } = await loadManuscript(path.join(repoRoot, 'manuscript', 'harbor-gauge'));
    expect(coverInputOf(article).contents).toBeUndefined();
  });
});

describe('a collection with a cover picture of its own', () => {
  it('draws the cover from it and credits it in "Sources and credits"', async () => {
    const work = copySample();
    const folder = path.join(work, 'week-in-brief');
    const env = { GALLEY_CACHE_DIR: path.join(work, 'cache') };
    expect(runCli(['epub', folder, '--out', path.join(work, 'plain'), '--no-page-list'], env).status).toBe(0);
    mkdirSync(path.join(folder, 'images'));
    cpSync(path.join(work, 'harbor-gauge', 'images', 'high-water-chart.png'), path.join(folder, 'images', 'cover.png'));
    writeFileSync(
      path.join(folder, 'collection.yaml'),
      `${readFileSync(path.join(folder, 'collection.yaml'), 'utf8')}cover: {src: images/cover.png, alt: "A bar chart", credit: "Illustration: galley sample/drawn with ImageMagick"}\n`,
    );
    const result = runCli(['build', folder, '--out', path.join(work, 'covered')], env);
    expect(result.status).toBe(0);
    const plain = await openEpub(path.join(work, 'plain', 'week-in-brief.epub'));
    const covered = await openEpub(path.join(work, 'covered', 'week-in-brief.epub'));
    const png = async (zip: Awaited<ReturnType<typeof openEpub>>) => zip.file('OEBPS/cover.jpg')!.async('nodebuffer');
    expect((await png(covered)).equals(await png(plain))).toBe(false);
    const credits = parseHtml(await entryText(covered, 'OEBPS/credits.xhtml'));
    expect(texts(credits, '.credits-cover')).toEqual(['Cover Illustration: galley sample/drawn with ImageMagick']);
    expect(texts(parseHtml(await entryText(plain, 'OEBPS/credits.xhtml')), '.credits-cover')).toEqual([]);
    // The PDF opens with the same cover, its picture in it, and credits it as the e-book does.
    const coveredPdf = path.join(work, 'covered', 'week-in-brief.pdf');
    const printed = pdfText(coveredPdf).split('\f').map(normalize);
    expect(printed[0]).toBe('');
    expect(run('pdfimages', ['-list', '-f', '1', '-l', '1', coveredPdf]).trim().split('\n').length).toBeGreaterThan(2);
    const end = printed.find((text) => text.includes('Sources and credits'))!;
    expect(end).toMatch(/Sources and credits Cover Illustration: galley sample\/drawn with ImageMagick/i);
  });
});

const badDir = path.join(repoRoot, 'test', 'fixtures', 'bad-collections');

describe('bad collection files', () => {
  // One case per fixture folder: the names must be known while the file is collected,
  // and listing one folder is all the work done then.
  const cases = readdirSync(badDir).sort();

  it('has a fixture for each mistake a collection can make', () => {
    expect(cases).toEqual(expect.arrayContaining(['missing-article', 'duplicate-article', 'cycle', 'lists-itself', 'wrong-types', 'unknown-field', 'malformed-yaml', 'bad-article']));
  });

  for (const name of cases) {
    it(`${name}: reports file:line:column, exits non-zero, writes nothing`, () => {
      const expected = readFileSync(path.join(badDir, name, 'expected.txt'), 'utf8').trim();
      // A cycle's fixture holds two collections; the build is asked for the first.
      const folder = existsSync(path.join(badDir, name, 'collection.yaml')) ? name : path.join(name, 'a');
      const out = tempDir();
      const result = runCli(['epub', path.join('test', 'fixtures', 'bad-collections', folder), '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
      expect(result.status).toBe(1);
      // The file named relative to the fixture (`../../bad/…` for an article's error), then line, column and message.
      const colon = expected.indexOf(':');
      expect(result.stderr).toContain(`${path.normalize(`test/fixtures/bad-collections/${name}/${expected.slice(0, colon)}`)}${expected.slice(colon)}`);
      expect(readdirSync(out)).toEqual([]);
    });
  }
});

describe('a collection with mistakes in several of its files', () => {
  it('reports every one in one run, each at file:line:column, exits non-zero, and leaves the previous edition as it was', () => {
    const work = tempDir('galley-collection-mistakes-');
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      writeFileSync(path.join(work, file), text);
    };
    const good = (title: string) => `---\ntitle: "${title}"\ndate: 2024-03-01\n---\n\nBody of ${title}.\n`;
    for (const name of ['yaml', 'picture', 'field', 'fine']) write(`${name}/article.md`, good(name));
    write('week/collection.yaml', 'title: "Week"\ndate: 2024-03-02\narticles:\n  - ../yaml\n  - ../picture\n  - ../field\n  - ../fine\n');
    const out = tempDir();
    const cache = { GALLEY_CACHE_DIR: tempDir() };
    const first = runCli(['epub', path.join(work, 'week'), '--out', out, '--no-page-list', '--quiet'], cache);
    expect(first.status, first.stderr).toBe(0);
    const listing = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    const before = listing(out);
    const edition = readFileSync(path.join(out, 'week.epub'));

    write('yaml/article.md', '---\ntitle: "Unclosed\ndate: 2024-03-01\n---\n\nBody.\n');
    write('picture/article.md', '---\ntitle: "Picture"\ndate: 2024-03-01\n---\n\nBody.\n\n:::figure{src="images/gone.jpg" alt="Gone" credit="Someone/Agency"}\nCaption.\n:::\n');
    write('field/article.md', '---\ntitle: "Field"\ndate: 2024-03-01\nautor: "Ann"\n---\n\nBody.\n');
    write('week/collection.yaml', 'title: "Week"\ndate: 2024-03-02\nedtors: ["Ann"]\narticles:\n  - ../yaml\n  - ../picture\n  - ../field\n  - ../fine\n  - ../nowhere\n');
    const result = runCli(['epub', path.join(work, 'week'), '--out', out, '--no-page-list'], cache);
    expect(result.status).toBe(1);
    const errors = result.stderr.split('\n').filter((line) => line.includes(': error: ')).map((line) => line.replace(/^.*?galley-collection-mistakes-[^/]+\//, ''));
    expect(errors.map((line) => line.split(': error: ')[0])).toEqual([
      'week/collection.yaml:3:1',
      'week/collection.yaml:9:5',
      'yaml/article.md:2:8',
      'picture/article.md:8:1',
      'field/article.md:4:1',
    ]);
    expect(errors[0]).toContain('unknown collection field `edtors`');
    expect(errors[1]).toContain('article folder `../nowhere` not found');
    expect(errors[2]).toContain('malformed YAML front matter');
    expect(errors[3]).toContain('image `images/gone.jpg` not found');
    expect(errors[4]).toContain('unknown front matter field `autor`');
    expect(result.stderr).toMatch(/week: not built \(5 errors\)/);
    // Nothing half-written: the folder holds what it held, the edition its bytes.
    expect(listing(out)).toEqual(before);
    expect(readFileSync(path.join(out, 'week.epub')).equals(edition)).toBe(true);
  }, 120_000);
});
