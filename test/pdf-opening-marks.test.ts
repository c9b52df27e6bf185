/**
 * A collection's article opens a page, and what its headline draws above
 * its first line's box (Amiri's hamza and tanween over "ليلاً") is printed
 * by Chromium at the foot of the page before: it stood between an English
 * collection's contents and the folio. The fixture collection-ar-opening
 * binds an Arabic article after the contents page.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { run } from './pdf-helpers.js';

const ARABIC = /\p{Script=Arabic}/u;

/** Each page's words with the top of their boxes (pdftotext -bbox), in points from the page's top. */
function wordsByPage(file: string): Array<Array<{ text: string; top: number }>> {
  const xml = run('pdftotext', ['-bbox', file, '-']);
  return xml
    .split('<page ')
    .slice(1)
    .map((page) => [...page.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((match) => ({ top: Number(match[1]), text: match[2]! })));
}

describe('an Arabic article opening a page of a collection', () => {
  const out = tempDir('galley-opening-marks-');
  let pages: Array<Array<{ text: string; top: number }>>;

  beforeAll(() => {
    const built = runCli(['pdf', path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-ar-opening'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    pages = wordsByPage(path.join(out, 'collection-ar-opening.pdf'));
  }, 180_000);

  it('prints nothing of its headline on the page before', () => {
    const opening = pages.findIndex((words) => words.some(({ text }) => text.includes('ةبتكم') || text.includes('مكتبة')) && !words.some(({ text }) => text === 'Contents'));
    expect(opening).toBeGreaterThan(0);
    const before = pages[opening - 1]!;
    expect(before.some(({ text }) => text === 'Contents')).toBe(true);
    // The contents name the article at the top of the page; nothing Arabic stands lower, by the folio.
    const listed = Math.max(...before.filter(({ text }) => ARABIC.test(text)).map(({ top }) => top).filter((top) => top < 300));
    expect(before.filter(({ text, top }) => ARABIC.test(text) && top > listed + 100)).toEqual([]);
  });
});
