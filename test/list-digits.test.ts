/**
 * A Persian article's numbered lists in Persian digits, as its date and its
 * notes are written ("۱۹ اردیبهشت ۱۴۰۳", a note's "۱."): both editions
 * numbered them "1." "2.", the style sheets' default. Each `ol` now carries
 * the article's digits (data-digits, src/manuscript/rehype-notes.ts), which
 * print.css and the e-book's style.css turn into CSS's `persian` list style.
 * Its numbers are no text, so the face cut down to the text's characters had
 * to be given the list's digits too: the first print had "۱." then an empty
 * box for ۲, ۷ and ۸, digits the text never used.
 *
 * test/fixtures/good/lists-fa: a list of four with a list of two inside, and
 * a list that starts at 7 (to ۱۰). Read from the PDF as poppler gives its
 * text, from the e-book laid out in a headless page, and from calibre's
 * AZW3 of it converted back to EPUB (its style for the list).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { wordsFor } from '../src/words.js';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfText, useBrowserAndTempDir } from './pdf-helpers.js';

const NAME = 'lists-fa';
const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', NAME);
const calibreEnv = { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' };
/** The lists' numbers in the order written: 1–4 with 1–2 inside after 3, then 7–10. */
const NUMBERS = ['۱', '۲', '۳', '۱', '۲', '۴', '۷', '۸', '۹', '۱۰'];

describe('a Persian article’s numbered lists', () => {
  const context = useBrowserAndTempDir('galley-list-digits-');
  const out = tempDir('galley-list-digits-');
  let built: SpawnSyncReturns<string>;
  let book: string;

  beforeAll(async () => {
    built = runCli(['build', fixture, '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    book = tempDir('galley-list-digits-epub-');
    if (built.status === 0) await unzipTo(await openEpub(path.join(out, `${NAME}.epub`)), book);
  }, 240_000);

  it('builds, with every character in a shipped face', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(`${built.stdout}${built.stderr}`).not.toMatch(/no shipped typeface|boxes/);
  });

  it('prints their numbers in Persian digits, each drawn', () => {
    const text = pdfText(path.join(out, `${NAME}.pdf`));
    const body = text.slice(0, text.indexOf(wordsFor('fa').t('credits')));
    // poppler writes an item's line as its marker ".۱" (a dot, then the number) before its words; a digit the face lacks is no text.
    const markers = [...body.matchAll(/^[\u202A-\u202E\s]*\.\s*([^\s\u202A-\u202E]*)\u202C/gmu)].map((marker) => marker[1]);
    expect(markers).toEqual(NUMBERS);
    expect(body).not.toMatch(/[0-9]/);
  });

  it('numbers them in Persian digits in the e-book', async () => {
    const article = readFileSync(path.join(book, 'OEBPS', 'article.xhtml'), 'utf8');
    expect(article.match(/<ol\b[^>]*>/g)).toEqual(['<ol data-digits="arabext">', '<ol data-digits="arabext">', '<ol start="7" data-digits="arabext">']);
    const page = await context.browser.newPage();
    try {
      await page.goto(`file://${path.join(book, 'OEBPS', 'article.xhtml')}`);
      const styles = await page.evaluate(() => [...document.querySelectorAll('ol')].map((ol) => getComputedStyle(ol).listStyleType));
      expect(styles).toEqual(['persian', 'persian', 'persian']);
    } finally {
      await page.close();
    }
  });

  it('keeps the Persian list style through calibre (AZW3, then EPUB)', () => {
    const azw3 = path.join(out, `${NAME}.azw3`);
    const back = path.join(out, `${NAME}-calibre.epub`);
    for (const [from, to] of [[path.join(out, `${NAME}.epub`), azw3], [azw3, back]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env: calibreEnv, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const unzipped = tempDir('galley-list-digits-calibre-');
    const done = spawnSync('unzip', ['-q', back, '-d', unzipped], { encoding: 'utf8' });
    expect(done.status, done.stderr).toBe(0);
    // The article's text; not the navigation document, which calibre sets as the Kindle edition's contents page.
    const html = readdirSync(path.join(unzipped, 'text'))
      .map((file) => readFileSync(path.join(unzipped, 'text', file), 'utf8'))
      .filter((text) => !text.includes('<nav'))
      .join('\n');
    const css = readFileSync(path.join(unzipped, 'stylesheet.css'), 'utf8');
    // calibre moves each element's style into a class of its own: each list's class sets the Persian style.
    const classes = [...html.matchAll(/<ol\b[^>]*class="([^"]+)"/g)].map((ol) => ol[1]!);
    expect(classes).toHaveLength(3);
    for (const name of classes) {
      const rule = new RegExp(`\\.${name.split(/\s+/)[0]} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
      expect(rule, name).toMatch(/list-style-type: persian/);
    }
  }, 400_000);
});
