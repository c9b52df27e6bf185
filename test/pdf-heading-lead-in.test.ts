/**
 * templates/print/print.css: a heading with a short lead-in under it ("A few
 * numbers tell the story:") and a table set whole after them. The heading
 * keeps with its lead-in and the lead-in with the table: where the table did
 * not fit under them, the three went to the next page together, and the page
 * before ended a quarter empty at 6x9. The heading and its lead-in now end
 * that page. One build at 6x9, the heading falling ever lower on page 1.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';
import { pdfLines } from './pdf-helpers.js';

/** Lines of filler before the heading: at 6x9 the table stops fitting under it on page 1 in this range. */
const FILLER = [18, 20, 22, 24, 26, 28];
const TABLE = ['| Section | Gauge | Built |', '| --- | --- | ---: |', ...['Przemyśl', 'Mostyska', 'Sambir', 'Stryi', 'Lviv', 'Kyiv'].map((town, i) => `| ${town} | 1,520 mm | ${1861 + i * 7} |`)];

describe('a heading, its short lead-in and a table set whole', () => {
  const root = tempDir('galley-heading-lead-in-');
  const out = path.join(root, 'out');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    for (const lines of FILLER) {
      const dir = path.join(root, 'in', `filler-${lines}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'article.md'), [
        '---', 'title: "A railway older than the country"', 'date: 2024-02-24', '---', '',
        ...Array.from({ length: lines }, (_, i) => [`Line ${i + 1} of the invented report.`, '']).flat(),
        '## The gauges', '', 'A few numbers tell the story:', '', ...TABLE, '', 'That is all.', '',
      ].join('\n'));
    }
    built = runCli(['pdf', path.join(root, 'in'), '--out', out, '--page-size', '6x9'], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds every PDF', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('ends page 1 with the heading and its lead-in where the table goes on to page 2, never with the heading alone', () => {
    let parted = 0;
    for (const lines of FILLER) {
      const pages = pdfLines(path.join(out, `filler-${lines}.pdf`));
      const [first, second] = [pages[0]!, pages[1]];
      const on = (page: typeof first | undefined, start: string): boolean => page?.lines.some((line) => line.text.startsWith(start)) ?? false;
      const tableFirst = on(first, 'Przemyśl');
      if (!tableFirst) {
        // The table went on: the heading and its lead-in stayed behind, at page 1's foot.
        expect(on(first, 'The gauges') && on(first, 'A few numbers'), `filler-${lines}: page 1 ends with the heading and its lead-in`).toBe(true);
        expect(on(second, 'Przemyśl'), `filler-${lines}`).toBe(true);
        parted++;
      }
      // Never the heading alone at a page's foot.
      expect(on(first, 'The gauges') && !on(first, 'A few numbers'), `filler-${lines}`).toBe(false);
    }
    // The range reaches the case it is about.
    expect(parted).toBeGreaterThan(0);
    expect(parted).toBeLessThan(FILLER.length);
  });
});
