/**
 * A wide table in print (more than six columns, set smaller): laid out by its
 * content. A league table's nine columns of figures stand as narrow as their
 * figures and the clubs' names keep whole on the line of their row, at every
 * page size; set in equal columns, "Northport" printed as "Northpor / t" and
 * "Wanderers" as "Wandere / rs" beside half-empty columns of two-digit
 * numbers. A table whose longest words cannot fit the measure side by side
 * is set in equal columns, smaller still, every word that breaks hyphenated
 * (names too), and nothing passes the measure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';
import { pdfLines, pdfText } from './pdf-helpers.js';

const CLUBS = ['Harbour FC', 'Northport United', "Saint Brigid's Athletic", 'Eastbay Rovers', 'Westfield Town', 'Kilmore Celtic', 'Redcliffe Wanderers'];
const SIZES = ['letter', 'a4', '6x9'] as const;

const LONG_WORDS = ['Internationalisation', 'Characteristically', 'Telecommunications', 'Responsibilities', 'Misunderstandings', 'Counterproductive', 'Institutionalised', 'Incomprehensibility', 'Disproportionately', 'Uncharacteristically'];

function article(title: string, table: string[]): string {
  return [
    '---', `title: "${title}"`, 'date: 2023-05-28', 'language: en', '---', '',
    'The season ended on Saturday with Harbour FC top of the table by four points, after a win over Northport at home.', '',
    ...table, '',
    'That is the whole table.', '',
  ].join('\n');
}

describe('a wide table in print', () => {
  const root = tempDir('galley-wide-table-');
  const built = new Map<string, SpawnSyncReturns<string>>();
  const pdf = (name: string, size: string): string => path.join(root, `out-${size}`, `${name}.pdf`);

  beforeAll(() => {
    const league = path.join(root, 'in', 'league');
    const crowded = path.join(root, 'in', 'crowded');
    mkdirSync(league, { recursive: true });
    mkdirSync(crowded, { recursive: true });
    writeFileSync(path.join(league, 'article.md'), article('Final standings', [
      '| Pos | Club | P | W | D | L | GF | GA | GD | Pts |',
      '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...CLUBS.map((club, i) => `| ${i + 1} | ${club} | 30 | ${21 - 3 * i} | ${5 + (i % 3)} | ${4 + 3 * i} | ${68 - 7 * i} | ${24 + 7 * i} | ${i < 4 ? '+' : '−'}${Math.abs(44 - 15 * i)} | ${68 - 9 * i} |`),
    ]));
    writeFileSync(path.join(crowded, 'article.md'), article('Crowded', [
      `| ${LONG_WORDS.map((_, i) => `Part ${i + 1}`).join(' | ')} |`,
      `|${' --- |'.repeat(LONG_WORDS.length)}`,
      ...[0, 1, 2, 3].map((row) => `| ${LONG_WORDS.map((_, i) => LONG_WORDS[(i + row) % LONG_WORDS.length]).join(' | ')} |`),
    ]));
    for (const size of SIZES) built.set(size, runCli(['pdf', league, crowded, '--page-size', size, '--out', path.join(root, `out-${size}`)], { GALLEY_CACHE_DIR: tempDir() }));
  }, 240_000);

  it.each(SIZES)('prints every club whole on the line of its row, its figures after it (%s)', (size) => {
    expect(built.get(size)!.status, built.get(size)!.stderr).toBe(0);
    const lines = pdfText(pdf('league', size), true).split('\n');
    const broken = CLUBS.filter((club, i) => !lines.some((line) => new RegExp(`^\\s*${i + 1}\\s+${club.replace("'", '[\'’]')}\\s+30\\s+${21 - 3 * i}\\s`).test(line)));
    expect(broken).toEqual([]);
  });

  it.each(SIZES)('keeps a crowded table within the measure, each word that breaks hyphenated (%s)', (size) => {
    const [page] = pdfLines(pdf('crowded', size));
    const prose = page!.lines.filter((line) => line.text.startsWith('The season') || line.text.startsWith('That is'));
    const measureRight = Math.max(...prose.map((line) => line.right));
    const table = page!.lines.filter((line) => line.top > prose[0]!.bottom && line.top < prose.at(-1)!.top);
    expect(table.length).toBeGreaterThan(8);
    for (const line of table) expect(line.right, line.text).toBeLessThanOrEqual(measureRight + 0.5);
    // Every piece of a long word is the word's start ending in a hyphen, or its end: none cut off without one.
    const pieces = table.flatMap((line) => line.words.map((word) => word.text)).filter((word) => !/^(Part|\d+)$/.test(word));
    const cut = pieces.filter((piece) => !LONG_WORDS.includes(piece) && !piece.endsWith('-') && !LONG_WORDS.some((word) => word.endsWith(piece) && word !== piece));
    expect(cut).toEqual([]);
    expect(pieces.filter((piece) => piece.endsWith('-')).length).toBeGreaterThan(0);
  });
});
