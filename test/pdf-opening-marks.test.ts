/**
 * What a line opening a page draws above its box (Amiri's hamza and tanween
 * over "ليلاً") is printed by Chromium at the foot of the page before: a
 * collection's Arabic headline stood between an English collection's
 * contents and the folio (the fixture collection-ar-opening binds an Arabic
 * article after the contents page), and so did an Arabic article's section
 * heading where it opened a page (articles whose heading falls ever lower
 * on page 1, so that it opens page 2 in some).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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

/** Words between a page's text and its folio: none should stand there (the folio is the page's lowest line). */
function belowTheText(words: Array<{ text: string; top: number }>): string[] {
  const folio = Math.max(...words.map(({ top }) => top));
  return words.filter(({ top }) => top > folio - 25 && top < folio - 2).map(({ text }) => text);
}

describe('an Arabic section heading opening a page', () => {
  const FILLER = [15, 16, 17, 18, 19, 20] as const;
  const HEADING = 'إلى أبوابها ليلاً آخر الأسبوع';
  const root = tempDir('galley-opening-marks-h2-');
  const out = path.join(root, 'out');

  beforeAll(() => {
    for (const paragraphs of FILLER) {
      const dir = path.join(root, 'in', `h2-${paragraphs}`);
      mkdirSync(dir, { recursive: true });
      const filler = 'هذا المقال من نسج الخيال: المكتبة والأشخاص والأرقام مخترعة. قررت مكتبة الحي أن تفتح أبوابها حتى منتصف الليل طوال فصل الصيف، بعد أن طلب ذلك أكثر من ثلاثمئة قارئ.';
      writeFileSync(path.join(dir, 'article.md'), ['---', 'title: "مكتبة الحي"', 'date: 2024-05-28', 'language: ar', '---', '', ...Array.from({ length: paragraphs }, () => [filler, '']).flat(), `## ${HEADING}`, '', 'قالت مديرة المكتبة إن الفكرة بدأت بطلاب الجامعة.', ''].join('\n'));
    }
    const built = runCli(['pdf', path.join(root, 'in'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
  }, 180_000);

  it('prints nothing of it on the page before', () => {
    let opened = 0;
    for (const paragraphs of FILLER) {
      const pages = wordsByPage(path.join(out, `h2-${paragraphs}.pdf`));
      for (const words of pages.slice(0, -1)) expect(belowTheText(words), `h2-${paragraphs}`).toEqual([]);
      // The heading's last word ("الأسبوع", read backwards by poppler) on page 2's first line below the running head.
      const second = pages[1]?.filter(({ top }) => top > 60).sort((a, b) => a.top - b.top);
      if (second?.[0] && second.filter(({ top }) => top === second[0]!.top).some(({ text }) => text === 'عوبسألا')) opened++;
    }
    // The range reaches the case it is about.
    expect(opened).toBeGreaterThan(0);
  });
});

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
