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
import { digitsOf, inDigits } from '../src/words.js';
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
    const notes = text.slice(text.indexOf('Notes'), text.indexOf('Sources and credits'));
    // The list's numbers, drawn by the print's list style.
    expect(notes).toMatch(/\.۱\s*$/mu);
    expect(notes).toMatch(/\.۲\s*$/mu);
    expect(notes).not.toMatch(/[0-9]/);
    // The three calls, each a line of its own (a superscript) in poppler's text.
    const body = text.slice(0, text.indexOf('Notes'));
    expect(body.match(/^[۱۲]$/gmu)).toEqual(['۲', '۱', '۱']);
    expect(body).not.toMatch(/^[0-9]$/mu);
  });

  it('give the e-book’s calls and back-links in Persian digits, and keep the spoken label', async () => {
    const article = await entryText(await openEpub(path.join(out, 'notes-fa.epub')), 'OEBPS/article.xhtml');
    const calls = [...article.matchAll(/role="doc-noteref"[^>]*>([^<]*)</g)].map((call) => call[1]);
    expect(calls).toEqual(['۱', '۲', '۱']);
    expect(article).toContain('aria-label="Note 1, back to the text">۱\u00a0↑</a>');
    expect(article).toContain('aria-label="Note 1-2, back to the text">↑<sup>۲</sup></a>');
    expect(article).toContain('aria-label="Note 2, back to the text">۲\u00a0↑</a>');
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
