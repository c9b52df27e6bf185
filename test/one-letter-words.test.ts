/**
 * Polish, Czech and Slovak never leave a one-letter word ("w", "z", "i", "v",
 * "k"…) at the end of a line: the space after it is a no-break space, in the
 * body, the captions, the headline and galley's own words. The function on
 * its own, then a Polish article printed with the real CLI and read back.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { bindOneLetterWords, bindsOneLetterWords } from '../src/manuscript/rehype-single-letter-words.js';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';

const NBSP = '\u00a0';

describe('bindOneLetterWords', () => {
  it("binds each language's one-letter words to the word after them, and nothing else", () => {
    expect(bindOneLetterWords('drzewa w mieście i we Wrzeszczu, a potem z dumą', 'pl')).toBe(`drzewa w${NBSP}mieście i${NBSP}we Wrzeszczu, a${NBSP}potem z${NBSP}dumą`);
    expect(bindOneLetterWords('W Gdańsku „i tak” (o tym)', 'pl-PL')).toBe(`W${NBSP}Gdańsku „i${NBSP}tak” (o${NBSP}tym)`);
    // Czech and Slovak have k, s, v too; Polish has w, not v.
    expect(bindOneLetterWords('k domu s námi v Praze', 'cs')).toBe(`k${NBSP}domu s${NBSP}námi v${NBSP}Praze`);
    expect(bindOneLetterWords('v meste', 'sk')).toBe(`v${NBSP}meste`);
    expect(bindOneLetterWords('v Praze', 'pl')).toBe('v Praze');
    // A letter inside a word, or an initial with its full stop, is no one-letter word.
    expect(bindOneLetterWords('ala ma kota, J. Nowak, 5 w.', 'pl')).toBe(`ala ma kota, J. Nowak, 5 w.`);
    expect(bindOneLetterWords('a word in English', 'en')).toBe('a word in English');
    // Russian and its neighbours bind theirs: "«подарком» к / юбилею" was left at a line's end.
    expect(bindOneLetterWords('«„подарком“ к юбилею», а жители в Москве и я', 'ru')).toBe(`«„подарком“ к${NBSP}юбилею», а${NBSP}жители в${NBSP}Москве и${NBSP}я`);
    expect(bindOneLetterWords('В Києві й у Львові з друзями', 'uk')).toBe(`В${NBSP}Києві й${NBSP}у${NBSP}Львові з${NBSP}друзями`);
    expect(bindOneLetterWords('в София и с приятели', 'bg')).toBe(`в${NBSP}София и${NBSP}с${NBSP}приятели`);
    expect(bindOneLetterWords('у Београду и s prijateljima', 'sr')).toBe(`у${NBSP}Београду и${NBSP}s${NBSP}prijateljima`);
    // A Russian article's Latin "a" or Polish "w" is not Russian.
    expect(bindOneLetterWords('a w', 'ru')).toBe('a w');
    expect(['pl', 'cs', 'sk', 'cs-CZ', 'ru', 'uk', 'be', 'bg', 'sr-Latn'].every(bindsOneLetterWords)).toBe(true);
    expect(bindsOneLetterWords('fr')).toBe(false);
  });

  it('works in a Polish article and in Polish spans of an English one, and leaves code alone', async () => {
    const dir = path.join(tempDir(), 'note');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'article.md'), '---\ntitle: "A note"\ndate: 2024-03-31\n---\n\nShe said :span[w domu i w pracy]{lang=pl} and a word, then `w x` in code.\n');
    const html = toHtml((await loadManuscript(dir)).document.content);
    expect(html).toContain(`w${NBSP}domu i${NBSP}w${NBSP}pracy`);
    expect(html).toContain('and a word');
    expect(html).toContain('<code>w x</code>');
  });
});

describe('a Polish article in print and in the e-book', () => {
  const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'credits-pl');
  const out = tempDir('galley-one-letter-');
  let status: number | null;
  let stderr: string;

  beforeAll(() => {
    ({ status, stderr } = runCli(['build', manuscript, '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() }));
  }, 300_000);

  it('ends no line of the PDF with a one-letter word', () => {
    expect(status, stderr).toBe(0);
    const text = spawnSync('pdftotext', [path.join(out, 'credits-pl.pdf'), '-'], { encoding: 'utf8' }).stdout;
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.filter((line) => /(^|\s)[aiouwz]$/iu.test(line.trim()))).toEqual([]);
  });

  it('carries the no-break spaces in the e-book: headline, body, captions and galley\'s own words', async () => {
    const zip = await openEpub(path.join(out, 'credits-pl.epub'));
    // Polish justified text has soft hyphens at its words' syllables (src/hyphenation.ts): read without them.
    const article = (await entryText(zip, 'OEBPS/article.xhtml')).replaceAll('\u00AD', '');
    expect(article).toContain(`kasztanowiec i${NBSP}każdą`);
    expect(article).toContain(`w${NBSP}zmyślonym ujęciu z${NBSP}kwietnia`);
    expect(await entryText(zip, 'OEBPS/titlepage.xhtml')).toContain(`urzędnicy i${NBSP}wszystkie liczby`);
    expect(await entryText(zip, 'OEBPS/credits.xhtml')).toContain(`Źródła i${NBSP}prawa`);
  });
});

describe('a Russian article in print and in the e-book', () => {
  const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'one-letter-ru');
  const out = tempDir('galley-one-letter-ru-');
  let status: number | null;
  let stderr: string;

  beforeAll(() => {
    ({ status, stderr } = runCli(['build', manuscript, '--out', out], { GALLEY_CACHE_DIR: tempDir() }));
  }, 300_000);

  it('ends no line of the PDF with a one-letter preposition or conjunction (five did: "Станция у реки: к", "собрание к"…)', () => {
    expect(status, stderr).toBe(0);
    const text = spawnSync('pdftotext', ['-layout', path.join(out, 'one-letter-ru.pdf'), '-'], { encoding: 'utf8' }).stdout;
    const lines = text.split('\n').map((line) => line.trimEnd());
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.filter((line) => /(^|\s)[авикосуя]$/iu.test(line))).toEqual([]);
  });

  it('carries the no-break spaces in the e-book: headline and body', async () => {
    const zip = await openEpub(path.join(out, 'one-letter-ru.epub'));
    // Read through the soft hyphens Russian's justified text gets at its words' syllables (src/hyphenation.ts).
    expect((await entryText(zip, 'OEBPS/article.xhtml')).replaceAll('\u00AD', '')).toContain(`«„подарком“ к${NBSP}юбилею», а${NBSP}жители`);
    expect(await entryText(zip, 'OEBPS/titlepage.xhtml')).toContain(`Станция у${NBSP}реки: к${NBSP}юбилею и${NBSP}с${NBSP}надеждой`);
  });
});
