/**
 * A dek that quotes words in another language marks them
 * (`subtitle: "… :span[Мёртвые души]{lang=ru} …"`), and every edition sets
 * them in that language: a span with `lang` and `xml:lang` on the e-book's
 * title page, the PDF's title block (a structure element with /Lang) and the
 * download page; the plain words in the e-book's metadata and the PDF's
 * subject. Built by the CLI; the PDF's structure read with pdf.js.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type JSZip from 'jszip';
import { buildArticle, entryText, openEpub, runCli, tempDir } from './helpers.js';
import { languageElements, pdfInfo } from './pdf-helpers.js';

const ARTICLE = `---
title: "A new translation"
subtitle: "Why :span[Мёртвые души]{lang=ru} reads differently now, and what :span[Sehnsucht]{lang=de} lost"
authors: ["Ann Smith"]
date: 2024-03-14
language: en
---

The body of the review.
`;

describe('a dek that marks a language', () => {
  let out: string;
  let zip: JSZip;
  let stderr: string;

  beforeAll(async () => {
    ({ out, zip, result: { stderr } } = await buildArticle('dek-languages', ARTICLE));
  }, 120_000);

  it('builds with no warning about the spans', () => {
    expect(stderr).not.toMatch(/front matter field `subtitle`/);
  });

  it('sets each marked run in its language on the e-book’s title page, and the plain words in its metadata', async () => {
    const titlepage = await entryText(zip, 'OEBPS/titlepage.xhtml');
    expect(titlepage).toContain('<p class="dek">Why <span lang="ru" xml:lang="ru">Мёртвые души</span> reads differently now, and what <span lang="de" xml:lang="de">Sehnsucht</span> lost</p>');
    const opf = await entryText(zip, 'OEBPS/content.opf');
    expect(opf).toContain('<dc:description>Why Мёртвые души reads differently now, and what Sehnsucht lost</dc:description>');
    expect(opf).not.toContain(':span');
  });

  it('tags the marked runs with their language in the PDF, and gives the plain dek as its subject', async () => {
    const file = path.join(out, 'dek-languages.pdf');
    const elements = await languageElements(file);
    expect(elements.filter((element) => element.lang === 'ru').map((element) => element.text.trim())).toContain('Мёртвые души');
    expect(elements.filter((element) => element.lang === 'de').map((element) => element.text.trim())).toContain('Sehnsucht');
    expect(pdfInfo(file).Subject).toBe('Why Мёртвые души reads differently now, and what Sehnsucht lost');
  });

  it('sets them in their language on the download page', () => {
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<span lang="ru" xml:lang="ru">Мёртвые души</span>');
    expect(html).toContain('<span lang="de" xml:lang="de">Sehnsucht</span>');
    expect(html).not.toContain(':span');
  });
});

describe('a collection quoting a dek that marks a language', () => {
  it('sets its runs in their language in the contents of both editions, and in the article\'s headline block in print', async () => {
    const folder = tempDir('galley-dek-collection-');
    mkdirSync(path.join(folder, 'review'), { recursive: true });
    writeFileSync(path.join(folder, 'review', 'article.md'), ARTICLE);
    mkdirSync(path.join(folder, 'issue'), { recursive: true });
    writeFileSync(path.join(folder, 'issue', 'collection.yaml'), 'title: "Reviews"\ndate: 2024-03-15\narticles: [../review]\n');
    const out = tempDir('galley-dek-collection-out-');
    const result = runCli(['build', path.join(folder, 'issue'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    const zip = await openEpub(path.join(out, 'issue.epub'));
    const contents = Object.keys(zip.files).filter((name) => name.endsWith('.xhtml'));
    const pages = await Promise.all(contents.map((name) => entryText(zip, name)));
    expect(pages.join('\n')).toMatch(/<span class="contents-dek">Why <span lang="ru" xml:lang="ru">Мёртвые души<\/span>/);
    // The PDF's contents and the article's own headline block each tag the run with its /Lang.
    const russian = (await languageElements(path.join(out, 'issue.pdf'))).filter((element) => element.lang === 'ru' && element.text.trim() === 'Мёртвые души');
    expect(russian.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
