/**
 * Apostrophes typed as ASCII ' come out as the language writes them, the
 * same in the headline, the byline, the dateline, the text and the
 * metadata: O’Brien and ST. JOHN’S (the byline and dateline were left
 * straight while the rest was curled); Dutch ’s-Hertogenbosch, ’s avonds,
 * ’t Zand, ’n, ’k, ’m and English ’tis, ’twas, ’em, rock ’n’ roll, ’90s with
 * the apostrophe, not an opening quote ‘; Uzbek oʻ and gʻ with the turned
 * comma ʻ (U+02BB) and the tutuq belgisi maʼno with ʼ (U+02BC). Three
 * articles built to both editions with the real CLI.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { smarten } from '../src/manuscript/smarten.js';
import type { Root } from 'hast';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { entryText, openEpub, parseHtml, repoRoot, runCli, tempDir } from './helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
/** The text of each element matching `selector`, its marks as they are (helpers' texts folds the quotes this test reads). */
const texts = (tree: Root, selector: string): string[] => selectAll(selector, tree).map((node) => toString(node).replace(/\s+/g, ' ').trim());
const NAMES = ['apostrophes-en', 'apostrophes-nl', 'apostrophes-uz'] as const;

describe('apostrophes in every field', () => {
  const out = tempDir('galley-apostrophes-');
  let built: SpawnSyncReturns<string>;
  const zips = new Map<string, JSZip>();
  const pdf = (name: string): string => spawnSync('pdftotext', [path.join(out, `${name}.pdf`), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');

  beforeAll(async () => {
    built = runCli(['build', ...NAMES.map(good), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) for (const name of NAMES) zips.set(name, await openEpub(path.join(out, `${name}.epub`)));
  }, 300_000);

  it('builds', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  const cases = [
    {
      name: 'apostrophes-en',
      headline: 'O’Brien’s harbour: a fictional report',
      byline: 'By Siobhán O’Brien and D’Arcy McGee',
      dateline: 'ST. JOHN’S',
      creators: ['Siobhán O’Brien', 'D’Arcy McGee'],
      text: ['’Tis the season', 'rock ’n’ roll from the ’90s, and ’twas ever so', '“Give ’em a song,” says McGee, “and ‘Danny Boy’ first.”'],
      printed: ['By Siobhán O’Brien and D’Arcy McGee · ST. JOHN’S ·'],
    },
    {
      name: 'apostrophes-nl',
      headline: 'Drukte in ’s-Hertogenbosch op ’t Zand',
      byline: 'Door Joost van ’t Hek',
      dateline: '’s-Hertogenbosch',
      creators: ['Joost van ’t Hek'],
      text: ['In ’s-Hertogenbosch was het ’s avonds druk: zo’n', 'naar ’t Zand. ’k Zag ’n man die ’m kende. De foto’s', '‘Het was gezellig’, zei'],
      printed: ['Door Joost van ’t Hek · ’S-HERTOGENBOSCH ·', 'In ’s-Hertogenbosch was het ’s avonds'],
    },
    {
      name: 'apostrophes-uz',
      headline: 'Oʻzbekistonda gʻalla oʻrimi boshlandi',
      byline: 'By Gʻayrat Oʻrinov',
      dateline: 'FARGʻONA',
      creators: ['Gʻayrat Oʻrinov'],
      text: ['Toʻqima xabar. Fargʻona viloyatida oʻn ikkita yangi gʻalla', 'dedi Oʻtkir Gʻulomov. Bu maʼno', '“gʻalla soʻzi hammaga tanish”'],
      printed: ['Oʻzbekistonda gʻalla', 'Toʻqima xabar. Fargʻona'],
    },
  ];

  for (const c of cases) {
    it(`${c.name}: the headline, byline, dateline, text and metadata agree, in the e-book and the PDF`, async () => {
      const zip = zips.get(c.name)!;
      const title = parseHtml(await entryText(zip, 'OEBPS/titlepage.xhtml'));
      // The headline's long words carry soft hyphens for a phone's line (SCREEN_LONGEST_HEADLINE_WORD): read without them.
      expect(texts(title, '.headline').map((text) => text.replace(/\u00ad/g, ''))).toEqual([c.headline]);
      expect(texts(title, '.byline')).toEqual([c.byline]);
      expect(texts(title, '.dateline')).toEqual([c.dateline]);
      const opf = await entryText(zip, 'OEBPS/content.opf');
      expect([...opf.matchAll(/<dc:creator[^>]*>([^<]*)</g)].map((match) => match[1])).toEqual(c.creators);
      // Read as a reader sees it: without tags and without the soft hyphens of a justified Dutch text.
      const article = (await entryText(zip, 'OEBPS/article.xhtml')).replace(/<[^>]*>/g, '').replace(/\u00ad/g, '');
      for (const text of c.text) expect(article).toContain(text);
      const printed = pdf(c.name);
      for (const text of c.printed) expect(printed).toContain(text);
      // No straight apostrophe left anywhere a reader sees, and no opening quote ‘ before an elision.
      for (const page of [opf, article, printed]) expect(page).not.toMatch(/'|‘(?:s|t|n|k|m|tis|twas|em|90)\b/);
    });
  }

  it('keeps quotations that open with those letters or digits quotations', () => {
    expect(smarten("the letter 's' and 'n' alone", 'en')).toBe('the letter ‘s’ and ’n’ alone');
    expect(smarten("Rock 'n' Roll und 'Zitat' in den '80ern", 'de')).toBe('Rock ’n’ Roll und ‚Zitat‘ in den ’80ern');
    expect(smarten("'Kom', zei ze, 'morgen'", 'nl')).toBe('‘Kom’, zei ze, ‘morgen’');
    // 'k and 'm are Dutch; in English a quotation may open so.
    expect(smarten("'m' for 'mother'", 'en')).toBe('‘m’ for ‘mother’');
    // Uzbek in Cyrillic has no such letters: the apostrophe stays one.
    expect(smarten("O'zbekiston", 'uz-Cyrl')).toBe('O’zbekiston');
  });
});
