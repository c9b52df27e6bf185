/**
 * A note called after a figure whose digits are grouped by spaces (Ukrainian
 * "2 690[^2]", in a column of whole numbers and in one of decimals): the
 * number stands a hair after its figure, nearer than the figure's groups
 * stand to each other, so that it never reads as a further group
 * ("2 690 ²"); still apart from it (test/table-phone.test.ts), and hanging
 * past the column, the figure's units under the others'
 * (test/table-figures.test.ts). In the PDF, the e-book on a 360 px screen,
 * and through calibre's AZW3. One build at letter.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';
import { openEbookArticle, pdfLines, useBrowserAndTempDir } from './pdf-helpers.js';

const ARTICLE = `---
title: "Лічильники на мосту"
date: 2025-03-01
language: uk
---

Місто, міст і всі цифри тут вигадані. Лічильники рахували поїздки щодня.

| Рік | Поїздок за добу | Зміна, % |
|---|---:|---:|
| 2019 | 1 240 | 1,4 |
| 2023 | 2 690[^2] | 8[^1] |

[^1]: Вигадане, як і решта.
[^2]: Травень мав більше дощових днів.
`;

interface PrintedWord { top: number; left: number; right: number; text: string }

describe('a note called after a figure grouped by spaces', () => {
  const context = useBrowserAndTempDir('galley-table-call-groups-ebook-');
  const root = tempDir('galley-table-call-groups-');
  const out = path.join(root, 'out');
  const epub = path.join(out, 'bridge.epub');
  let built: SpawnSyncReturns<string>;
  let words: PrintedWord[];

  beforeAll(() => {
    const dir = path.join(root, 'in', 'bridge');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'article.md'), ARTICLE);
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) words = pdfLines(path.join(out, 'bridge.pdf'))[0]!.lines.flatMap((line) => line.words.map((word) => ({ ...word, top: line.top })));
  }, 240_000);

  /** The printed words on the line of the word `first`, left to right. */
  const row = (first: string): PrintedWord[] => {
    const start = words.find((word) => word.text === first)!;
    return words.filter((word) => Math.abs(word.top - start.top) < 1).sort((a, b) => a.left - b.left);
  };

  it('builds', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('prints the number nearer its figure than the figure\'s groups stand, apart from it, the units in line', () => {
    const later = row('2023');
    expect(later.map((word) => word.text)).toEqual(['2023', '2', '690', '1', '8', '2']);
    const [, thousands, units, call, eight, callAfterEight] = later as [PrintedWord, PrintedWord, PrintedWord, PrintedWord, PrintedWord, PrintedWord];
    const group = units.left - thousands.right;
    const gap = call.left - units.right;
    // Before: the call stood 2.3 pt after "690", the "690" 1.9 pt after the "2".
    expect(gap).toBeLessThan(0.75 * group);
    expect(gap).toBeGreaterThan(0.5);
    // The same after a figure of the column of decimals (its hidden ",0" after the call).
    expect(Math.abs(callAfterEight.left - eight.right - gap)).toBeLessThan(0.3);
    // The call still hangs: "690" under "240".
    const earlier = row('2019');
    expect(Math.abs(earlier[2]!.right - units.right)).toBeLessThan(0.5);
  });

  it('sets it so in the e-book on a 360 px screen', async () => {
    const page = await openEbookArticle(context, epub, 'book');
    try {
      const found = await page.evaluate(() => {
        // Where a cell's characters of its figure (its first text) and its note's number stand.
        const edges = (cell: Element) => {
          const text = cell.firstChild!;
          const char = (index: number) => {
            const range = document.createRange();
            range.setStart(text, index);
            range.setEnd(text, index + 1);
            return range.getBoundingClientRect();
          };
          const length = text.textContent!.length;
          return { text: text.textContent!, first: char(0), second: length > 2 ? char(2) : undefined, last: char(length - 1), call: cell.querySelector('.note-hang sup')?.getBoundingClientRect(), right: cell.getBoundingClientRect().right };
        };
        const rows = [...document.querySelector('table')!.rows].slice(1).map((tr) => [...tr.cells].slice(1).map(edges));
        return rows.map((cells) => cells.map(({ text, first, second, last, call, right }) => ({ text, group: second ? second.left - first.right : 0, lastRight: last.right, gap: call ? call.left - last.right : undefined, right })));
      });
      const [earlier, later] = found as [typeof found[number], typeof found[number]];
      expect(later.map((cell) => cell.text)).toEqual(['2\u00a0690', '8']);
      const [whole, decimal] = later as [typeof later[number], typeof later[number]];
      expect(whole.gap!).toBeLessThan(0.75 * whole.group);
      expect(whole.gap!).toBeGreaterThan(0.5);
      expect(Math.abs(decimal.gap! - whole.gap!)).toBeLessThan(0.3);
      // "690" under "240".
      expect(Math.abs(earlier[0]!.lastRight - whole.lastRight)).toBeLessThan(0.5);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('keeps the number drawn back over its space through calibre (AZW3, then EPUB)', () => {
    const azw3 = path.join(out, 'bridge.azw3');
    const back = path.join(out, 'bridge-back.epub');
    for (const [from, to] of [[epub, azw3], [azw3, back]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' }, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const dir = path.join(out, 'back');
    expect(spawnSync('unzip', ['-q', '-o', back, '-d', dir]).status).toBe(0);
    const files = (sub: string, ext: string) => readdirSync(path.join(dir, sub)).filter((name) => name.endsWith(ext)).map((name) => readFileSync(path.join(dir, sub, name), 'utf8'));
    const html = [...files('.', '.html'), ...files('text', '.html')].join('\n');
    const css = files('.', '.css').join('\n');
    // calibre gives the call one class, its rule whole.
    const sup = /690<span class="[^"]+">[\u00a0 ]<sup class="([^"]+)"/.exec(html);
    expect(sup, 'the call after 2 690').not.toBeNull();
    const rule = new RegExp(`(?:^|\\})\\s*\\.${sup![1]!.split(' ')[0]}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
    expect(rule).toMatch(/margin-left:\s*-0?\.1\d*em/);
  }, 200_000);
});
