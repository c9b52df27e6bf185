/**
 * A paragraph that leads into a list ("Volunteers should bring the
 * following:"), a table or a quotation is printed on the page of what it
 * introduces, never left at the foot of the page before. One build at 6x9:
 * for each, nine articles whose lead-in falls ever lower on page 1, so that
 * one of them reaches its foot.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

/** Lines of filler before the lead-in: at 6x9 it crosses page 1's foot in this range. */
const FILLER = [25, 27, 29, 30, 31, 32, 33, 34, 35] as const;
/** What each kind of block is led into by, its first line as printed, and its Markdown. */
const KINDS = {
  list: {
    leadIn: 'Volunteers should bring the following:',
    first: 'a pencil and the tally sheet;',
    markdown: ['- a pencil and the tally sheet;', '- a warm coat, as the shore is windy at dawn;', '- binoculars.'],
  },
  table: {
    leadIn: 'The tally of the first morning came to this:',
    first: 'Eider',
    markdown: ['| Bird | Count |', '| --- | ---: |', '| Eider | 412 |', '| Shag | 97 |', '| Puffin | 1,306 |'],
  },
  quotation: {
    leadIn: 'The keeper wrote in the margin of the sheet:',
    first: 'The wind backed to the west before noon.',
    markdown: ['> The wind backed to the west before noon.', '>', '> We counted until the light went.'],
  },
} as const;
type Kind = keyof typeof KINDS;

function pageTexts(file: string): string[][] {
  const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
  return text
    .split('\f')
    .filter((page) => page.trim() !== '')
    .map((page) => page.split('\n').map((line) => line.replace(/^•\s*/, '').trim()).filter((line) => line !== ''));
}

describe('the lead-in line of a list, a table or a quotation', () => {
  const root = tempDir('galley-lead-in-');
  const out = path.join(root, 'out');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    for (const [kind, { leadIn, markdown }] of Object.entries(KINDS)) {
      for (const lines of FILLER) {
        const filler = Array.from({ length: lines }, (_, i) => `Line ${i + 1} of the invented report.`);
        const dir = path.join(root, 'in', `${kind}-${lines}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'article.md'), [
          '---', `title: "A ${kind} after its lead-in"`, 'date: 2024-09-02', 'language: en', '---', '',
          ...filler.flatMap((line) => [line, '']),
          leadIn, '', ...markdown, '', 'That is all.', '',
        ].join('\n'));
      }
    }
    built = runCli(['pdf', path.join(root, 'in'), '--out', out, '--page-size', '6x9'], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds every PDF', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it.each(Object.keys(KINDS) as Kind[])('is printed on the page where the %s starts', (kind) => {
    const { leadIn: line, first } = KINDS[kind];
    const pagesOfLeadIn: number[] = [];
    for (const lines of FILLER) {
      const pages = pageTexts(path.join(out, `${kind}-${lines}.pdf`));
      const leadIn = pages.findIndex((text) => text.includes(line));
      const start = pages.findIndex((text) => text.some((printed) => printed.replace(/\s+/g, ' ').includes(first)));
      expect(leadIn, `${kind}-${lines}`).toBeGreaterThanOrEqual(0);
      expect(leadIn, `${kind}-${lines}: the lead-in's page and the ${kind}'s start`).toBe(start);
      pagesOfLeadIn.push(leadIn + 1);
    }
    // The range reaches the case it is about: the lead-in on page 1 for the shortest, on page 2 for the longest.
    expect(pagesOfLeadIn[0]).toBe(1);
    expect(pagesOfLeadIn.at(-1)).toBe(2);
  });
});
