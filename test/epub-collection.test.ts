/**
 * src/epub/collection.ts: a collection's e-book pages, contents and
 * navigation. The sample collection in manuscript/ goes through the reader
 * and the EPUB writer in-process; the package is unzipped and its pages
 * parsed as XML.
 */
import path from 'node:path';
import type JSZip from 'jszip';
import type { Element as XastElement, Root as XastRoot } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { collectionCreators, collectionView, partFile } from '../src/epub/collection.js';
import { buildEpub } from '../src/epub/index.js';
import { loadCollection } from '../src/manuscript/collection.js';
import { entryText, openEpub, repoRoot, tempDir } from './helpers.js';

const SEED_TITLE = 'Mattis: US ‘not in a position to collaborate’ with Russian military';
const FICTION_TITLE = 'The tide gauge that ran out of numbers';

function elements(node: XastElement | XastRoot, test: (element: XastElement) => boolean = () => true): XastElement[] {
  const found: XastElement[] = [];
  const walk = (parent: XastElement | XastRoot): void => {
    for (const child of parent.children) {
      if (child.type !== 'element') continue;
      if (test(child)) found.push(child);
      walk(child);
    }
  };
  walk(node);
  return found;
}
/** An element's text as a reader sees it: without the soft hyphens a headline's long words carry for a phone's line. */
function text(node: XastElement): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? text(child) : '')).join('').replace(/\s+/g, ' ').replace(/\u00ad/g, '').trim();
}
const named = (name: string) => (element: XastElement) => element.name === name;

let doc: GalleyDocument;
let zip: JSZip;
const pages = new Map<string, XastRoot>();

async function page(file: string): Promise<XastRoot> {
  let tree = pages.get(file);
  if (!tree) {
    tree = fromXml(await entryText(zip, `OEBPS/${file}`)) as XastRoot;
    pages.set(file, tree);
  }
  return tree;
}
/** The element of `file` whose id is `id` (undefined when there is none). */
async function target(href: string): Promise<XastElement | undefined> {
  const [file, id] = href.split('#') as [string, string | undefined];
  const tree = await page(file);
  return id === undefined ? elements(tree, named('html'))[0] : elements(tree, (element) => element.attributes.id === id)[0];
}

beforeAll(async () => {
  doc = (await loadCollection(path.join(repoRoot, 'manuscript', 'week-in-brief'))).document;
  zip = await openEpub(await (async () => {
    const { writeFileSync } = await import('node:fs');
    const file = path.join(tempDir('galley-epub-collection-'), 'week.epub');
    writeFileSync(file, (await buildEpub(doc, {})).buffer);
    return file;
  })());
});

describe('collectionLayout', () => {
  it('reads in order: cover, title page, contents, one page per article, credits, colophon', async () => {
    const opf = fromXml(await entryText(zip, 'OEBPS/content.opf')) as XastRoot;
    const hrefs = new Map(elements(opf, named('item')).map((item) => [item.attributes.id, item.attributes.href]));
    const spine = elements(opf, named('itemref')).map((ref) => hrefs.get(ref.attributes.idref!));
    expect(spine).toEqual(['cover.xhtml', 'titlepage.xhtml', 'contents.xhtml', 'article-1.xhtml', 'article-2.xhtml', 'credits.xhtml', 'colophon.xhtml']);
    const types = await Promise.all(spine.map(async (file) => elements(await page(file!), named('body'))[0]!.attributes['epub:type']));
    expect(types).toEqual(['frontmatter', 'frontmatter', 'frontmatter', 'bodymatter', 'bodymatter', 'backmatter', 'backmatter']);
  });

  it("gives each article its own page: its headline, language, body and notes", async () => {
    for (const [index, title] of [SEED_TITLE, FICTION_TITLE].entries()) {
      const tree = await page(partFile(index + 1));
      expect(text(elements(tree, named('title'))[0]!)).toBe(title);
      const headline = elements(tree, named('h1'))[0]!;
      expect(text(headline)).toBe(title);
      expect(headline.attributes.id).toBe(`part-${index + 1}-headline`);
      expect(elements(tree, named('html'))[0]!.attributes['xml:lang']).toBe(doc.parts![index]!.metadata.language);
      // Its pictures point into the package, at files the package holds.
      const images = elements(tree, named('img'));
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) expect(zip.file(`OEBPS/${image.attributes.src}`), String(image.attributes.src)).not.toBeNull();
    }
    // Each page holds its own article: the other's headline is not in it.
    expect(await entryText(zip, 'OEBPS/article-1.xhtml')).not.toContain('Port Aldery');
    expect(await entryText(zip, 'OEBPS/article-2.xhtml')).toContain('Port Aldery');
    // The fictional article's note is set on its page, and its reference leads there.
    const second = await page('article-2.xhtml');
    const ref = elements(second, (element) => element.attributes['epub:type'] === 'noteref')[0]!;
    expect(await target(`article-2.xhtml${ref.attributes.href}`)).toBeDefined();
  });

  it('lists each article on the contents page, linked, with its byline when it has one and its dek', async () => {
    const entries = elements(await page('contents.xhtml'), (element) => element.attributes.class === 'contents-entry');
    expect(entries.map((entry) => text(elements(entry, named('a'))[0]!))).toEqual([SEED_TITLE, FICTION_TITLE]);
    expect(entries.map((entry) => elements(entry, named('a'))[0]!.attributes.href)).toEqual(['article-1.xhtml', 'article-2.xhtml']);
    const bylines = entries.map((entry) => elements(entry, (element) => element.attributes.class === 'contents-byline').map(text));
    expect(bylines).toEqual([[], ['By Sample Desk (fictional)']]);
    for (const [i, entry] of entries.entries()) {
      expect(text(elements(entry, (element) => element.attributes.class === 'contents-dek')[0]!)).toBe(doc.parts![i]!.metadata.subtitle);
    }
  });

  it("groups the credits by article, each picture's link leading to its figure", async () => {
    const credits = await page('credits.xhtml');
    const groups = elements(credits, (element) => element.attributes.class === 'credits-article');
    expect(groups.map((group) => text(elements(group, named('h3'))[0]!))).toEqual([SEED_TITLE, FICTION_TITLE]);
    expect(groups.map((group) => elements(group, named('h3'))[0]!.attributes.id)).toEqual(['credits-part-1', 'credits-part-2']);
    for (const [i, group] of groups.entries()) {
      const links = elements(group, (element) => element.attributes.class === 'credit-figure');
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.attributes.href!.startsWith(`${partFile(i + 1)}#`)).toBe(true);
        expect(await target(link.attributes.href!), String(link.attributes.href)).toBeDefined();
      }
    }
    expect(text(groups[0]!)).toContain('Thierry Monasse');
    expect(text(groups[1]!)).not.toContain('Thierry Monasse');
  });

  it("nests each article's sections under its headline in the navigation, and the credits by article", async () => {
    const nav = await page('toc.xhtml');
    const toc = elements(nav, (element) => element.name === 'nav' && element.attributes['epub:type'] === 'toc')[0]!;
    const top = elements(toc, named('ol'))[0]!.children.filter((child): child is XastElement => child.type === 'element');
    const link = (item: XastElement) => item.children.find((child): child is XastElement => child.type === 'element' && child.name === 'a')!;
    expect(top.map((item) => text(link(item)))).toEqual(['Title page', 'Contents', SEED_TITLE, FICTION_TITLE, 'Sources and credits', 'Colophon']);
    const children = (item: XastElement) => elements(item, named('a')).slice(1);
    const sections = children(top[3]!);
    expect(sections.map(text)).toEqual(['Five months at the north mole', 'What the council will decide', 'Notes']);
    expect(children(top[4]!).map((a) => a.attributes.href)).toEqual(['credits.xhtml#credits-part-1', 'credits.xhtml#credits-part-2']);
    for (const a of elements(toc, named('a'))) expect(await target(a.attributes.href!), String(a.attributes.href)).toBeDefined();
    for (const a of sections) expect(a.attributes.href!.startsWith('article-2.xhtml#')).toBe(true);
    const bodymatter = elements(nav, (element) => element.attributes['epub:type'] === 'bodymatter')[0]!;
    expect(bodymatter.attributes.href).toBe('article-1.xhtml');
  });

  it("sets an article's page in its own language and direction", async () => {
    const parts = doc.parts!.map((part, i) => (i === 1 ? { ...part, metadata: { ...part.metadata, language: 'he', direction: 'rtl' as const } } : part));
    const other = await openEpub(await (async () => {
      const { writeFileSync } = await import('node:fs');
      const file = path.join(tempDir('galley-epub-collection-'), 'week.epub');
      writeFileSync(file, (await buildEpub({ ...doc, parts }, {})).buffer);
      return file;
    })());
    const tree = async (file: string) => fromXml(await entryText(other, `OEBPS/${file}`)) as XastRoot;
    const html = async (file: string) => elements(await tree(file), named('html'))[0]!.attributes;
    expect(await html('article-1.xhtml')).toMatchObject({ 'xml:lang': 'en', lang: 'en' });
    // The Hebrew article in the English book: its direction on a wrapper inside body, html and body in the book's
    // (a reading app that pages sets the root in the spine's direction and lays body out in columns; see test/paged-directions).
    const hebrew = await tree('article-2.xhtml');
    expect(await html('article-2.xhtml')).toMatchObject({ 'xml:lang': 'he', lang: 'he' });
    expect((await html('article-2.xhtml')).dir).toBeUndefined();
    expect(elements(hebrew, named('body'))[0]!.attributes.dir).toBeUndefined();
    expect(elements(hebrew, named('div')).find((div) => div.attributes.class === 'own-direction')?.attributes).toMatchObject({ 'xml:lang': 'he', lang: 'he', dir: 'rtl' });
    expect(await html('contents.xhtml')).toMatchObject({ 'xml:lang': 'en' });
    expect((await html('contents.xhtml')).dir).toBeUndefined();
  });
});

describe('collectionView', () => {
  it("joins the editors' names in the collection's language and shows no credits on the title page", () => {
    const view = collectionView({ ...doc, metadata: { ...doc.metadata, editors: ['Ann Smith', 'Bo Li', 'Cy Wu'] } });
    expect(view.editors).toBe('Ann Smith, Bo Li, and Cy Wu');
    expect(collectionView(doc).editors).toBe('');
    expect(collectionView({ ...doc, metadata: { ...doc.metadata, language: 'de', editors: ['A', 'B'] } }).editors).toBe('A und B');
  });
});

describe('collectionCreators', () => {
  it("names the editors first, then each article's makers once", () => {
    const withEditors = { ...doc, metadata: { ...doc.metadata, editors: ['Ed Itor', 'Sample Desk (fictional)'] } };
    expect(collectionCreators(withEditors)).toEqual([
      { name: 'Ed Itor', role: 'edt' },
      { name: 'Sample Desk (fictional)', role: 'edt' },
      { name: 'Associated Press' },
      { name: 'Reuters' },
    ]);
    expect(collectionCreators(doc)).toEqual([{ name: 'Associated Press' }, { name: 'Reuters' }, { name: 'Sample Desk (fictional)', role: 'aut' }]);
  });

  it('names the publisher when no one else answers for the collection, and no one when there is none', () => {
    const nobody = doc.parts!.map((part) => ({ ...part, metadata: { ...part.metadata, authors: [], publisher: undefined, source: { ...part.metadata.source, wire: [], publication: undefined } } }));
    expect(collectionCreators({ ...doc, parts: nobody, metadata: { ...doc.metadata, publisher: 'Harbour Press' } })).toEqual([{ name: 'Harbour Press' }]);
    expect(collectionCreators({ ...doc, parts: nobody, metadata: { ...doc.metadata, publisher: undefined } })).toEqual([]);
  });
});
