/**
 * A paragraph that leads into a list ("Volunteers should bring the
 * following:") is printed on the page of the list's first item, never left
 * at the foot of the page before. One build at 6x9: seven articles whose
 * lead-in falls ever lower on page 1, so that one of them reaches its foot.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

/** Lines of filler before the lead-in: at 6x9 it crosses page 1's foot in this range. */
const FILLER = [29, 30, 31, 32, 33, 34, 35] as const;
const LEAD_IN = 'Volunteers should bring the following:';
const FIRST_ITEM = 'a pencil and the tally sheet;';

function pageTexts(file: string): string[][] {
  const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
  return text
    .split('\f')
    .filter((page) => page.trim() !== '')
    .map((page) => page.split('\n').map((line) => line.replace(/^•\s*/, '').trim()).filter((line) => line !== ''));
}

describe('a list\'s lead-in line', () => {
  const root = tempDir('galley-lead-in-');
  const out = path.join(root, 'out');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    for (const lines of FILLER) {
      const filler = Array.from({ length: lines }, (_, i) => `Line ${i + 1} of the invented report.`);
      const dir = path.join(root, 'in', `lead-in-${lines}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'article.md'), [
        '---', 'title: "A list after its lead-in"', 'date: 2024-09-02', 'language: en', '---', '',
        ...filler.flatMap((line) => [line, '']),
        LEAD_IN, '', `- ${FIRST_ITEM}`, '- a warm coat, as the shore is windy at dawn;', '- binoculars.', '', 'That is all.', '',
      ].join('\n'));
    }
    built = runCli(['pdf', path.join(root, 'in'), '--out', out, '--page-size', '6x9'], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds every PDF', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('is printed on the page of the list\'s first item', () => {
    const pagesOfLeadIn: number[] = [];
    for (const lines of FILLER) {
      const pages = pageTexts(path.join(out, `lead-in-${lines}.pdf`));
      const leadIn = pages.findIndex((text) => text.includes(LEAD_IN));
      const item = pages.findIndex((text) => text.includes(FIRST_ITEM));
      expect(leadIn, `lead-in-${lines}`).toBeGreaterThanOrEqual(0);
      expect(leadIn, `lead-in-${lines}: the lead-in's page and the first item's`).toBe(item);
      pagesOfLeadIn.push(leadIn + 1);
    }
    // The range reaches the case it is about: the lead-in on page 1 for the shortest, on page 2 for the longest.
    expect(pagesOfLeadIn[0]).toBe(1);
    expect(pagesOfLeadIn.at(-1)).toBe(2);
  });
});
