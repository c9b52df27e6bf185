/**
 * The e-book in the reading apps people use, not only in the validators:
 * the package parts that Apple Books, Kobo and Kindle look for, calibre's
 * conversion to AZW3 (the usual road to a Kindle) and back, pandoc's EPUB of
 * the same article as the yardstick, and line breaking on a phone-wide page
 * in both editions (Chromium).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { buildPrintPage } from '../src/pdf/html.js';
import { findBrowser } from '../src/pdf/browser.js';
import { ace, entryText, epubcheck, openEpub, parseHtml, repoRoot, runCli, seedManuscript, tempDir, texts } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const run = promisify(execFile);
const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'reading-apps');
const calibreEnv = { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' };
const WJ = '\u2060';
const seedHeadline = 'Mattis: US ‘not in a position to collaborate’ with Russian military';

async function convert(from: string, to: string): Promise<string> {
  const { stdout, stderr } = await run('ebook-convert', [from, to], { env: calibreEnv, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  return `${stdout}\n${stderr}`;
}

async function pdfPages(file: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [file]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)![1]);
}

async function unzip(file: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await run('unzip', ['-q', '-o', file, '-d', dir]);
}

interface Converted {
  /** ebook-convert's log of EPUB → AZW3. */
  log: string;
  /** The AZW3 converted back to EPUB, unzipped. */
  back: string;
  text: string;
  pages: number;
}

/** EPUB → AZW3, then AZW3 → EPUB, text and PDF, as someone sending the book to a Kindle would. */
async function calibreRoad(epub: string, dir: string, name: string): Promise<Converted> {
  const azw3 = path.join(dir, `${name}.azw3`);
  const log = await convert(epub, azw3);
  const back = path.join(dir, `${name}-back`);
  await Promise.all([convert(azw3, `${back}.epub`), convert(azw3, path.join(dir, `${name}.txt`)), convert(azw3, path.join(dir, `${name}.pdf`))]);
  await unzip(`${back}.epub`, back);
  return { log, back, text: readFileSync(path.join(dir, `${name}.txt`), 'utf8'), pages: await pdfPages(path.join(dir, `${name}.pdf`)) };
}

/**
 * pandoc's EPUB of the same article: the manuscript's figures written as
 * pandoc images, its front matter as pandoc's title block.
 */
async function pandocEpub(manuscript: string, dir: string, name: string): Promise<string> {
  const source = readFileSync(path.join(manuscript, 'article.md'), 'utf8');
  const markdown = source.replace(/^:::figure\{src="([^"]+)"[^}]*\}\n([\s\S]*?)\n:::$/gm, (_, src: string, caption: string) => `![${caption.trim()}](${src})`);
  const input = path.join(manuscript, `.${name}.pandoc.md`);
  const epub = path.join(dir, `${name}.pandoc.epub`);
  writeFileSync(input, markdown);
  try {
    await run('pandoc', [input, '--from', 'markdown', '--resource-path', manuscript, '-o', epub], { timeout: 60_000 });
  } finally {
    (await import('node:fs')).rmSync(input, { force: true });
  }
  return epub;
}

/** The cover image of a calibre-made EPUB and the pages that show it. */
function pagesShowingCover(back: string): string[] {
  const opf = readFileSync(path.join(back, 'content.opf'), 'utf8');
  const coverId = /<meta name="cover" content="([^"]+)"/.exec(opf)![1]!;
  const coverHref = new RegExp(`<item id="${coverId}" href="([^"]+)"`).exec(opf)![1]!;
  const coverFile = path.basename(coverHref);
  const pages = [path.join(back, 'titlepage.xhtml'), ...readdirSync(path.join(back, 'text')).map((file) => path.join(back, 'text', file))];
  return pages.filter((page) => {
    try {
      return readFileSync(page, 'utf8').includes(coverFile);
    } catch {
      return false;
    }
  });
}

/** The class names calibre gave the article's body paragraphs, and the font-size its stylesheet sets for each. */
function bodyParagraphSizes(back: string, sentence: string): Array<string | undefined> {
  const css = readFileSync(path.join(back, 'stylesheet.css'), 'utf8');
  const text = readdirSync(path.join(back, 'text'))
    .map((file) => readFileSync(path.join(back, 'text', file), 'utf8'))
    .find((page) => page.includes(sentence));
  expect(text, `no page of the converted book has “${sentence}”`).toBeDefined();
  const paragraph = new RegExp(`<p class="([^"]+)">[^<]*${sentence}`).exec(text!);
  expect(paragraph).not.toBeNull();
  return paragraph![1]!.split(/\s+/).map((name) => {
    const rule = new RegExp(`\\.${name} \\{([^}]*)\\}`).exec(css);
    return rule ? /font-size:\s*([^;]+);/.exec(rule[1]!)?.[1] : undefined;
  });
}

describe('EPUB package parts that reading apps look for', () => {
  let seedZip: JSZip;
  let zip: JSZip;
  let file: string;

  beforeAll(async () => {
    const out = tempDir();
    for (const manuscript of [seedManuscript, fixture]) {
      const result = runCli(['epub', manuscript, '--out', out, '--no-page-list']);
      expect(result.status, result.stderr).toBe(0);
    }
    seedZip = await openEpub(path.join(out, 'mattis-russia-nato.epub'));
    file = path.join(out, 'reading-apps.epub');
    zip = await openEpub(file);
  });

  it('names the cover in the guide and with the cover meta, for Kindle and older readers', async () => {
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect(opf).toMatch(/<guide>[\s\S]*<reference type="cover" title="Cover" href="cover\.xhtml" \/>[\s\S]*<\/guide>/);
    expect(opf).toContain('<meta name="cover" content="cover-image" />');
    expect(opf).toMatch(/<item id="cover-image" href="cover\.jpg" media-type="image\/jpeg"/);
  });

  it('asks Apple Books to use the embedded typeface', async () => {
    const options = await entryText(zip, 'META-INF/com.apple.ibooks.display-options.xml');
    expect(options).toMatch(/<platform name="\*">\s*<option name="specified-fonts">true<\/option>/);
  });

  it('embeds the typeface as TrueType, which calibre keeps for Kindle', async () => {
    const opf = await entryText(zip, 'OEBPS/content.opf');
    const fonts = [...opf.matchAll(/<item id="font-\d+" href="(fonts\/[^"]+)" media-type="([^"]+)"/g)];
    expect(fonts).toHaveLength(4);
    for (const [, href, mediaType] of fonts) {
      expect(mediaType).toBe('font/ttf');
      const bytes = await zip.file(`OEBPS/${href}`)!.async('nodebuffer');
      expect(bytes.readUInt32BE(0)).toBe(0x00010000);
    }
    expect(await entryText(zip, 'OEBPS/style.css')).toMatch(/src: url\("fonts\/literata-latin-400-normal\.ttf"\) format\("truetype"\)/);
  });

  it('keeps the typeface licence out of the reading order, its full text beside the fonts', async () => {
    const opf = await entryText(zip, 'OEBPS/content.opf');
    const spine = /<spine[\s\S]*<\/spine>/.exec(opf)![0];
    expect([...spine.matchAll(/idref="([^"]+)"/g)].map((m) => m[1])).toEqual(['cover', 'titlepage', 'article', 'credits', 'colophon']);
    expect(opf).toContain('<item id="font-licence-1" href="fonts/Literata-LICENSE.txt" media-type="text/plain" />');
    const licence = await entryText(zip, 'OEBPS/fonts/Literata-LICENSE.txt');
    expect(licence).toContain('SIL OPEN FONT LICENSE Version 1.1');
    expect(licence).toContain('PERMISSION & CONDITIONS');
    const colophon = parseHtml(await entryText(zip, 'OEBPS/colophon.xhtml'));
    expect(texts(colophon, '.licence-note')).toEqual(['The licence is at openfontlicense.org; its full text travels with this e-book as Literata-LICENSE.txt, beside the Literata fonts.']);
  });

  it('gives the headline alone as the title, the dek as the description', async () => {
    const opf = await entryText(seedZip, 'OEBPS/content.opf');
    expect([...opf.matchAll(/<dc:title[^>]*>([^<]*)<\/dc:title>/g)].map((m) => m[1])).toEqual([seedHeadline]);
    expect(opf).not.toContain('title-type">subtitle');
    expect(opf).toContain('<dc:description>Mattis’s remarks may come as a blow to hopes of increased cooperation between the two powers following the election of President Donald Trump to the White House.</dc:description>');
  });

  it('names a creator when there is no byline: the publication, or the wire agencies', async () => {
    const creators = async (epub: JSZip) => [...(await entryText(epub, 'OEBPS/content.opf')).matchAll(/<dc:creator[^>]*>([^<]*)<\/dc:creator>/g)].map((m) => m[1]);
    expect(await creators(zip)).toEqual(['The Harbour Courier']);
    expect(await creators(seedZip)).toEqual(['Associated Press', 'Reuters']);
    // Only a byline is an author.
    expect(await entryText(seedZip, 'OEBPS/content.opf')).not.toMatch(/property="role"[^>]*>aut</);
  });

  it('calls an article with no byline, publisher, publication or agency anonymous, never Unknown', async () => {
    const dir = tempDir('galley-anonymous-');
    const manuscript = path.join(dir, 'anonymous');
    mkdirSync(manuscript);
    writeFileSync(path.join(manuscript, 'article.md'), '---\ntitle: "A note from nobody"\ndate: 2020-01-01\n---\n\nText.\n');
    const result = runCli(['epub', manuscript, '--out', path.join(dir, 'out'), '--no-page-list']);
    expect(result.status, result.stderr).toBe(0);
    const opf = await entryText(await openEpub(path.join(dir, 'out', 'anonymous.epub')), 'OEBPS/content.opf');
    expect([...opf.matchAll(/<dc:creator[^>]*>([^<]*)<\/dc:creator>/g)].map((m) => m[1])).toEqual(['Anonymous']);
  });

  it('sets notes as endnotes that pop up, back-link first and drawn as text, under a visible heading', async () => {
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    const article = parseHtml(xhtml);
    expect(texts(article, 'section.notes > h2')).toEqual(['Notes']);
    expect(xhtml).not.toMatch(/class="sr-only"/);
    const asides = [...xhtml.matchAll(/<li id="([^"]+)" class="note" epub:type="endnote">\s*<p><a class="note-back" href="#([^"]+)" role="doc-backlink"[^>]*>(\d)&#160;&#x2191;<\/a> (.*?)<\/p>/g)];
    expect(asides.map((m) => [m[1], m[2], m[3], m[4]])).toEqual([
      ['user-content-fn-1', 'user-content-fnref-1', '1', 'Sailings on <span class="nobreak">24–26</span> December follow the Sunday timetable.'],
      ['user-content-fn-fuel', 'user-content-fnref-fuel', '2', 'The company’s annual report gives the fuel figures for <span class="nobreak">2019–2021</span>.'],
    ]);
    // Each reference points at its note; no back-link is left at the end of a note.
    for (const [, id] of asides) expect(xhtml).toMatch(new RegExp(`<a href="#${id}" id="[^"]+"[^>]*epub:type="noteref"`));
    expect(xhtml).not.toMatch(/(↩|&#x21A9;|↑|&#x2191;)[\s\S]{0,20}<\/a><\/p>/);
    // The article's own numbered list ends before the notes begin.
    expect(xhtml).toMatch(/the overhaul of the older of its two boats\.<\/li>\s*<\/ol>\s*<section class="notes"/);
  });

  it('leaves picture sizes to the stylesheet', async () => {
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    const images = xhtml.match(/<img [^>]*>/g)!;
    expect(images).toHaveLength(2);
    for (const image of images) expect(image).not.toMatch(/\b(width|height)=/);
  });

  it('holds number ranges together and lets URLs break only after / . and before -', async () => {
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    // By markup: the text is "7–2" as written, which a reader's search finds.
    expect(xhtml).toContain('voted <span class="nobreak">7–2</span> in');
    expect(xhtml).not.toContain(WJ);
    expect(xhtml).toContain('<span class="url">https://<wbr />ferries.<wbr />example.<wbr />org/<wbr />timetables/<wbr />winter<wbr /><span class="nobreak">-2</span>021<wbr /><span class="nobreak">-s</span>chedule.<wbr />pdf</span>');
    expect(xhtml).toContain('<a href="https://example.org/harbour-office">harbour office</a>');
  });

  it('passes EPUBCheck with no errors and no warnings', () => {
    const result = epubcheck(file);
    expect({ fatals: result.fatals, errors: result.errors, warnings: result.warnings }, result.output).toEqual({ fatals: 0, errors: 0, warnings: 0 });
  });

  it('passes DAISY Ace with no violations', () => {
    expect(ace(file, findBrowser().path)).toEqual([]);
  });
});

describe('the road to a Kindle: calibre converts the e-book to AZW3 and back', () => {
  const books: Record<'seed' | 'fixture', { ours: Converted; pandoc: Converted; manuscript: string }> = {} as never;

  beforeAll(async () => {
    const dir = tempDir('galley-calibre-');
    for (const manuscript of [seedManuscript, fixture]) {
      const result = runCli(['epub', manuscript, '--out', dir, '--no-page-list']);
      expect(result.status, result.stderr).toBe(0);
    }
    const roads = async (key: 'seed' | 'fixture', manuscript: string, name: string) => {
      const epub = path.join(dir, `${name}.epub`);
      const pandoc = await pandocEpub(manuscript, dir, name);
      const [ours, theirs] = await Promise.all([calibreRoad(epub, dir, name), calibreRoad(pandoc, dir, `${name}-pandoc`)]);
      books[key] = { ours, pandoc: theirs, manuscript };
    };
    await roads('seed', seedManuscript, 'mattis-russia-nato');
    await roads('fixture', fixture, 'reading-apps');
  }, 400_000);

  it('keeps one cover', () => {
    for (const key of ['seed', 'fixture'] as const) expect(pagesShowingCover(books[key].ours.back), key).toHaveLength(1);
  });

  it('keeps every figure undistorted', () => {
    for (const key of ['seed', 'fixture'] as const) {
      const { back } = books[key].ours;
      const css = readFileSync(path.join(back, 'stylesheet.css'), 'utf8');
      const images = readdirSync(path.join(back, 'text')).flatMap((file) => readFileSync(path.join(back, 'text', file), 'utf8').match(/<img [^>]*>/g) ?? []);
      const figures = images.filter((image) => !/doc-cover/.test(image) && /class="([^"]+)"/.test(image));
      expect(figures.length, key).toBeGreaterThan(0);
      for (const image of figures) {
        expect(image).not.toMatch(/\b(width|height)=/);
        for (const name of /class="([^"]+)"/.exec(image)![1]!.split(/\s+/)) {
          const rule = new RegExp(`\\.${name} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
          // A fixed height beside max-width is what squeezed a 3:2 photo to 3:4.
          expect(rule, `${key}: ${image}`).not.toMatch(/(^|[\s;])height:\s*\d+(\.\d+)?(px|pt|em)/);
          expect(rule, `${key}: ${image}`).not.toMatch(/(^|[\s;])width:\s*\d+(\.\d+)?(px|pt)/);
        }
      }
    }
  });

  it('keeps the typeface licence out of the text', () => {
    for (const key of ['seed', 'fixture'] as const) {
      expect(books[key].ours.text).toContain('Colophon');
      expect(books[key].ours.text).not.toContain('PERMISSION & CONDITIONS');
      expect(books[key].ours.text).not.toContain('Permission is hereby granted');
    }
  });

  it("takes the body text's size as the base size", () => {
    const first = { seed: 'said at NATO headquarters in Brussels on Thursday', fixture: 'The island ferry company will run seven crossings' };
    for (const key of ['seed', 'fixture'] as const) {
      // Our stylesheet leaves the body at the reading system's size: calibre's 12 pt.
      expect(/Source base font size is ([\d.]+)pt/.exec(books[key].ours.log)?.[1], key).toBe('12.00000');
      for (const size of bodyParagraphSizes(books[key].ours.back, first[key])) expect([undefined, '1em'], key).toContain(size);
    }
  });

  it('sets the headline on the title page larger than the dek', () => {
    for (const key of ['seed', 'fixture'] as const) {
      const { back } = books[key].ours;
      const page = readFileSync(path.join(back, 'text', readdirSync(path.join(back, 'text')).find((file) => readFileSync(path.join(back, 'text', file), 'utf8').includes('class="dek"'))!), 'utf8');
      // calibre keeps the class names and writes each one's rule, in em of the text's size.
      const size = (tag: string): number => {
        const names = new RegExp(`<${tag} class="([^"]+)"`).exec(page)![1]!.split(/\s+/);
        const sizes = names.flatMap((name) => /font-size:\s*([\d.]+)em/.exec(new RegExp(`\\.${name} \\{([^}]*)\\}`).exec(readFileSync(path.join(back, 'stylesheet.css'), 'utf8'))?.[1] ?? '')?.[1] ?? []);
        return Number(sizes.at(-1) ?? 1);
      };
      // The headline is set at twice the text, the dek at 1.15 times it: calibre took min(2em, 12cqi) for 1em.
      expect(size('h1'), key).toBeGreaterThanOrEqual(1.8);
      expect(size('h1'), key).toBeGreaterThan(size('p'));
    }
  });

  it('keeps the embedded typeface', () => {
    for (const key of ['seed', 'fixture'] as const) {
      const { back } = books[key].ours;
      const css = readdirSync(back).filter((file) => file.endsWith('.css')).map((file) => readFileSync(path.join(back, file), 'utf8')).join('\n');
      const faces = [...css.matchAll(/@font-face \{[^}]*font-family: "Literata";[^}]*src: url\(([^)]+)\)/g)].map((m) => m[1]!);
      expect(faces, key).toHaveLength(4);
      for (const face of faces) expect(readFileSync(path.join(back, face)).length).toBeGreaterThan(10_000);
    }
  });

  it('shows the headline as the title and a named creator as the author', () => {
    const title = (back: string) => /<dc:title>([^<]*)<\/dc:title>/.exec(readFileSync(path.join(back, 'content.opf'), 'utf8'))![1];
    const authors = (back: string) => [...readFileSync(path.join(back, 'content.opf'), 'utf8').matchAll(/<dc:creator[^>]*>([^<]*)<\/dc:creator>/g)].map((m) => m[1]);
    expect(title(books.seed.ours.back)).toBe(seedHeadline);
    expect(title(books.fixture.ours.back)).toBe('Ferry timetable changes for the winter season');
    expect(authors(books.seed.ours.back)).toEqual(['Associated Press', 'Reuters']);
    expect(authors(books.fixture.ours.back)).toEqual(['The Harbour Courier']);
  });

  it('keeps notes linked both ways, each opening with its back-link (the shape Kindle pops up)', () => {
    const { ours: { back }, manuscript } = books.fixture;
    const notes = (readFileSync(path.join(manuscript, 'article.md'), 'utf8').match(/^\[\^[^\]]+\]:/gm) ?? []).length;
    expect(notes).toBeGreaterThan(1);
    const files = new Map(readdirSync(path.join(back, 'text')).map((file) => [file, readFileSync(path.join(back, 'text', file), 'utf8')]));
    // calibre writes epub:type as type in AZW3 (and so back).
    const refs = [...files].flatMap(([file, html]) =>
      [...html.matchAll(/<a href="([^"#]*)#([^"]+)" id="([^"]+)"[^>]*\btype="noteref"/g)].map((m) => ({ file, target: m[1] || file, id: m[2]!, refId: m[3]! })),
    );
    expect(refs).toHaveLength(notes);
    for (const { file, target, id, refId } of refs) {
      const aside = new RegExp(`<li id="${id}"[^>]*\\btype="endnote"[^>]*>([\\s\\S]*?)</li>`).exec(files.get(target) ?? '');
      expect(aside, `the reference ${refId} leads to a note ${id}`).not.toBeNull();
      // The note's first link leads back to the reference, and the note's text follows it.
      const first = /<a ([^>]*)>([^<]*)<\/a>([\s\S]*)/.exec(aside![1]!);
      expect(first?.[1], `note ${id} opens with its back-link`).toMatch(new RegExp(`href="(${file})?#${refId}"`));
      expect(first![2]).toMatch(/^\d+\s\u2191$/);
      expect(first![3]!.replace(/<[^>]+>/g, '').trim().length, `note ${id} has its text`).toBeGreaterThan(10);
    }
  });

  it("comes to about pandoc's page count: pandoc's pages and our cover, Sources and credits and colophon", () => {
    for (const key of ['seed', 'fixture'] as const) {
      const { ours, pandoc, manuscript } = books[key];
      // Literata, which calibre keeps, sets about 3 pages of text in 4 of calibre's
      // default serif (pandoc's EPUB names no typeface). calibre starts a page at
      // every h2 (its default); the notes' heading is one that pandoc's edition lacks.
      const notesHeading = readFileSync(path.join(manuscript, 'article.md'), 'utf8').includes('[^') ? 1 : 0;
      const allowed = Math.ceil((pandoc.pages * 4) / 3) + 3 + notesHeading;
      expect(ours.pages, `${key}: ${ours.pages} pages, pandoc ${pandoc.pages}`).toBeLessThanOrEqual(allowed);
    }
  });
});

describe('line breaking on a phone-wide page, in both editions', () => {
  const shared = useBrowserAndTempDir('galley-breaks-');
  let epubArticle: string;
  let printHtml: string;

  beforeAll(async () => {
    const out = tempDir();
    const result = runCli(['epub', fixture, '--out', out, '--no-page-list']);
    expect(result.status, result.stderr).toBe(0);
    const dir = path.join(out, 'unzipped');
    await unzip(path.join(out, 'reading-apps.epub'), dir);
    epubArticle = path.join(dir, 'OEBPS', 'article.xhtml');
    const { document } = await loadManuscript(fixture);
    printHtml = buildPrintPage(document).html;
  });

  /**
   * Lays the page out at every width from 180 to 420 px and returns each
   * line break found inside a number range or a URL: the text before and
   * after it.
   */
  async function breaksAt(open: (page: import('puppeteer').Page) => Promise<void>): Promise<{ ranges: string[]; urls: string[]; urlBreaks: number }> {
    const page = await shared.browser.newPage();
    try {
      await open(page);
      return await page.evaluate(() => {
        const lineOf = (node: Text, offset: number): number => {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          const rect = range.getClientRects()[0];
          return rect ? Math.round(rect.top) : -1;
        };
        /** Characters of `root` with the line each sits on (zero-width characters left out). */
        const characters = (root: Element) => {
          const list: Array<{ char: string; line: number }> = [];
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
            for (let i = 0; i < node.data.length; i++) {
              const line = lineOf(node, i);
              if (line >= 0 && node.data[i] !== '\u2060') list.push({ char: node.data[i]!, line });
            }
          }
          return list;
        };
        const ranges: string[] = [];
        const urls: string[] = [];
        let urlBreaks = 0;
        const body = document.body;
        for (let width = 180; width <= 420; width += 6) {
          body.style.width = `${width}px`;
          for (const p of Array.from(document.querySelectorAll('p, li'))) {
            const chars = characters(p);
            for (let i = 1; i + 1 < chars.length; i++) {
              if (chars[i]!.char === '\u2013' && /\d/.test(chars[i - 1]!.char) && /\d/.test(chars[i + 1]!.char) && chars[i]!.line !== chars[i + 1]!.line) {
                ranges.push(`${width}px: ${chars[i - 1]!.char}–|${chars[i + 1]!.char}`);
              }
            }
          }
          for (const url of Array.from(document.querySelectorAll('.url'))) {
            const chars = characters(url);
            for (let i = 0; i + 1 < chars.length; i++) {
              if (chars[i]!.line === chars[i + 1]!.line) continue;
              urlBreaks++;
              // After / . ? & = _ @ or before - (never after a hyphen, which a reader takes for a word's).
              if (!(/[/.?&=_@]/.test(chars[i]!.char) || chars[i + 1]!.char === '-') || chars[i + 1]!.char === '/') urls.push(`${width}px: ${chars.slice(Math.max(0, i - 5), i + 1).map((c) => c.char).join('')}|${chars[i + 1]!.char}`);
            }
          }
        }
        return { ranges, urls, urlBreaks };
      });
    } finally {
      await page.close();
    }
  }

  it('e-book: no break after an en dash between numbers, and URLs break only after / . and before -', async () => {
    const found = await breaksAt(async (page) => {
      await page.goto(`file://${epubArticle}`);
    });
    expect(found.ranges).toEqual([]);
    expect(found.urls).toEqual([]);
    // The URL did have to break at these widths: the check saw real breaks.
    expect(found.urlBreaks).toBeGreaterThan(10);
  });

  it('print: the same rules hold in the PDF edition’s page', async () => {
    expect(printHtml).toContain('<span class="nobreak">7–2</span>');
    const found = await breaksAt(async (page) => {
      await page.setContent(printHtml, { waitUntil: 'domcontentloaded' });
      // The page's style sheets live in the PDF writer's sandbox: add the print style sheet itself.
      await page.addStyleTag({ content: readFileSync(path.join(repoRoot, 'templates', 'print', 'print.css'), 'utf8') });
      await page.addStyleTag({ content: '@page { size: auto; } html, body { width: auto; } .body { column-count: 1 !important; }' });
    });
    expect(found.ranges).toEqual([]);
    expect(found.urls).toEqual([]);
    expect(found.urlBreaks).toBeGreaterThan(10);
  });
});
