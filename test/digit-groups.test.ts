/**
 * A number grouped with spaces ("649 851", "9 000") in a language that groups
 * its digits so stays on one line, in both editions and the headline; English
 * numbers side by side ("in 2024 1,000 people") are left alone. The function
 * on its own, then a Spanish article (test/fixtures/good/digit-groups: forty
 * amounts in one paragraph, of which three broke across lines at letter size)
 * printed with the real CLI and read back.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindDigitGroups, groupsDigitsWithSpace } from '../src/line-breaks.js';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';

const NBSP = '\u00a0';

describe('bindDigitGroups', () => {
  it('binds the groups of a number in a language that groups digits with a space, and nothing else', () => {
    expect(bindDigitGroups('con 649 851 euros y 9 000 habitantes, 2 300 000 en total, 1 234,5 m', 'es')).toBe(`con 649${NBSP}851 euros y 9${NBSP}000 habitantes, 2${NBSP}300${NBSP}000 en total, 1${NBSP}234,5 m`);
    expect(bindDigitGroups('9 000 habitants', 'fr')).toBe(`9${NBSP}000 habitants`);
    expect(bindDigitGroups('2 300 asukasta', 'fi')).toBe(`2${NBSP}300 asukasta`);
    // A year, a four-digit group, a group of two, a decimal's digits: not a grouped number.
    expect(bindDigitGroups('en 2024 1 000 personas, 12 34, 0,5 000, 1 2345', 'es')).toBe(`en 2024 1${NBSP}000 personas, 12 34, 0,5 000, 1 2345`);
    // English and German group with a comma or a full stop: two numbers may stand side by side.
    expect(bindDigitGroups('in 2024 1,000 people; page 12 345', 'en')).toBe('in 2024 1,000 people; page 12 345');
    expect(bindDigitGroups('Seite 12 345', 'de')).toBe('Seite 12 345');
    expect(['es', 'es-ES', 'pt-PT', 'fr', 'fr-CA', 'fi', 'sv', 'pl', 'cs', 'ru', 'uk', 'nb', 'et', 'hu'].every(groupsDigitsWithSpace)).toBe(true);
    expect(['en', 'de', 'nl', 'it', 'pt-BR', 'ja', 'not a tag'].some(groupsDigitsWithSpace)).toBe(false);
  });
});

describe('a Spanish article of amounts in print and in the e-book', () => {
  const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'digit-groups');
  const out = tempDir('galley-digit-groups-');
  let status: number | null;
  let stderr: string;

  beforeAll(() => {
    ({ status, stderr } = runCli(['build', manuscript, '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() }));
  }, 300_000);

  it('breaks no line of the PDF inside an amount ("con 649" / "851 euros" did)', () => {
    expect(status, stderr).toBe(0);
    const text = spawnSync('pdftotext', ['-layout', path.join(out, 'digit-groups.pdf'), '-'], { encoding: 'utf8' }).stdout;
    const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(15);
    const splits = lines.flatMap((line, i) => (/(^|\s)\d{1,3}$/u.test(line) && /^\d{3}(\s|$)/u.test(lines[i + 1] ?? '') ? [`${line} / ${lines[i + 1]}`] : []));
    expect(splits).toEqual([]);
    expect(text).toMatch(/649[ \u00a0]851 euros/u);
  });

  it('carries the no-break spaces in the e-book: headline and body, not in an English span', async () => {
    const zip = await openEpub(path.join(out, 'digit-groups.epub'));
    const article = await entryText(zip, 'OEBPS/article.xhtml');
    expect(article).toContain(`con 649${NBSP}851 euros`);
    expect(article).toContain(`compte 9${NBSP}000 habitants`);
    expect(article).toContain('in 2024 1,000 people came and 12 345 is not');
    expect(await entryText(zip, 'OEBPS/content.opf')).toContain(`gastará 2${NBSP}300${NBSP}000 euros`);
  });
});
