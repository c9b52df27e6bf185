/**
 * A reader's own font in the e-book. Reading apps set it on the body
 * (epub.js's themes.override) or on the root (Readium CSS) with
 * `!important`, and every element inherits it, save one the style sheet
 * gives a face of its own. A name marked with its language
 * (`:span[Дмитрий Щербаков]{lang=ru}`) stayed in Literata, because a rule on
 * every element with a lang set the face list again; now only text in
 * another language inside a language set in a face of its own (Japanese,
 * Chinese, Korean, Serbian…) goes back to the common list, and a Japanese
 * name in an English text keeps Noto Serif JP.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { showAt, withPage } from './screen-helpers.js';

const READER_FONT = '"DejaVu Sans", sans-serif';

const articles = {
  names: { language: 'en', text: 'The meeting between Paweł Żółtowski and :span[Дмитрий Щербаков]{lang=ru} took place in :span[Szczebrzeszyn]{lang=pl}, and :span[山田太郎]{lang=ja} spoke.' },
  tokyo: { language: 'ja', text: '市議会は火曜日の夜に会合を開き、:span[The Harbour Courier]{lang=en}の記者が報告した。' },
};

describe('the reader’s own font', () => {
  const context = useBrowserAndTempDir('galley-reader-font-');
  const pages = new Map<string, string>();

  beforeAll(async () => {
    const manuscripts = tempDir('galley-reader-font-ms-');
    for (const [slug, article] of Object.entries(articles)) {
      mkdirSync(path.join(manuscripts, slug));
      writeFileSync(path.join(manuscripts, slug, 'article.md'), `---\ntitle: "Names"\nauthors: ["Ann Reader"]\ndate: 2024-05-02\nlanguage: ${article.language}\n---\n\n${article.text}\n`);
    }
    const out = tempDir('galley-reader-font-out-');
    const result = runCli(['epub', manuscripts, '--out', out, '--no-page-list']);
    expect(result.status, result.stderr).toBe(0);
    for (const slug of Object.keys(articles)) {
      const book = tempDir(`galley-reader-font-${slug}-`);
      await unzipTo(await openEpub(path.join(out, `${slug}.epub`)), book);
      pages.set(slug, path.join(book, 'OEBPS', 'article.xhtml'));
    }
  }, 180_000);

  /** The face list of each marked span of `slug`'s article, with the reader's font set on `where`. */
  async function spanFaces(slug: string, where: 'body' | 'root'): Promise<Record<string, string>> {
    return withPage(context.browser, async (page) => {
      await showAt(page, pages.get(slug)!, 360);
      await page.evaluate(
        (font, on) => (on === 'body' ? document.body : document.documentElement).style.setProperty('font-family', font, 'important'),
        READER_FONT,
        where,
      );
      return page.$$eval('section p span[lang]', (spans) => Object.fromEntries(spans.map((span) => [span.getAttribute('lang')!, getComputedStyle(span).fontFamily])));
    });
  }

  it.each(['body', 'root'] as const)('sets a name marked as Russian or Polish in the reader’s font set on the %s, and a Japanese one in its own face', async (where) => {
    const faces = await spanFaces('names', where);
    expect(faces.ru).toBe(READER_FONT);
    expect(faces.pl).toBe(READER_FONT);
    expect(faces.ja).toMatch(/^"Noto Serif JP"/);
  });

  it('sets English inside a Japanese text in the common list, Literata first, not in Noto Serif JP', async () => {
    const faces = await spanFaces('tokyo', 'body');
    expect(faces.en).toMatch(/^Literata,/);
  });
});
