/**
 * The PDF's "Sources and credits" headings are set in tracked capitals; a
 * reader who searches or copies the PDF, or a screen reader reading it,
 * must get each word whole. At 0.1 em of tracking pdftotext read the Polish
 * "ILUSTRACJE" as "ILUSTR ACJE" and the Russian "ПЕРВАЯ ПУБЛИКАЦИЯ" as
 * "ПЕРВА Я ПУБЛИКАЦИЯ" (a kerned pair plus the tracking made a gap it takes
 * for a space). Built by the CLI, read back with pdftotext.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';

const CASES = [
  { name: 'credits-pl', table: 'pl', keys: ['pictures'] },
  { name: 'words-ru', table: 'ru', keys: ['pictures', 'originalPublication', 'agencyMaterial', 'sourcesQuoted', 'rights'] },
  // Vietnamese capitals with two marks stacked over them (Ấ, Ẩ, Ồ): each word whole, each letter composed.
  { name: 'words-vi', table: 'vi', keys: ['pictures', 'originalPublication', 'agencyMaterial', 'sourcesQuoted', 'rights'] },
] as const;

describe('the credits headings of the PDF, as text', () => {
  const out = tempDir('galley-credits-heading-text-');

  beforeAll(() => {
    const result = runCli(['build', ...CASES.map((c) => path.join(repoRoot, 'test', 'fixtures', 'good', c.name)), '--out', out]);
    expect(result.status, result.stderr).toBe(0);
  }, 300_000);

  it.each(CASES)('$name: pdftotext reads each heading word whole', (c) => {
    const table = JSON.parse(readFileSync(path.join(repoRoot, 'templates', 'words', `${c.table}.json`), 'utf8')) as Record<string, string>;
    const lines = spawnSync('pdftotext', [path.join(out, `${c.name}.pdf`), '-'], { encoding: 'utf8' }).stdout.split('\n').map((line) => line.trim());
    for (const key of c.keys) {
      // The heading as printed: the table's words in capitals, any no-break space read as a space.
      const heading = table[key]!.replace(/\u00a0/g, ' ').toLocaleUpperCase(c.table);
      expect(lines, `${key}: ${heading}`).toContain(heading);
    }
  });
});
