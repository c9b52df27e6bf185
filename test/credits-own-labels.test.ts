/**
 * A credit written with its own label keeps it, whatever the language, and
 * gets no second one from galley: "Ảnh: …" (Vietnamese, which galley has no
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
title: "Người dân Hà Nội đón Tết"
authors: ["Nguyễn Thị Hường", "Trần Quốc Vượng"]
date: 2025-01-28
language: vi
---

Sáng 28 tháng Giêng, trời Hà Nội lất phất mưa phùn.

:::figure{src="images/photo.png" alt="Chợ hoa" credit="Ảnh: Đặng Thị Ngọc Thuỷ/Báo Thử Nghiệm"}
Chợ hoa Hàng Lược.
:::

:::figure{src="images/map.png" alt="Một bức ảnh dọc" credit="Photograph by ${longLine}"}
Một bức ảnh dọc.
:::

Dòng người vẫn đổ về chợ đến tận khuya.
`;

describe('a credit with its own label, and a byline in one language', () => {
  let out: string;
  let zip: JSZip;
  let pdfText: string;

  beforeAll(async () => {
    const dir = path.join(tempDir(), 'tet');
    cpSync(images, path.join(dir, 'images'), { recursive: true });
    writeFileSync(path.join(dir, 'article.md'), article);
    out = tempDir();
    const result = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    zip = await openEpub(path.join(out, 'tet.epub'));
    pdfText = normalize(spawnSync('pdftotext', [path.join(out, 'tet.pdf'), '-'], { encoding: 'utf8' }).stdout);
  });

  it('prints each credit with its own label only, in the e-book', async () => {
    const page = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    expect(texts(page, '.credit-line')).toEqual(['Ảnh: Đặng Thị Ngọc Thuỷ/Báo Thử Nghiệm', `Photograph by ${longLine}`]);
  });

  it('prints each credit with its own label only, in the PDF', () => {
    const credits = pdfText.slice(pdfText.indexOf('Sources and credits'));
    expect(credits).toContain('Ảnh: Đặng Thị Ngọc Thuỷ/Báo Thử Nghiệm');
    expect(credits).toContain(`Photograph by ${maker}`);
    expect(pdfText).not.toMatch(/Photo: (Ảnh|Photograph)/);
  });

  it('names each maker in the OPF by name alone', async () => {
    const opf = await entryText(zip, 'OEBPS/content.opf');
    const contributors = [...opf.matchAll(/<dc:contributor id="[^"]+">([^<]*)<\/dc:contributor>/g)].map((match) => match[1]);
    expect(contributors).toEqual(['Đặng Thị Ngọc Thuỷ', maker]);
  });

  it('joins the byline in the language of its "By", in both editions and on the page', async () => {
    const title = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    expect(texts(title, '.byline')).toEqual(['By Nguyễn Thị Hường and Trần Quốc Vượng']);
    expect(pdfText.toLowerCase()).toContain('by nguyễn thị hường and trần quốc vượng');
    expect(pdfText.toLowerCase()).not.toContain(' và ');
    const site = parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8'));
    expect(texts(site, '.byline')).toEqual(['By Nguyễn Thị Hường and Trần Quốc Vượng']);
    expect(texts(site, '.photo-credit .source-kind')).toEqual(['Ảnh 1', 'Photograph by 2']);
  });

  it('passes EPUBCheck', () => {
    const check = epubcheck(path.join(out, 'tet.epub'));
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
