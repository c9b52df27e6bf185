/**
 * An article in a language galley has no words for (Uyghur, right to left)
 * is set with galley's English words: each of them is marked `lang="en"`
 * and `dir="ltr"` (a span, isolated, or the element that holds only them),
 * and the article's own names, credit line and date among them keep the
 * article's language and direction, in the e-book, the PDF's structure
 * (/Lang) and the download page, so that a screen reader speaks "Sources and
 * credits" in English and the names in Uyghur, and a full stop stays at the
 * end of its English sentence. The colophon writes the date as the title
 * block does, in Uyghur, not a second time in English.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { entryText, epubcheckAsync, openEpub, parseHtml, repoRoot, runCli, tempDir } from './helpers.js';
import { languageElements } from './pdf-helpers.js';

const NAME = 'words-fallback-ug';
const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', NAME);
const UYGHUR_DATE = '23-مارت، 2024';

/** The `lang` and `dir` in force where the text `needle` first stands in the page's body (the nearest of each among it and its ancestors). */
function languageAt(tree: Root, needle: string): { lang?: string; dir?: string } | undefined {
  const walk = (node: Root | Element, lang: string | undefined, dir: string | undefined): { lang?: string; dir?: string } | undefined => {
    for (const child of node.children) {
      if (child.type === 'text' && child.value.includes(needle)) return { ...(lang ? { lang } : {}), ...(dir ? { dir } : {}) };
      // The page's <title> is text only: it takes the page's language.
      if (child.type === 'element' && child.tagName !== 'title') {
        const found = walk(child, typeof child.properties.lang === 'string' ? child.properties.lang : lang, typeof child.properties.dir === 'string' ? child.properties.dir : dir);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(tree, undefined, undefined);
}

describe('English words in an article galley has no words for', () => {
  const out = tempDir('galley-words-fallback-');
  let built: SpawnSyncReturns<string>;
  let zip: JSZip;
  const page = async (name: string): Promise<Root> => parseHtml(await entryText(zip, `OEBPS/${name}.xhtml`));

  beforeAll(async () => {
    built = runCli(['build', fixture, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) zip = await openEpub(path.join(out, `${NAME}.epub`));
  }, 300_000);

  it('builds, warning only that the words are English', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr.match(/warning: .*/g) ?? []).toEqual([expect.stringMatching(/no words in `ug`/)]);
  });

  it('marks the e-book\'s English words lang="en" dir="ltr", and the article\'s own words among them Uyghur', async () => {
    const english = { lang: 'en', dir: 'ltr' };
    const uyghur = { lang: 'ug', dir: 'rtl' };
    const cases: Array<[string, string, { lang: string; dir: string }]> = [
      ['credits', 'Sources and credits', english],
      ['credits', 'Figure 1', english],
      ['credits', 'Photo: ', english],
      ['credits', 'مۇختەر قادىر', uyghur],
      ['toc', 'Contents', english],
      ['toc', 'Pages of the print edition', english],
      // The navigation's entries for galley's own pages, and its landmarks.
      ['toc', 'Title page', english],
      ['toc', 'Sources and credits', english],
      ['toc', 'Colophon', english],
      ['toc', 'Cover', english],
      ['titlepage', 'By ', english],
      ['titlepage', 'ئايگۈل تۇرسۇن', uyghur],
      ['titlepage', ' and ', english],
      ['titlepage', UYGHUR_DATE, uyghur],
      ['colophon', 'Colophon', english],
      ['colophon', 'Set in Literata', english],
      ['colophon', 'Copyright', english],
      ['colophon', 'beside the Amiri fonts.', english],
      ['colophon', 'Published by', english],
      ['colophon', 'ئويدۇرما گېزىت', uyghur],
      ['colophon', UYGHUR_DATE, uyghur],
    ];
    for (const [name, needle, expected] of cases) expect(languageAt(await page(name), needle), `${name}: ${needle}`).toEqual(expected);
  });

  it('marks each page\'s title in English where galley names the page in English, and the article\'s, its headline, not', async () => {
    // A reading app and a screen reader name the page by its <title>: "Sources and credits" was spoken in Uyghur.
    const titleOf = (tree: Root): Element | undefined => {
      const find = (node: Root | Element): Element | undefined => {
        for (const child of node.children) {
          if (child.type !== 'element') continue;
          if (child.tagName === 'title') return child;
          const found = find(child);
          if (found) return found;
        }
        return undefined;
      };
      return find(tree);
    };
    const said = (title: Element | undefined) => ({ lang: title?.properties.lang, dir: title?.properties.dir });
    for (const name of ['cover', 'titlepage', 'credits', 'colophon', 'toc']) expect(said(titleOf(await page(name))), name).toEqual({ lang: 'en', dir: 'ltr' });
    // The headline is Uyghur, as the page is.
    expect(said(titleOf(await page('article')))).toEqual({ lang: undefined, dir: undefined });
  });

  it('writes the colophon\'s date as the title block does, in Uyghur, in both editions', async () => {
    const colophon = await entryText(zip, 'OEBPS/colophon.xhtml');
    expect(colophon).toContain(UYGHUR_DATE);
    expect(colophon).not.toContain('March 23, 2024');
    const pdf = spawnSync('pdftotext', [path.join(out, `${NAME}.pdf`), '-'], { encoding: 'utf8' }).stdout;
    expect(pdf).toContain('dated');
    expect(pdf).not.toContain('March 23, 2024');
  });

  it('gives the PDF\'s English words a structure element with /Lang (en), and the names in them /Lang (ug)', async () => {
    const tagged = await languageElements(path.join(out, `${NAME}.pdf`));
    const squash = (text: string): string => text.replace(/\s+/g, '').toLowerCase();
    const english = tagged.filter((element) => element.lang === 'en').map((element) => squash(element.text));
    for (const words of ['sourcesandcredits', 'pictures', 'by', 'photo:', 'setinliterata.']) expect(english.some((text) => text.includes(words)), words).toBe(true);
    const uyghur = tagged.filter((element) => element.lang === 'ug').map((element) => squash(element.text));
    expect(uyghur.some((text) => text.includes('مۇختەر')), 'the credit line').toBe(true);
  });

  it('marks the download page\'s date with the article\'s language and direction', () => {
    const site = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(site).toMatch(new RegExp(`<time class="date" datetime="2024-03-23" lang="ug" dir="rtl">${UYGHUR_DATE}</time>`));
  });
});
