/**
 * Manuscripts galley was not tuned on (test/fixtures/good/unseen-*), read as
 * a reader gets them, on the road to a Kindle too: a Portuguese (Brazil)
 * feature with notes, a table of figures, a map and a photo; a Turkish
 * how-to with Polish and Russian names, a numbered list that goes on after a
 * figure and lists inside lists; a Czech recipe with fractions and numbered
 * steps; a Ukrainian report that opens on a chart, with a list counting
 * from 3, pandoc's "Table:" caption, a note called in a cell and a list of
 * terms; a Spanish investigation of eight pages with tables, a photo, a chart
 * and a long numbered list; a one-page Polish brief opening on a map, with
 * Russian names; and an issue in English binding a Czech report with a
 * photo and a note, a short Georgian article, a one-line notice and a Hindi
 * report with a table (unseen-collection-mixed). All fictional, and saying
 * so. One build of them all.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.js';
import { ace, entryText, epubcheckAsync, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfFonts, run } from './pdf-helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const CASES = ['unseen-pt-feature', 'unseen-tr-lists', 'unseen-cs-recipe', 'unseen-uk-counters', 'unseen-es-investigation', 'unseen-pl-ru-brief', 'unseen-collection-mixed'] as const;
type Case = (typeof CASES)[number];

/** The PDF's text, page by page (pdftotext ends each page with a form feed). */
function pdfPages(file: string): string[] {
  return run('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/\u00AD/g, '').split('\f').slice(0, -1);
}

describe('unseen manuscripts, read as a reader reads them', () => {
  const out = tempDir('galley-unseen-kindle-');
  let built: SpawnSyncReturns<string>;
  const pdf = (name: Case): string => path.join(out, `${name}.pdf`);
  const epub = (name: Case): string => path.join(out, `${name}.epub`);

  beforeAll(() => {
    built = runCli(['build', ...CASES.map(good), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 300_000);

  it('builds every edition without a warning', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr.split('\n').filter((line) => /warning|error/.test(line))).toEqual([]);
  });

  it('unseen-tr-lists: a list\'s lead-in is printed on the page of its first item, also where a figure set later stands before them', () => {
    // The photo under step 3 does not fit on page 1 and is set later; it went between "…ekilenler şunlardı:" and its list, which left the lead-in alone at the foot of page 1.
    const pages = pdfPages(pdf('unseen-tr-lists'));
    const leadIn = pages.findIndex((page) => /ekilenler şunlardı:/.test(page));
    const firstItem = pages.findIndex((page) => /Yapraklı sebzeler/.test(page));
    expect(leadIn).toBeGreaterThanOrEqual(0);
    expect(firstItem).toBe(leadIn);
    // The picture still prints, and no more than a page after the step it belongs to.
    const step = pages.findIndex((page) => /bel derinliğinde havalandırın/.test(page));
    const caption = pages.findIndex((page) => /ekim sonunda hazırlanmış yataklar/.test(page));
    expect(caption - step).toBeGreaterThanOrEqual(0);
    expect(caption - step).toBeLessThanOrEqual(1);
  });

  it("unseen-tr-lists: the e-book breaks the Polish words of a Turkish article by Polish syllables, not Turkish ones", async () => {
    // Turkish is given every break point on screens; the Turkish patterns cut "Ma-ł-gor-za-ta", "Wi-ś-ni-ews-ka" and "dzi-ał-ko-we", and calibre's AZW3 keeps the soft hyphens.
    const xhtml = await entryText(await openEpub(epub('unseen-tr-lists')), 'OEBPS/article.xhtml');
    const polish = [...xhtml.matchAll(/<span lang="pl" xml:lang="pl">([^<]*)<\/span>/g)].map((match) => match[1]!.replaceAll('\u00AD', '|'));
    expect(polish).toEqual(['Mał|go|rzata Wi|śniew|ska', 'Wi|śniew|ska', 'Wi|śniew|ska', 'ogródki dział|kowe']);
    // The Turkish around them keeps its own (every break point of its words).
    expect(xhtml.replaceAll('\u00AD', '|')).toContain('Var|şova’dan');
  });

  it('unseen-cs-recipe: a whole number keeps its fraction ("1 ½ lžičky") on its line in the e-book', async () => {
    const xhtml = await entryText(await openEpub(epub('unseen-cs-recipe')), 'OEBPS/article.xhtml');
    const mixed = [...xhtml.matchAll(/\d(\s)[¼½¾⅓⅔]/gu)].map((match) => match[1]);
    expect(mixed.length).toBe(4);
    expect(mixed.every((space) => space === '\u00A0'), 'a no-break space between a number and its fraction').toBe(true);
  });

  it('unseen-uk-counters: pandoc\'s "Table:" caption names the table in both editions, and the list counts from 3 in both', async () => {
    // Without soft hyphens, and one-letter words' no-break spaces as spaces.
    const xhtml = (await entryText(await openEpub(epub('unseen-uk-counters')), 'OEBPS/article.xhtml')).replace(/\u00AD/g, '').replace(/\u00A0/g, ' ');
    expect(xhtml).toMatch(/<caption[^>]*>Середня кількість поїздок Левадним мостом за добу у травні\.<\/caption>/);
    expect(xhtml).not.toMatch(/>\s*Table:/);
    expect(xhtml.match(/<ol start="\d+"/g)).toEqual(['<ol start="3"']);
    const text = pdfPages(pdf('unseen-uk-counters')).join('\n');
    expect(text).not.toContain('Table:');
    expect(text).toMatch(/3\.\s+Раз на тиждень/);
    expect(text).toMatch(/5\.\s+Якщо різниця/);
  });

  it("the e-book's page list names every page of the PDF, in order, with no gap", async () => {
    for (const name of CASES) {
      const nav = await entryText(await openEpub(epub(name)), 'OEBPS/toc.xhtml');
      const list = /<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)?.[0] ?? '';
      const labels = [...list.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((match) => match[1]);
      expect(labels, name).toEqual(pdfPages(pdf(name)).map((_, index) => String(index + 1)));
    }
  });

  it('unseen-pl-ru-brief: the brief is printed whole on its first page, the map after the headline; the Russian keeps its language', async () => {
    const pages = pdfPages(pdf('unseen-pl-ru-brief'));
    expect(pages[0]).toMatch(/Trzy punkty poboru[\s\S]*w punkcie obsługi\./);
    const xhtml = await entryText(await openEpub(epub('unseen-pl-ru-brief')), 'OEBPS/article.xhtml');
    expect(xhtml).toContain('<span lang="ru" xml:lang="ru">Ирина');
  });

  it('EPUBCheck finds nothing in any of them', async () => {
    const results = await Promise.all(CASES.map((name) => epubcheckAsync(epub(name))));
    for (const [index, result] of results.entries()) expect([result.fatals, result.errors, result.warnings], `${CASES[index]}\n${result.output}`).toEqual([0, 0, 0]);
  }, 300_000);

  /** The navigation document's headings, in the book's words: its contents', its page list's and its landmarks'. */
  async function navHeadings(name: Case): Promise<{ contents: string; pageList: string; landmarks: string }> {
    const nav = await entryText(await openEpub(epub(name)), 'OEBPS/toc.xhtml');
    const heading = (id: string): string => new RegExp(`<h[12] id="${id}">([^<]+)</h[12]>`).exec(nav)?.[1] ?? '';
    return { contents: heading('toc-heading'), pageList: heading('page-list-heading'), landmarks: heading('landmarks-heading') };
  }

  it("the package's guide names the book's contents, with the navigation's heading, and keeps the navigation document out of the reading order", async () => {
    // calibre takes the guide's "toc" as a Kindle edition's contents page; without it, it writes its own, titled "Table of Contents".
    for (const name of CASES) {
      const zip = await openEpub(epub(name));
      const opf = await entryText(zip, 'OEBPS/content.opf');
      const { contents } = await navHeadings(name);
      expect(contents, name).not.toBe('');
      // A collection has a contents page of its own, in its reading order; an article, the navigation document.
      const href = zip.file('OEBPS/contents.xhtml') ? 'contents.xhtml' : 'toc.xhtml';
      expect(opf.match(/<reference type="toc"[^>]*\/>/g), name).toEqual([`<reference type="toc" title="${contents}" href="${href}" />`]);
      // An EPUB reader gains no page: the navigation document is not in the spine.
      const spine = /<spine[\s\S]*?<\/spine>/.exec(opf)?.[0] ?? '';
      expect(spine, name).toMatch(/<itemref /);
      expect(spine, name).not.toMatch(/idref="nav"/);
    }
  });

  it("unseen-uk-counters: on the road to a Kindle (AZW3) the contents page is the book's own, in Ukrainian, without the page list or landmarks", async () => {
    const env = { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' };
    const azw3 = path.join(out, 'unseen-uk-counters.azw3');
    const text = path.join(out, 'unseen-uk-counters-calibre.txt');
    for (const [from, to] of [[epub('unseen-uk-counters'), azw3], [azw3, text]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const { contents, pageList, landmarks } = await navHeadings('unseen-uk-counters');
    expect(contents).toBe('Зміст');
    const shown = readFileSync(text, 'utf8');
    expect(shown).not.toContain('Table of Contents');
    // Once: calibre sets the contents after the colophon, and nothing else in the book is titled so.
    expect(shown.match(new RegExp(`^${contents}$`, 'gm'))).toHaveLength(1);
    // The contents lists the sections, as the navigation does.
    expect(shown.slice(shown.search(new RegExp(`^${contents}$`, 'm')))).toMatch(/^Що показали цифри$/m);
    // The navigation's hidden page list and landmarks stay hidden: neither heading, nor the landmark "Стаття" (Article).
    for (const hidden of [pageList, landmarks, 'Стаття']) {
      expect(hidden).not.toBe('');
      expect(shown, hidden).not.toContain(hidden);
    }
  }, 300_000);

  it('unseen-tr-lists: on the road to a Kindle (AZW3, then EPUB) the list after the figure still counts on from 4, the Polish name keeps its language and its Polish breaks, and the contents are in Turkish', () => {
    const env = { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' };
    const azw3 = path.join(out, 'unseen-tr-lists.azw3');
    const back = path.join(out, 'unseen-tr-lists-calibre.epub');
    const text = path.join(out, 'unseen-tr-lists-calibre.txt');
    for (const [from, to] of [[epub('unseen-tr-lists'), azw3], [azw3, back], [azw3, text]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const unzipped = tempDir('galley-unseen-kindle-calibre-');
    expect(spawnSync('unzip', ['-q', back, '-d', unzipped]).status).toBe(0);
    const html = readdirSync(path.join(unzipped, 'text')).map((file) => readFileSync(path.join(unzipped, 'text', file), 'utf8')).join('\n');
    expect(html.match(/<ol start="\d+"/g)).toEqual(['<ol start="4"']);
    expect(html).toMatch(/<span lang="pl"[^>]*>Małgorzata Wiśniewska<\/span>/);
    // calibre's EPUB drops the soft hyphens; the AZW3 has them, as its text shows.
    expect(readFileSync(text, 'utf8').replaceAll('\u00AD', '|')).toContain('Mał|go|rzata Wi|śniew|ska');
    // calibre adds a contents page to a Kindle edition: the e-book's own (its guide's "toc"), not one of calibre's
    // titled in English; and not the navigation's page list or landmarks, which are for reading systems.
    const shown = readFileSync(text, 'utf8');
    expect(shown).not.toContain('Table of Contents');
    expect(shown).toMatch(/^İçindekiler$/m);
    expect(shown).not.toContain('Basılı baskının sayfaları');
  }, 300_000);

  it("unseen-collection-mixed: the PDF embeds galley's faces only, and Ace finds nothing in the e-book", () => {
    const fonts = pdfFonts(pdf('unseen-collection-mixed'));
    expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '').replace(/-.*$/, '')).sort().filter((name, index, all) => all.indexOf(name) === index)).toEqual([
      'Literata',
      'NotoSerifDevanagari',
      'NotoSerifGeorgian',
    ]);
    for (const font of fonts) expect(font.embedded, font.name).toBe(true);
    expect(ace(epub('unseen-collection-mixed'), findBrowser().path)).toEqual([]);
  }, 180_000);

  it('unseen-collection-mixed: the Czech photo\'s credit, with its page, is in both editions\' "Sources and credits", and each article without one says so', async () => {
    const ebook = (await entryText(await openEpub(epub('unseen-collection-mixed')), 'OEBPS/credits.xhtml')).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    const pages = pdfPages(pdf('unseen-collection-mixed'));
    const printed = pages.at(-1)!.replace(/\s+/g, ' ');
    // The photo prints on the page the Czech report opens on; its credit line under it is in capitals.
    const photo = pages.findIndex((page) => page.includes('Opravené kolo mlýna U Splavu'));
    expect(pages[photo]).toContain('FOTO: JANA DVOŘÁKOVÁ/JIHOČESKÝ ZPRAVODAJ');
    for (const text of [ebook, printed]) {
      expect(text).toContain(`Figure 1, page ${photo + 1}: Opravené kolo mlýna U Splavu v lednu, na zástupném obrázku. Foto: Jana Dvořáková/Jihočeský zpravodaj`);
      expect(text.match(/No pictures, agency copy or earlier publication to credit\./g)).toHaveLength(3);
    }
  });

  it('unseen-collection-mixed: on the road to a Kindle (AZW3, then EPUB) each article keeps its language, the note its links, the Hindi table its rows, and the credits and contents are the issue\'s, in English', () => {
    const env = { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' };
    const azw3 = path.join(out, 'unseen-collection-mixed.azw3');
    const back = path.join(out, 'unseen-collection-mixed-calibre.epub');
    const text = path.join(out, 'unseen-collection-mixed-calibre.txt');
    for (const [from, to] of [[epub('unseen-collection-mixed'), azw3], [azw3, back], [azw3, text]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const unzipped = tempDir('galley-unseen-kindle-calibre-');
    expect(spawnSync('unzip', ['-q', back, '-d', unzipped]).status).toBe(0);
    const files = readdirSync(path.join(unzipped, 'text')).sort().map((file) => ({ file, html: readFileSync(path.join(unzipped, 'text', file), 'utf8') }));
    // calibre splits a long file; each article's files keep its language on <html>, in the order.
    const languages = files.map(({ html }) => /<html[^>]* lang="([^"]+)"/.exec(html)?.[1]).filter((lang, index, all) => lang !== all[index - 1]);
    expect(languages).toEqual(['en', 'cs', 'ka', 'en', 'hi', 'en']);
    const all = files.map(({ html }) => html).join('\n');
    // The note's call leads to the note, and the note back to its call, across calibre's split.
    const call = /<a href="([^"#]+)#([^"]+)" id="([^"]+)"[^>]*role="doc-noteref"/.exec(all);
    expect(call).not.toBeNull();
    const [, noteFile, noteId, callId] = call!;
    expect(files.find(({ file }) => file === noteFile)?.html).toContain(`id="${noteId}"`);
    expect(all).toMatch(new RegExp(`<a class="note-back" href="[^"#]+#${callId}"`));
    const table = /<table[\s\S]*?<\/table>/.exec(all)?.[0] ?? '';
    expect(table.match(/<tr[\s>]/g)).toHaveLength(5);
    const shown = readFileSync(text, 'utf8').replaceAll('\u00AD', '');
    expect(shown).toMatch(/^Contents$/m);
    expect(shown).not.toContain('Table of Contents');
    expect(shown).not.toContain('Pages of the print edition');
    expect(shown).toMatch(/^By ლევან კაპანაძე$/m);
    expect(shown).toMatch(/^Sources and credits$/m);
    expect(shown).toContain('Foto: Jana Dvořáková/Jihočeský zpravodaj');
    expect(shown.match(/No pictures, agency copy or earlier publication to credit\./g)).toHaveLength(3);
  }, 300_000);
});
