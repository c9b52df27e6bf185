/**
 * The cover draws every letter the editions draw. Hausa's ɓ ɗ ƙ ƴ (and Ɓ Ɗ
 * Ƙ Ƴ) lie in the range Literata's latin-ext file declares, but only Noto
 * Serif draws them: a cover whose faces were chosen by where unicode.json
 * places each letter took, in a batch, a Czech cover's faces and drew them
 * as boxes. Checked on the faces the cover is given (their cmaps) and on
 * covers built by the real CLI: the Hausa cover built after a Czech one is
 * the very image built alone, and no letter is told undrawn.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverMarkup } from '../src/cover.js';
import { decodeReferences } from '../src/cover-tree.js';
import { coverFonts, undrawnCharacters } from '../src/typefaces.js';
import { openEpub, runCli, tempDir } from './helpers.js';

const fixtures = path.join(import.meta.dirname, 'fixtures', 'good');
const hausa = { title: 'An buɗe sabuwar kasuwa a birnin Kano', subtitle: 'Ƴan kasuwa sama da dubu biyar', byline: 'Ɗahiru Ƙasimu and Hauwa Ɓello', language: 'ha' };
const czech = { title: 'V Brně otevřeli novou knihovnu', subtitle: 'Stavba stála 480 milionů korun', byline: 'Jiří Dvořák and Kateřina Šťastná', language: 'cs' };
const textOf = (input: typeof hausa) => decodeReferences(coverMarkup(input));

describe('the letters on the cover', () => {
  it('are all in the faces the cover is given, whatever cover came before', async () => {
    const czechFonts = await coverFonts(textOf(czech), 'cs');
    expect(undrawnCharacters(textOf(czech), czechFonts)).toEqual([]);
    const hausaFonts = await coverFonts(textOf(hausa), 'ha');
    expect(undrawnCharacters(textOf(hausa), hausaFonts)).toEqual([]);
    expect(hausaFonts.map((font) => font.name)).toContain('Noto Serif latin-ext');
    // The check sees what a face set lacks: the Czech cover's faces have none of Hausa's hooked letters.
    expect(undrawnCharacters(textOf(hausa), czechFonts).sort()).toEqual(['Ɓ', 'Ɗ', 'Ƙ', 'Ƴ', 'ɗ'].sort());
  }, 60_000);

  it('on a Hausa cover built in a batch after a Czech one are drawn as when it is built alone, and nothing is told', async () => {
    const work = tempDir('galley-cover-letters-');
    cpSync(path.join(fixtures, 'cover-cs'), path.join(work, 'a-cs'), { recursive: true });
    cpSync(path.join(fixtures, 'cover-ha'), path.join(work, 'b-ha'), { recursive: true });
    const batch = tempDir();
    const together = runCli(['epub', work, '--out', batch, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(together.status, together.stderr).toBe(0);
    expect(together.stderr).not.toMatch(/the cover has no face/);
    const alone = tempDir();
    const single = runCli(['epub', path.join(work, 'b-ha'), '--out', alone, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(single.status, single.stderr).toBe(0);
    const cover = async (dir: string) => (await openEpub(path.join(dir, 'b-ha.epub'))).file('OEBPS/cover.jpg')!.async('nodebuffer');
    expect((await cover(batch)).equals(await cover(alone))).toBe(true);
    expect(readFileSync(path.join(work, 'b-ha', 'article.md'), 'utf8')).toContain('ɗ');
  }, 180_000);
});
