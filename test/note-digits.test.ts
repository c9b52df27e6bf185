/**
 * A Persian article's notes in Persian digits, as its text, its date and
 * its download page write numbers (test/fixtures/good/notes-fa: two notes,
 * the first called twice): the calls, the print's note numbers and the
 * e-book's back-links read "۱", "۱.", "۱ ↑ ↑۲", where they read "1", "1.",
 * "1 ↑ ↑2" beside "۱۹ اردیبهشت ۱۴۰۳". Read from the PDF as poppler gives it,
 * from the e-book's markup, and from calibre's text of the e-book (AZW3, then
 * text), which shows the numbers as written, with no list counter of its own.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { digitsOf, inDigits, wordsFor } from '../src/words.js';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'notes-fa');

describe('the digits of a language', () => {
  it('are those its date is written in', () => {
    expect(digitsOf('fa')).toBe('arabext');
    expect(digitsOf('bn')).toBe('beng');
    expect(digitsOf('ar-EG')).toBe('arab');
    for (const latin of ['en', 'ar', 'ur', 'hi', 'he']) expect(digitsOf(latin), latin).toBe('latn');
    expect(inDigits('12 ↑2', 'arabext')).toBe('۱۲ ↑۲');
    expect(inDigits('12', 'latn')).toBe('12');
  });
});

describe('a Persian article’s notes', () => {
  const out = tempDir('galley-note-digits-');
  let built: SpawnSyncReturns<string>;
  beforeAll(() => {
    built = runCli(['build', fixture, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds, with every character in a shipped face', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(`${built.stdout}${built.stderr}`).not.toMatch(/no shipped typeface|boxes/);
  });

  it('print their calls and numbers in Persian digits', () => {
    const text = pdfText(path.join(out, 'notes-fa.pdf'));
    const persian = wordsFor('fa');
    const notes = text.slice(text.indexOf(persian.t('notes')), text.indexOf(persian.t('credits')));
    // The list's numbers, drawn by the print's list style.
    // poppler sets the marker at the line's end or, in a line it reads right to left, at its start.
    expect(notes).toMatch(/^[\u202a-\u202e\s]*\.۱[\u202c\s]|\.۱\s*$/mu);
    expect(notes).toMatch(/^[\u202a-\u202e\s]*\.۲[\u202c\s]|\.۲\s*$/mu);
    expect(notes).not.toMatch(/[0-9]/);
    // The three calls, each a line of its own (a superscript) in poppler's text.
    // (Without the marks poppler wraps a right-to-left page's runs in.)
    const body = text.slice(0, text.indexOf(persian.t('notes'))).replace(/[\u202a-\u202e]/g, '');
    expect(body.match(/^[۱۲]$/gmu)).toEqual(['۲', '۱', '۱']);
    expect(body).not.toMatch(/^[0-9]$/mu);
  });

  it('give the e-book’s calls and back-links in Persian digits, and keep the spoken label', async () => {
    const article = await entryText(await openEpub(path.join(out, 'notes-fa.epub')), 'OEBPS/article.xhtml');
    const calls = [...article.matchAll(/role="doc-noteref"[^>]*>([^<]*)</g)].map((call) => call[1]);
    expect(calls).toEqual(['۱', '۲', '۱']);
    // The spoken label in Persian, its numbers in Persian digits too.
    expect(article).toContain('aria-label="پی‌نوشت ۱، بازگشت به متن">۱\u00a0↑</a>');
    expect(article).toContain('aria-label="پی‌نوشت ۱-۲، بازگشت به متن">↑<sup>۲</sup></a>');
    expect(article).toContain('aria-label="پی‌نوشت ۲، بازگشت به متن">۲\u00a0↑</a>');
  });

  it('keep them in calibre’s text of the e-book', () => {
    const azw3 = path.join(out, 'notes-fa.azw3');
    const txt = path.join(out, 'notes-fa.txt');
    for (const [from, to] of [[path.join(out, 'notes-fa.epub'), azw3], [azw3, txt]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' }, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const text = readFileSync(txt, 'utf8');
    expect(text).toMatch(/۱[\u00a0 ]↑ ↑۲ آمار/u);
    expect(text).toMatch(/۲[\u00a0 ]↑ به گفتهٔ/u);
    expect(text).toContain('گشود.۱');
    expect(text).not.toMatch(/[0-9][\u00a0 ]↑/);
  }, 200_000);
});
