/**
 * The same article saved another way (a BOM, Windows line ends,
 * decomposed letters) is the same book: its e-book keeps the identifier
 * (dc:identifier, the PDF's /ID) and is read into the same document, so a
 * reading app does not shelve a second copy when the author's editor saves
 * it differently.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { repoRoot, tempDir } from './helpers.js';

const seed = path.join(repoRoot, 'manuscript', 'mattis-russia-nato');

/** A copy of the seed article with its text saved as `save` writes it. */
function savedAs(name: string, save: (text: string) => Buffer): string {
  const dir = path.join(tempDir('galley-saved-'), name);
  cpSync(seed, dir, { recursive: true });
  const text = readFileSync(path.join(seed, 'article.md'), 'utf8');
  writeFileSync(path.join(dir, 'article.md'), save(text));
  return dir;
}

describe('an article saved in another form', () => {
  it('keeps its identifier and fingerprint with a BOM, Windows line ends or decomposed letters', async () => {
    const original = await loadManuscript(seed);
    const forms = {
      bom: savedAs('bom', (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
      crlf: savedAs('crlf', (text) => Buffer.from(text.replace(/\n/g, '\r\n'))),
      both: savedAs('both', (text) => Buffer.from(`\ufeff${text.replace(/\n/g, '\r\n')}`)),
      nfd: savedAs('nfd', (text) => Buffer.from(text.normalize('NFD'))),
    };
    for (const [form, dir] of Object.entries(forms)) {
      const { document } = await loadManuscript(dir);
      expect(document.identifier, form).toBe(original.document.identifier);
      expect(document.fingerprint, form).toBe(original.document.fingerprint);
    }
  });

  it('is a new book when its words change', async () => {
    const original = await loadManuscript(seed);
    const edited = savedAs('edited', (text) => Buffer.from(text.replace(/\.\n/, '!\n')));
    expect((await loadManuscript(edited)).document.identifier).not.toBe(original.document.identifier);
  });
});
