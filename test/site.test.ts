/**
 * The download page, written from real editions: the seed is built with the
 * real CLI into a temporary folder, then the page is written beside them and
 * read back as HTML.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { imageSize } from 'image-size';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildCache } from '../src/cache.js';
import type { GalleyDocument } from '../src/document.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { findEditions, renderSite, THUMBNAIL_WIDTH, writeSitePage } from '../src/site/index.js';
import { writeDownloadPage } from '../src/pipeline/site.js';
import { formatSize } from '../src/view.js';
import { wordsFor } from '../src/words.js';
import { defaultTemplatesDir } from '../src/templates.js';
import { normalize, parseHtml, runCli, seedArticle, type SeedArticle, seedManuscript, tempDir } from './helpers.js';

const slug = path.basename(seedManuscript);
// Read in the first beforeAll, not while the file is collected.
let seed: SeedArticle;

let out: string;
let doc: GalleyDocument;
let tree: Root;
let html: string;
let hasPdf: boolean;

/**
 * Builds the seed's editions with the real CLI. The PDF needs a browser and
 * its own writer; when it cannot be built the EPUB alone is linked and the
 * PDF assertions say so instead of passing quietly.
 */
function buildSeed(dir: string): void {
  const result = runCli(['build', seedManuscript, '--out', dir, '--quiet']);
  if (!existsSync(path.join(dir, `${slug}.epub`))) {
    throw new Error(`galley build made no EPUB (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function attr(node: Element | undefined, name: string): string | undefined {
  const value = node?.properties[name];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.join(' ') : String(value);
}

function one(selector: string, root: Root | Element = tree): Element {
  const found = select(selector, root);
  if (!found) throw new Error(`Nothing matches ${selector}`);
  return found;
}

beforeAll(async () => {
  seed = seedArticle();
  out = tempDir('galley-site-');
  buildSeed(out);
  hasPdf = existsSync(path.join(out, `${slug}.pdf`));
  ({ document: doc } = await loadManuscript(seedManuscript));
  const { file } = await renderSite([await findEditions(doc, out)], { outDir: out, cache: false });
  expect(file).toBe(path.join(out, 'index.html'));
  html = readFileSync(file, 'utf8');
  tree = parseHtml(html);
});

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('download page', () => {
  it('shows the title, dek and date as the source gives them, and no byline the source lacks', () => {
    expect(texts('main h2')).toEqual([normalize(seed.headline)]);
    expect(texts('main .dek')).toEqual([normalize(seed.dek)]);
    const time = one('main time');
    expect(attr(time, 'dateTime')).toBe('2017-02-16');
    expect(normalize(toString(time))).toBe('February 16, 2017');
    // The seed names no author: nothing may stand in for one.
    expect(doc.metadata.authors).toEqual([]);
    expect(selectAll('.byline', tree)).toEqual([]);
    expect(normalize(toString(one('main')))).not.toMatch(/\bBy\b/);
  });

  it('sums up the sources and credits: the photo credit, the wire note and the outlets quoted', () => {
    const sources = one('main .sources');
    expect(normalize(toString(one('h3', sources)))).toBe('Sources and credits');
    expect(texts('.photo-credit .credit-line', sources)).toEqual([normalize(seed.credit)]);
    expect(texts('.wire-note', sources)).toEqual([normalize(seed.wireNote)]);
    const cited = normalize(toString(one('.cited', sources)));
    for (const outlet of doc.metadata.source.cited) expect(cited).toContain(outlet);
  });

  it('links the EPUB with its size and the SHA-256 of the file on disk', () => {
    checkDownload('epub', 'application/epub+zip', 'Download EPUB');
  });

  it('links the PDF with its size and the SHA-256 of the file on disk', (context) => {
    if (!hasPdf) {
      expect(selectAll('a[href$=".pdf"]', tree)).toEqual([]);
      context.skip('galley build made no PDF here: the page rightly has no PDF link');
    }
    checkDownload('pdf', 'application/pdf', 'Download PDF');
    // The print edition comes first.
    expect(selectAll('.download a', tree).map((a) => attr(a, 'type'))).toEqual(['application/pdf', 'application/epub+zip']);
  });

  it('shows the cover thumbnail, written beside the page, with alt text', () => {
    const img = one('main .entry-cover img');
    expect(attr(img, 'src')).toBe(`covers/${slug}.jpg`);
    expect(normalize(attr(img, 'alt') ?? '')).toContain(normalize(seed.headline));
    const thumbnail = readFileSync(path.join(out, 'covers', `${slug}.jpg`));
    expect(imageSize(thumbnail)).toMatchObject({ type: 'jpg', width: THUMBNAIL_WIDTH, height: THUMBNAIL_WIDTH * 1.5 });
    // width and height reserve the box before the image loads, at the cover's 2:3.
    expect(Number(attr(img, 'height')) / Number(attr(img, 'width'))).toBe(1.5);
  });

  it('loads nothing from elsewhere and runs no script', () => {
    expect(selectAll('script, noscript, iframe, object, embed', tree)).toEqual([]);
    const urls = selectAll('link[href], img[src], script[src], source[src], source[srcset], img[srcset], video, audio', tree).flatMap((node) =>
      ['href', 'src', 'srcSet'].map((name) => attr(node, name)).filter((value): value is string => value !== undefined),
    );
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).not.toMatch(/^(https?:)?\/\//i);
    for (const node of selectAll('*', tree)) {
      for (const name of Object.keys(node.properties)) expect(name, `${node.tagName} has an event handler`).not.toMatch(/^on/i);
    }
    // The style sheet, too, names only files it sits beside.
    const css = readFileSync(path.join(out, 'site.css'), 'utf8');
    expect(css).not.toMatch(/@import/);
    const cssUrls = [...css.matchAll(/url\(\s*["']?([^"')]+)/g)].map((match) => match[1]!);
    expect(cssUrls.length).toBeGreaterThan(0);
    for (const url of cssUrls) {
      expect(url).not.toMatch(/^(https?:)?\/\//i);
      expect(existsSync(path.join(out, decodeURIComponent(url))), url).toBe(true);
    }
  });

  it('copies the Literata faces the editions embed, and JetBrains Mono for its file names and digests, byte for byte', () => {
    const require = createRequire(import.meta.url);
    const files = (name: string): string => path.join(path.dirname(require.resolve(`@fontsource/${name.startsWith('jetbrains') ? 'jetbrains-mono' : 'literata'}/package.json`)), 'files', name);
    const copied = readdirSync(path.join(out, 'fonts')).sort();
    expect(copied).toEqual([
      'jetbrains-mono-latin-400-normal.woff2', 'jetbrains-mono-latin-700-normal.woff2',
      'literata-latin-400-italic.woff2', 'literata-latin-400-normal.woff2', 'literata-latin-700-italic.woff2', 'literata-latin-700-normal.woff2',
    ]);
    for (const name of copied) expect(sha256(path.join(out, 'fonts', name))).toBe(sha256(files(name)));
    const css = readFileSync(path.join(out, 'site.css'), 'utf8');
    expect(css.match(/@font-face \{ font-family: "Literata";/g)).toHaveLength(4);
    expect(css.match(/@font-face \{ font-family: "JetBrains Mono";/g)).toHaveLength(2);
  });

  it('has landmarks, one h1, headings in order and a way past the masthead', () => {
    for (const landmark of ['body > header', 'body > main', 'body > footer']) expect(selectAll(landmark, tree)).toHaveLength(1);
    expect(attr(one('html'), 'lang')).toBe('en');
    expect(selectAll('h1', tree)).toHaveLength(1);
    const levels = selectAll('h1, h2, h3, h4, h5, h6', tree).map((node) => Number(node.tagName[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
    const skip = one('body > a.skip-link');
    expect(attr(skip, 'href')).toBe('#main');
    expect(selectAll('#main', tree)).toHaveLength(1);
    expect(normalize(toString(one('title')))).toContain(normalize(seed.headline));
    expect(select('meta[name="viewport"]', tree)).toBeTruthy();
  });

  it('leaves no temporary file behind', () => {
    const all = readdirSync(out, { recursive: true, withFileTypes: true });
    // .galley/ is galley's own record of the page's entries; nothing else is hidden.
    expect(all.filter((entry) => entry.name.startsWith('.')).map((entry) => `${entry.name}${entry.isDirectory() ? '/' : ''}`)).toEqual(['.galley/']);
    expect(all.filter((entry) => entry.name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes the same page again from the same editions', async () => {
    const again = tempDir('galley-site-again-');
    try {
      for (const name of readdirSync(out)) if (/\.(epub|pdf)$/.test(name)) cpSync(path.join(out, name), path.join(again, name));
      await renderSite([await findEditions(doc, again)], { outDir: again, cache: false });
      expect(readFileSync(path.join(again, 'index.html'), 'utf8')).toBe(html);
      expect(sha256(path.join(again, 'covers', `${slug}.jpg`))).toBe(sha256(path.join(out, 'covers', `${slug}.jpg`)));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('download page, other manuscripts', () => {
  function variant(changes: Partial<GalleyDocument['metadata']>, newSlug: string): GalleyDocument {
    return { ...doc, slug: newSlug, metadata: { ...doc.metadata, ...changes } };
  }

  it('gives the byline when there are authors, lists newest first and omits a missing dek', async () => {
    const dir = tempDir('galley-site-authors-');
    try {
      const older = variant({ authors: ['Ann Smith', 'Bo Li'], date: '2016-05-01', title: 'An older article' }, 'older');
      const newer = variant({ authors: ['Cy Wu'], subtitle: undefined, title: 'A newer article', date: '2018-01-02' }, 'newer');
      await renderSite([{ doc: older }, { doc: newer }], { outDir: dir, cache: false });
      const page = parseHtml(readFileSync(path.join(dir, 'index.html'), 'utf8'));
      const entries = selectAll('main article', page);
      expect(entries.map((entry) => normalize(toString(one('h2', entry))))).toEqual(['A newer article', 'An older article']);
      expect(normalize(toString(one('.byline', entries[0]!)))).toBe('By Cy Wu');
      expect(normalize(toString(one('.byline', entries[1]!)))).toBe('By Ann Smith and Bo Li');
      expect(select('.dek', entries[0]!)).toBeUndefined();
      // Nothing built: no links, and a sentence that says so.
      expect(selectAll('main a', page)).toEqual([]);
      expect(texts('.downloads .empty', page)).toHaveLength(2);
      expect(new Set(selectAll('[id]', page).map((node) => attr(node, 'id'))).size).toBe(selectAll('[id]', page).length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('speaks the language most of its entries are in; English when none has more than the others', async () => {
    const dir = tempDir('galley-site-languages-');
    try {
      const page = async (languages: string[]): Promise<{ lang: string | undefined; heading: string }> => {
        const docs = languages.map((language, index) => ({ doc: variant({ language, title: `Article ${index + 1}`, date: `2024-03-1${index}` }, `article-${index + 1}`) }));
        await renderSite(docs, { outDir: dir, cache: false });
        const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
        return { lang: /<html lang="([^"]+)"/.exec(html)?.[1], heading: normalize(texts('h1', parseHtml(html))[0] ?? '') };
      };
      // Two German entries (de-CH speaks with the German table) and one English: the page speaks German,
      // tagged as the first German entry on the page (newest first: the last here).
      expect(await page(['en', 'de-CH', 'de'])).toEqual({ lang: 'de', heading: 'E-Book- und Druckausgaben' });
      // One German, one French: no majority, English.
      expect(await page(['de', 'fr'])).toEqual({ lang: 'en', heading: 'E-book and print editions' });
      // Two French, one German, one Russian.
      expect((await page(['fr', 'de', 'fr', 'ru'])).lang).toBe('fr');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws a cover again only when what it shows changed, and leaves unchanged files alone', async () => {
    const dir = tempDir('galley-site-cache-');
    try {
      const cache = new BuildCache(path.join(dir, 'cache'));
      const site = path.join(dir, 'site');
      const cover = path.join(site, 'covers', `${slug}.jpg`);
      const page = path.join(site, 'index.html');
      await renderSite([{ doc }], { outDir: site, cache });
      const first = { cover: statSync(cover).mtimeMs, page: statSync(page).mtimeMs, css: statSync(path.join(site, 'site.css')).mtimeMs };
      await renderSite([{ doc }], { outDir: site, cache });
      expect({ cover: statSync(cover).mtimeMs, page: statSync(page).mtimeMs, css: statSync(path.join(site, 'site.css')).mtimeMs }).toEqual(first);

      const before = sha256(cover);
      await renderSite([{ doc: variant({ title: 'A different headline' }, slug) }], { outDir: site, cache });
      expect(sha256(cover)).not.toBe(before);
      expect(readFileSync(page, 'utf8')).toContain('A different headline');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('galley site lists the manuscripts that have editions in the folder, as galley build will', async () => {
    const dir = tempDir('galley-site-build-');
    try {
      const site = path.join(dir, 'dist');
      cpSync(path.join(out, `${slug}.epub`), path.join(site, `${slug}.epub`));
      // A manuscript with no edition yet, and a folder that is no manuscript.
      const unbuilt = path.join(dir, 'unbuilt');
      cpSync(seedManuscript, unbuilt, { recursive: true });
      const broken = path.join(dir, 'broken');
      cpSync(seedManuscript, broken, { recursive: true });
      writeFileSync(path.join(broken, 'article.md'), '---\ntitle: [\n---\n');
      const read: string[] = [];
      const result = await writeDownloadPage([seedManuscript, unbuilt, broken], site, (event) => {
        if (event.type === 'read') read.push(event.dir);
      });
      // Each manuscript without a recorded entry is read once, by the pipeline.
      expect(read).toEqual([seedManuscript, unbuilt, broken]);
      expect(result.file).toBe(path.join(site, 'index.html'));
      expect(result.listed).toBe(1);
      expect(result.left).toEqual([
        { dir: unbuilt, reason: 'no edition built' },
        { dir: broken, reason: 'the manuscript has errors' },
      ]);
      const page = parseHtml(readFileSync(result.file, 'utf8'));
      expect(selectAll('main article', page)).toHaveLength(1);
      expect(selectAll('a[download]', page).map((a) => attr(a, 'href'))).toEqual([`${slug}.epub`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists an entry whose cover covers/ no longer holds without one, never as a broken image', async () => {
    const dir = tempDir('galley-site-uncovered-');
    try {
      // The folder as the build left it (editions, entry record, fonts, covers), then the cover removed.
      cpSync(out, dir, { recursive: true });
      rmSync(path.join(dir, 'covers', `${slug}.jpg`));
      const { file, listed } = await writeSitePage({ outDir: dir, cache: false });
      expect(listed).toBe(1);
      const page = parseHtml(readFileSync(file, 'utf8'));
      // Every picture the page shows is a file beside it.
      for (const img of selectAll('img', page)) expect(existsSync(path.join(dir, decodeURIComponent(attr(img, 'src')!)))).toBe(true);
      const entry = one('main article', page);
      expect(select('img', entry)).toBeUndefined();
      expect(attr(entry, 'className')).toBe('entry entry-uncovered');
      // Its title and downloads are there as before.
      expect(toString(one('.entry-title', entry)).replace(/\u00ad/g, '')).toBe(doc.metadata.title);
      expect(selectAll('a[download]', entry).length).toBeGreaterThan(0);
      // The style sheet gives such an entry one column: no empty place where the cover was.
      expect(readFileSync(path.join(dir, 'site.css'), 'utf8')).toContain('.entry.entry-uncovered {');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an edition outside the output folder and one that is not there', async () => {
    const dir = tempDir('galley-site-refuse-');
    try {
      await expect(renderSite([{ doc, epub: path.join(out, `${slug}.epub`) }], { outDir: dir, cache: false })).rejects.toThrow(/only to editions inside/);
      await expect(renderSite([{ doc, pdf: path.join(dir, 'missing.pdf') }], { outDir: dir, cache: false })).rejects.toThrow(/no such PDF edition/);
      await expect(renderSite([{ doc }, { doc }], { outDir: dir, cache: false })).rejects.toThrow(/Two manuscripts are called/);
      expect(existsSync(path.join(dir, 'index.html'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes every word from the templates folder', async () => {
    const dir = tempDir('galley-site-templates-');
    try {
      const templates = path.join(dir, 'templates');
      cpSync(defaultTemplatesDir, templates, { recursive: true });
      const english = JSON.parse(readFileSync(path.join(templates, 'words', 'en.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(path.join(templates, 'words', 'en.json'), JSON.stringify({ ...english, credits: 'Quellen und Bildnachweise', bytes: '{n} Byte', kilobytes: '{n} kB', megabytes: '{n} Mbyte' }));
      const site = path.join(dir, 'site');
      const epub = path.join(site, `${slug}.epub`);
      cpSync(path.join(out, `${slug}.epub`), epub);
      await renderSite([{ doc, epub }], { outDir: site, templatesDir: templates, cache: false });
      const written = parseHtml(readFileSync(path.join(site, 'index.html'), 'utf8'));
      expect(texts('h2, h3', written)).toContain('Quellen und Bildnachweise');
      // The size's words and its number's separators are the templates' too.
      expect(texts('data.file-size', written)).toEqual([`${Math.round(statSync(epub).size / 1024).toLocaleString('en')} kB`]);
      const words = wordsFor('en', { templatesDir: templates });
      expect(formatSize(850, words)).toBe('850 Byte');
      expect(formatSize(3 * 1024 * 1024 + 300_000, words)).toBe('3.3 Mbyte');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('formats sizes as the build output does', () => {
    expect(formatSize(850)).toBe('850 bytes');
    expect(formatSize(456_471)).toBe('446 KB');
    expect(formatSize(3 * 1024 * 1024 + 300_000)).toBe('3.3 MB');
  });
});

function texts(selector: string, root: Root | Element = tree): string[] {
  return selectAll(selector, root).map((node) => normalize(toString(node)));
}

function checkDownload(kind: 'epub' | 'pdf', type: string, label: string): void {
  const file = path.join(out, `${slug}.${kind}`);
  const size = statSync(file).size;
  const links = selectAll(`a[href="${slug}.${kind}"]`, tree);
  expect(links).toHaveLength(1);
  const link = links[0]!;
  expect(attr(link, 'download')).toBe(`${slug}.${kind}`);
  expect(attr(link, 'type')).toBe(type);
  // The visible words come first; the hidden rest names the article for screen readers.
  expect(normalize(toString(link))).toBe(`${label} of "${normalize(seed.headline)}"`);
  const item = selectAll('.download', tree).find((node) => selectAll('a', node).includes(link))!;
  const data = one('data.file-size', item);
  expect(Number(attr(data, 'value'))).toBe(size);
  expect(normalize(toString(data))).toBe(formatSize(size));
  expect(normalize(toString(one('code.sha256', item)))).toBe(sha256(file));
  expect(normalize(toString(one('code.file-name', item)))).toBe(`${slug}.${kind}`);
}
