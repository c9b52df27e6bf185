/**
 * galley's own words in Serbian (in Cyrillic, and in Latin for sr-Latn),
 * Georgian and Armenian (templates/words/sr.json, sr-latn.json, ka.json,
 * hy.json): an article in each, with two authors, a photo, a map, a wire
 * service and a first publication, built to both editions with the real CLI.
 * Its byline, date, credits heading, labels and colophon are in its
 * language, as its table and the language's CLDR date say them; no English
 * word of galley's is left. Before these tables a Georgian article's byline
 * said "By … and …" and its credits were English.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, entryText, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';

type Word = string | Record<string, string>;
const table = (name: string): Record<string, Word> => JSON.parse(readFileSync(path.join(repoRoot, 'templates', 'words', `${name}.json`), 'utf8')) as Record<string, Word>;
const english = table('en');

const CASES = [
  {
    slug: 'words-sr',
    language: 'sr',
    table: 'sr',
    title: 'Трајект поново плови преко језера',
    authors: ['Јована Петровић', 'Марко Јовић'],
    credit: 'Ана Марић/Фото агенција',
    wire: 'Танјуг',
    // Serbian writes its date with ordinal stops: "14. март 2024."
    date: '14. март 2024.',
    byline: 'Текст: Јована Петровић и\u00a0Марко Јовић',
  },
  {
    slug: 'words-sr-latn',
    language: 'sr-Latn',
    table: 'sr-latn',
    title: 'Trajekt ponovo plovi preko jezera',
    authors: ['Jovana Petrović', 'Marko Jović'],
    credit: 'Ana Marić/Foto agencija',
    wire: 'Tanjug',
    date: '14. mart 2024.',
    byline: 'Tekst: Jovana Petrović i\u00a0Marko Jović',
  },
  {
    slug: 'words-ka',
    language: 'ka',
    table: 'ka',
    title: 'ბორანი ტბაზე ისევ დადის',
    authors: ['ნინო ბერიძე', 'გიორგი კაპანაძე'],
    credit: 'ანა მაისურაძე/ფოტოსააგენტო',
    wire: 'ინტერპრესნიუსი',
    date: '14 მარტი, 2024',
    byline: 'ტექსტი: ნინო ბერიძე და გიორგი კაპანაძე',
  },
  {
    slug: 'words-hy',
    language: 'hy',
    table: 'hy',
    title: 'Լաստանավը կրկին երթևեկում է լճով',
    authors: ['Անի Պետրոսյան', 'Արամ Սարգսյան'],
    credit: 'Լիլիթ Հակոբյան/Լուսանկարների գործակալություն',
    wire: 'Արմենպրես',
    date: '14 մարտի, 2024 թ.',
    byline: 'Տեքստը՝ Անի Պետրոսյան և Արամ Սարգսյան',
  },
] as const;
type Case = (typeof CASES)[number];

function article(c: Case): string {
  return `---
title: "${c.title}"
authors: ${JSON.stringify(c.authors)}
date: 2024-03-14
language: ${c.language}
source:
  publication: "${c.title}"
  wire: ["${c.wire}"]
---

${c.title}. ${c.title}. ${c.title}.[^1]

:::figure{src="images/photo.png" alt="${c.title}" credit="${c.credit}" license="CC BY 4.0"}
${c.title}.
:::

:::figure{src="images/map.png" kind="map" alt="${c.title}" credit="${c.credit}"}
${c.title}.
:::

[^1]: ${c.title}.
`;
}

/** A case's word, as its table says it, with its placeholders filled. */
function say(c: Case, key: string, fill: Record<string, string | number> = {}): string {
  const word = table(c.table)[key] ?? english[key]!;
  const text = typeof word === 'string' ? word : word.other!;
  return text.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => String(fill[name]));
}

/** Text without white space of any kind: pdftotext breaks lines and letter-spaced capitals where it likes. */
const squash = (text: string): string => text.replace(/[\s\u00ad]+/g, '');

describe('galley’s words in Serbian, Georgian and Armenian', () => {
  const out = tempDir('galley-words-sr-ka-hy-');
  let built: SpawnSyncReturns<string>;
  const zips = new Map<string, JSZip>();
  const pdfs = new Map<string, string>();

  beforeAll(async () => {
    const folder = tempDir('galley-words-sr-ka-hy-in-');
    for (const c of CASES) {
      const dir = path.join(folder, c.slug);
      mkdirSync(path.join(dir, 'images'), { recursive: true });
      for (const image of ['photo.png', 'map.png']) copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'credits', 'images', image), path.join(dir, 'images', image));
      writeFileSync(path.join(dir, 'article.md'), article(c));
    }
    built = runCli(['build', folder, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status !== 0) return;
    for (const c of CASES) {
      zips.set(c.slug, await openEpub(path.join(out, `${c.slug}.epub`)));
      pdfs.set(c.slug, spawnSync('pdftotext', [path.join(out, `${c.slug}.pdf`), '-'], { encoding: 'utf8' }).stdout);
    }
  }, 300_000);

  it('builds every edition, with no warning but missing hyphenation patterns', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr.split('\n').filter((line) => /warning|error/.test(line) && !/no hyphenation patterns/.test(line))).toEqual([]);
  });

  it.each(CASES)('$slug: the e-book’s byline, date, notes, credits and colophon are in the article’s language', async (c) => {
    const zip = zips.get(c.slug)!;
    const titlepage = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
    // The byline's "and" is CLDR's, bound to the next name where the language binds one-letter words.
    expect(texts(titlepage, '.byline')).toEqual([c.byline.replace(/\u00a0/g, ' ')]);
    expect(await entryText(zip, 'OEBPS/titlepage.xhtml')).toContain(c.byline);
    expect(texts(titlepage, 'time.date')).toEqual([c.date]);
    expect(texts(titlepage, 'title')).toEqual([normalize(say(c, 'titlepage'))]);

    const body = parseHtml(await entryText(zip, 'OEBPS/article.xhtml'));
    expect(texts(body, '.notes-heading')).toEqual([normalize(say(c, 'notes'))]);

    const credits = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    expect(texts(credits, 'h2')).toEqual([normalize(say(c, 'credits'))]);
    expect(texts(credits, 'h3')).toEqual(['pictures', 'originalPublication', 'agencyMaterial'].map((key) => normalize(say(c, key))));
    const lines = texts(credits, '.credit-list .credit-line');
    expect(lines).toEqual([
      say(c, 'creditLine', { label: say(c, 'photo'), line: c.credit }) + say(c, 'licence', { licence: 'CC BY 4.0' }),
      say(c, 'creditLine', { label: say(c, 'map'), line: c.credit }),
    ].map(normalize));
    expect(texts(credits, '.wire-note')).toEqual([normalize(say(c, 'includesMaterialFrom', { agencies: c.wire }))]);

    const colophon = parseHtml(await entryText(zip, 'OEBPS/colophon.xhtml'));
    expect(texts(colophon, 'h2')).toEqual([normalize(say(c, 'colophon'))]);
    expect(texts(colophon, 'time')).toEqual([c.date]);
    // A date that ends with its stop ("2024.", "թ.") ends the sentence: no doubled stop.
    expect(texts(colophon, 'p').join('\n')).not.toMatch(/\.\.|\.։\./);
  });

  it.each(CASES)('$slug: the PDF says the same: byline, date, credits and running foot', (c) => {
    const printed = squash(pdfs.get(c.slug)!);
    for (const text of [c.byline, c.date, say(c, 'creditLine', { label: say(c, 'map'), line: c.credit }), say(c, 'runningFoot', { page: 1, pages: '' })]) {
      expect(printed, text).toContain(squash(text));
    }
    expect(printed).toContain(squash(say(c, 'credits')));
    // The small headings and the figures' credit lines are set in capitals (print.css), every letter in the shipped
    // face cut for the article: Serbian's Р, Љ, Њ and Armenian's Թ, Ր, Ռ were left out of the cut (drawn by a
    // fallback face, or not at all). Georgian keeps Mkhedruli in capitals.
    const capitals = (text: string): string => (c.language === 'ka' ? text : text.toLocaleUpperCase(c.language));
    for (const text of [say(c, 'pictures'), say(c, 'originalPublication'), say(c, 'agencyMaterial'), c.credit]) expect(printed, text).toContain(squash(capitals(text)));
  });

  it.each(CASES)('$slug: no English word of galley’s is left in either edition', async (c) => {
    const zip = zips.get(c.slug)!;
    const files = Object.keys(zip.files).filter((name) => /\.(xhtml|opf)$/.test(name) && !name.endsWith('toc.xhtml'));
    const ebook = (await Promise.all(files.map((name) => entryText(zip, name)))).join('\n').replace(/<[^>]+>/g, ' ');
    for (const text of [ebook, pdfs.get(c.slug)!]) {
      for (const key of ['by', 'credits', 'photo', 'map', 'pictures', 'colophon', 'agencyMaterial', 'notes']) {
        const word = (english[key] as string).replace(/\{[A-Za-z]+\}/g, '').trim();
        expect(text, `${key}: "${word}"`).not.toMatch(new RegExp(`(?<![\\p{L}-])${word}(?![\\p{L}-])`, 'u'));
      }
    }
  });

  it.each(CASES)('$slug: every face in the PDF is a shipped one', (c) => {
    const fonts = spawnSync('pdffonts', [path.join(out, `${c.slug}.pdf`)], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
    for (const font of fonts) expect(font, c.slug).toMatch(/^[A-Z]{6}\+(Literata|NotoSerif)\S* .* yes yes yes/);
  });
});

describe('a byline in words the manuscript gives itself', () => {
  it('joins the names in the language of its own "by", or with its own "and", in both editions and on the download page', async () => {
    const { out, zip } = await buildArticle(
      'own-byline',
      `---
title: "Pasar terapung di kota rekaan"
authors: ["Siti Rahayu", "Budi Santoso"]
date: 2024-03-14
language: id
words: { by: "Oleh {names}" }
---

Pasar terapung di kota rekaan ini buka sejak subuh.
`,
    );
    const titlepage = await entryText(zip, 'OEBPS/titlepage.xhtml');
    // Indonesian, which galley has no table for: its own "Oleh" is followed by Indonesian's "dan", not English's "and".
    expect(texts(parseHtml(titlepage), '.byline')).toEqual(['Oleh Siti Rahayu dan Budi Santoso']);
    expect(spawnSync('pdftotext', [path.join(out, 'own-byline.pdf'), '-'], { encoding: 'utf8' }).stdout).toContain('Oleh Siti Rahayu dan Budi Santoso');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8').replace(/<[^>]+>/g, '')).toContain('Oleh Siti Rahayu dan Budi Santoso');
  }, 120_000);
});
