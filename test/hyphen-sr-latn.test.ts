/**
 * Serbian written in Latin letters (`sr-Latn`, and `sh`, `sr-ME`, which are
 * written so) is hyphenated by the Latin patterns (hyphen's `sh-latn`):
 * `sr` and `sh` there are the Cyrillic patterns, which broke no Latin word,
 * so a Serbian Latin article (test/fixtures/good/hyphen-sr-latn) had no
 * hyphen in its print and no soft hyphen in its e-book, where a Serbian
 * Cyrillic one had both. Read from the print as pdftotext lays it out and
 * from the e-book's XHTML.
 */
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { hyphenatorFor } from '../src/hyphenation.js';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'hyphen-sr-latn');

describe('Serbian in Latin letters', () => {
  it('takes the Latin patterns, and Serbian in Cyrillic the Cyrillic ones', () => {
    for (const tag of ['sr-Latn', 'sh', 'sr-ME', 'sr-Latn-RS']) expect(hyphenatorFor(tag)!('međunarodni', { hyphenChar: '-' }), tag).toBe('me-đu-na-rod-ni');
    for (const tag of ['sr', 'sr-Cyrl', 'sh-Cyrl']) expect(hyphenatorFor(tag)!('међународни', { hyphenChar: '-' }), tag).toBe('ме-ђу-на-род-ни');
  });

  const out = tempDir('galley-sr-latn-');
  let built: SpawnSyncReturns<string>;
  beforeAll(() => {
    built = runCli(['build', fixture, '--out', out, '--page-size', '6x9'], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('is hyphenated in print and soft-hyphenated in the e-book', async () => {
    expect(built.status, built.stderr).toBe(0);
    const lines = pdfText(path.join(out, 'hyphen-sr-latn.pdf'), true).split('\n');
    expect(lines.filter((line) => /\p{L}-$/u.test(line.trimEnd())).length, lines.join('\n')).toBeGreaterThanOrEqual(2);
    const article = await entryText(await openEpub(path.join(out, 'hyphen-sr-latn.epub')), 'OEBPS/article.xhtml');
    expect(article).toContain('me\u00adđu\u00adna\u00adrodnu');
  });
});
