/**
 * The print edition's notes stand under a visible heading, in the words of the
 * article's language, as the e-book's do; and the heading is never the last
 * line of a page. One build: a German article with notes, and seven English
 * ones whose notes fall ever lower on page 1, so that one of them reaches the
 * foot of the page.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';

/** Lines of filler before the notes: at US Letter the notes' heading crosses page 1's foot in this range. */
const FILLER = [29, 30, 31, 32, 33, 34, 35] as const;

function pageTexts(file: string): string[][] {
  const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
  return text
    .split('\f')
    .filter((page) => page.trim() !== '')
    .map((page) => page.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^(page|Seite) \d+ (of|von) \d+$/.test(line)));
}

describe('the PDF\'s notes heading', () => {
  const root = tempDir('galley-notes-heading-');
  const out = path.join(root, 'out');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    const write = (name: string, text: string): void => {
      mkdirSync(path.join(root, 'in', name), { recursive: true });
      writeFileSync(path.join(root, 'in', name, 'article.md'), text);
    };
    write('anmerkungen', [
      '---', 'title: "Ein erfundener Bericht"', 'date: 2024-09-02', 'language: de', '---', '',
      'Die Zählung begann im Morgengrauen.[^1] Sie endete am Abend.[^2]', '',
      '[^1]: Eine erfundene Anmerkung.', '',
      '[^2]: Noch eine.', '',
    ].join('\n'));
    for (const lines of FILLER) {
      const filler = Array.from({ length: lines }, (_, i) => `Line ${i + 1} of the invented report.`);
      write(`foot-${lines}`, ['---', 'title: "Notes at the foot of a page"', 'date: 2024-09-02', 'language: en', '---', '', 'The count began at dawn.[^1]', '', ...filler.flatMap((line) => [line, '']), '[^1]: An invented note for the sample.', ''].join('\n'));
    }
    built = runCli(['pdf', path.join(root, 'in'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds every PDF', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('prints the heading in the article\'s language, right above the first note', () => {
    const lines = pageTexts(path.join(out, 'anmerkungen.pdf')).flat();
    const heading = lines.indexOf('Anmerkungen');
    expect(heading, lines.join('\n')).toBeGreaterThan(0);
    expect(lines[heading + 1]).toBe('1. Eine erfundene Anmerkung.');
    expect(lines.join('\n')).not.toMatch(/Footnotes/);
  });

  it('never leaves the heading last on a page: it goes on with its first note', () => {
    const ends: string[] = [];
    for (const lines of FILLER) {
      const pages = pageTexts(path.join(out, `foot-${lines}.pdf`));
      const page = pages.findIndex((text) => text.includes('Notes'));
      expect(page, `foot-${lines}`).toBeGreaterThanOrEqual(0);
      const text = pages[page]!;
      expect(text.at(-1), `foot-${lines}, page ${page + 1}`).not.toBe('Notes');
      expect(text[text.indexOf('Notes') + 1], `foot-${lines}`).toBe('1. An invented note for the sample.');
      ends.push(`${lines}:${page + 1}`);
    }
    // The range reaches the case it is about: the notes on page 1 for the shortest, on page 2 for the longest.
    expect(ends[0]).toBe(`${FILLER[0]}:1`);
    expect(ends.at(-1)).toBe(`${FILLER.at(-1)}:2`);
  });
});
