/**
 * A headline that quotes words in another language marks them
 * (`title: "Reading :span[Мёртвые души]{lang=ru} again"`), as a dek may, and
 * every edition sets them in that language: a span with `lang` and
 * `xml:lang` in the e-book's title page, its article's heading and its
 * contents, a structure element with /Lang in the PDF's title block, a span
 * on the download page; the plain words in the e-book's title, the PDF's
 * title and the cover. Built by the CLI; the PDF's structure read with pdf.js.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type JSZip from 'jszip';
import { buildArticle, entryText, epubcheck, openEpub, runCli, tempDir } from './helpers.js';
import { languageElements, pdfInfo } from './pdf-helpers.js';

const ARTICLE = `---
title: "Reading :span[Мёртвые души]{lang=ru} again"
subtitle: "A new translation, and what it keeps"
authors: ["Ann Smith"]
date: 2024-03-14
language: en
---

The body of the review.
`;

const SPAN = '<span lang="ru" xml:lang="ru">Мёртвые души</span>';

describe('a headline that marks a language', () => {
  let out: string;
  let zip: JSZip;
  let stderr: string;

  beforeAll(async () => {
    ({ out, zip, result: { stderr } } = await buildArticle('title-languages', ARTICLE));
  }, 120_000);

  it('builds with no warning about the span', () => {
    expect(stderr).not.toMatch(/front matter field `title`|cannot mark a language/);
  });

  it('sets the marked run in its language on the e-book’s title page, its article’s heading and its contents', async () => {
    // (A page-break marker from the print edition may open the headline.)
    expect(await entryText(zip, 'OEBPS/titlepage.xhtml')).toMatch(new RegExp(`<h1 class="headline">(<span epub:type="pagebreak"[^>]*/>)?Reading ${SPAN} again</h1>`));
    expect(await entryText(zip, 'OEBPS/article.xhtml')).toContain(`<h1 id="article-title" class="article-title">Reading ${SPAN} again</h1>`);
    expect(await entryText(zip, 'OEBPS/toc.xhtml')).toContain(`<a href="article.xhtml">Reading ${SPAN} again</a>`);
    const check = epubcheck(path.join(out, 'title-languages.epub'));
    expect([check.fatals, check.errors, check.warnings], check.output).toEqual([0, 0, 0]);
  });

  it('gives the plain words as the e-book’s title, its page titles and its cover’s description', async () => {
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect(opf).toContain('<dc:title id="title">Reading Мёртвые души again</dc:title>');
    expect(await entryText(zip, 'OEBPS/article.xhtml')).toContain('<title>Reading Мёртвые души again</title>');
    expect(await entryText(zip, 'OEBPS/cover.xhtml')).toContain('Reading Мёртвые души again');
    const all = await Promise.all(Object.keys(zip.files).filter((name) => /\.(xhtml|opf|ncx)$/.test(name)).map((name) => entryText(zip, name)));
    expect(all.join('\n')).not.toContain(':span');
  });

  it('tags the marked run with its language in the PDF’s title block, and gives the plain headline as its title', async () => {
    const file = path.join(out, 'title-languages.pdf');
    const russian = (await languageElements(file)).filter((element) => element.lang === 'ru').map((element) => element.text.trim());
    expect(russian).toContain('Мёртвые души');
    expect(pdfInfo(file).Title).toBe('Reading Мёртвые души again');
  });

  it('sets it in its language on the download page', () => {
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toMatch(new RegExp(`<h2 class="entry-title" id="[^"]+">Reading ${SPAN} again</h2>`));
    expect(html).toContain('<title>Reading Мёртвые души again');
    expect(html).not.toContain(':span');
  });
});

describe('a collection holding a headline that marks a language', () => {
  it('sets its run in its language in the contents and the credits of both editions, and in the article’s headline block in print', async () => {
    const folder = tempDir('galley-title-collection-');
    mkdirSync(path.join(folder, 'review'), { recursive: true });
    writeFileSync(path.join(folder, 'review', 'article.md'), ARTICLE);
    mkdirSync(path.join(folder, 'issue'), { recursive: true });
    writeFileSync(path.join(folder, 'issue', 'collection.yaml'), 'title: "Reviews"\ndate: 2024-03-15\narticles: [../review]\n');
    const out = tempDir('galley-title-collection-out-');
    const result = runCli(['build', path.join(folder, 'issue'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    const zip = await openEpub(path.join(out, 'issue.epub'));
    expect(await entryText(zip, 'OEBPS/contents.xhtml')).toContain(`<a class="contents-headline" href="article-1.xhtml">Reading ${SPAN} again</a>`);
    expect(await entryText(zip, 'OEBPS/credits.xhtml')).toMatch(new RegExp(`<h3 id="credits-part-1" class="credits-article-heading">Reading ${SPAN} again</h3>`));
    expect(await entryText(zip, 'OEBPS/toc.xhtml')).toContain(`<a href="article-1.xhtml">Reading ${SPAN} again</a>`);
    // The PDF's contents, the article's own headline block and the credits each tag the run with its /Lang.
    const russian = (await languageElements(path.join(out, 'issue.pdf'))).filter((element) => element.lang === 'ru' && element.text.trim() === 'Мёртвые души');
    expect(russian.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
