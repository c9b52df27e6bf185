/**
 * A credit written with its own label keeps it, whatever the language, and
 * gets no second one from galley: "Picha: …" (Swahili, which galley has no
 * words for), "Photograph by …". The e-book names the maker, not the
 * sentence. A byline joins its names in the language of the "By" before them:
 * English words, English "and". In a collection, a Hebrew article's names are
 * quoted one by one in Hebrew, the "By … and …" between them in the
 * collection's English. Built to both editions and the download page.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, epubcheck, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';

const images = path.join(repoRoot, 'test', 'fixtures', 'good', 'credits', 'images');

const maker = 'Maximiliano Augusto Fernández de la Torre y Villanueva-Echeverría';
const longLine = `${maker} for the Invented Atlas Cooperative of Independent Photographers, Lisbon and Porto, licensed for this edition only/Invented Atlas`;

const article = `---
title: "Wakazi wa mji wa kubuni wapokea mwaka mpya"
authors: ["Amani Juma", "Neema Mushi"]
date: 2025-01-28
language: sw
---

Asubuhi ya tarehe 28 Januari, mvua nyepesi ilinyesha mjini.

:::figure{src="images/photo.png" alt="Soko la maua" credit="Picha: Zawadi Mwakyusa/Gazeti la Majaribio"}
Soko la maua la mji wa kubuni.
:::

:::figure{src="images/map.png" alt="Picha ndefu" credit="Photograph by ${longLine}"}
Picha ndefu.
:::

Watu waliendelea kufika sokoni hadi usiku wa manane.
`;

describe('a credit with its own label, and a byline in one language', () => {
  let out: string;
  let zip: JSZip;
  let pdfText: string;

  beforeAll(async () => {
    const dir = path.join(tempDir(), 'mwaka');
    cpSync(images, path.join(dir, 'images'), { recursive: true });
    writeFileSync(path.join(dir, 'article.md'), article);
    out = tempDir();
    const result = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    zip = await openEpub(path.join(out, 'mwaka.epub'));
    pdfText = normalize(spawnSync('pdftotext', [path.join(out, 'mwaka.pdf'), '-'], { encoding: 'utf8' }).stdout);
  });

  it('prints each credit with its own label only, in the e-book', async () => {
    const page = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    expect(texts(page, '.credit-line')).toEqual(['Picha: Zawadi Mwakyusa/Gazeti la Majaribio', `Photograph by ${longLine}`]);
  });

  it('prints each credit with its own label only, in the PDF', () => {
    const credits = pdfText.slice(pdfText.indexOf('Sources and credits'));
    expect(credits).toContain('Picha: Zawadi Mwakyusa/Gazeti la Majaribio');
    expect(credits).toContain(`Photograph by ${maker}`);
    expect(pdfText).not.toMatch(/Photo: (Picha|Photograph)/);
  });

  it('names each maker in the OPF by name alone', async () => {
    const opf = await entryText(zip, 'OEBPS/content.opf');
    const contributors = [...opf.matchAll(/<dc:contributor id="[^"]+">([^<]*)<\/dc:contributor>/g)].map((match) => match[1]);
    expect(contributors).toEqual(['Zawadi Mwakyusa', maker]);
  });

  it('joins the byline in the language of its "By", in both editions and on the page', async () => {
    const title = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    expect(texts(title, '.byline')).toEqual(['By Amani Juma and Neema Mushi']);
    expect(pdfText.toLowerCase()).toContain('by amani juma and neema mushi');
    expect(pdfText.toLowerCase()).not.toContain(' na ');
    const site = parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8'));
    expect(texts(site, '.byline')).toEqual(['By Amani Juma and Neema Mushi']);
    expect(texts(site, '.photo-credit .source-kind')).toEqual(['Picha 1', 'Photograph by 2']);
  });

  it('passes EPUBCheck', () => {
    const check = epubcheck(path.join(out, 'mwaka.epub'));
    expect({ errors: check.errors, warnings: check.warnings }, check.output).toEqual({ errors: 0, warnings: 0 });
  });
});

describe('a Hebrew article’s byline in an English collection', () => {
  it('quotes each name in Hebrew, with the collection’s "By" and "and" between them', async () => {
    const dir = path.join(tempDir(), 'desks');
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-faces'), dir, { recursive: true });
    const file = path.join(dir, 'he-note', 'article.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('authors: ["מרים כץ"]', 'authors: ["מרים כץ", "דוד לוי"]'));
    const out = tempDir();
    const result = runCli(['epub', dir, '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    const contents = await entryText(await openEpub(path.join(out, 'desks.epub')), 'OEBPS/contents.xhtml');
    const byline = /<span class="contents-byline">(.*?)<\/span>\s*\n/s.exec(contents.slice(contents.indexOf('מרים')  - 400))?.[1] ?? '';
    expect(byline).toMatch(/^<span lang="en" xml:lang="en" dir="ltr">By <span lang="he" xml:lang="he" dir="rtl">מרים כץ<\/span> and <span lang="he" xml:lang="he" dir="rtl">דוד לוי<\/span><\/span>$/);
  });
});
