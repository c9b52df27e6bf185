/**
 * Spanish writes "e" for "and" before a name that opens with the sound /i/
 * (RAE): "Ibáñez e Íñigo Larrañaga", "Ana e Hilda", but "Ana y Hielo".
 * CLDR's list pattern knows I- and Hi- but not an accented Í- or Hí-; the
 * byline of both editions and the download page say "e" there too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { joinNames } from '../src/view.js';
import { buildArticle, entryText } from './helpers.js';

describe('a Spanish byline', () => {
  it('joins with "e" before Í-, I-, Hí-, Hi- (not Hie-, Hia-), as the language writes', () => {
    expect(joinNames(['Ana', 'Íñigo'], 'es')).toBe('Ana e Íñigo');
    expect(joinNames(['Ana', 'Bo', 'Ícaro'], 'es-MX')).toBe('Ana, Bo e Ícaro');
    expect(joinNames(['Ana', 'Hílario'], 'es')).toBe('Ana e Hílario');
    expect(joinNames(['Ana', 'Inés'], 'es')).toBe('Ana e Inés');
    expect(joinNames(['Ana', 'Hielo'], 'es')).toBe('Ana y Hielo');
    expect(joinNames(['Ana', 'Yolanda'], 'es')).toBe('Ana y Yolanda');
    // Only Spanish: Catalan and Portuguese have their own "i" and "e" for every name.
    expect(joinNames(['Anna', 'Íñigo'], 'ca')).toBe('Anna i Íñigo');
  });

  it('prints it so in the e-book, the PDF and on the download page', async () => {
    const { out, zip } = await buildArticle(
      'por-iniguez',
      '---\ntitle: "Valdemora estrena biblioteca"\ndate: 2024-03-14\nlanguage: es\nauthors: ["María José Fernández Ibáñez", "Íñigo Larrañaga"]\n---\n\nEste artículo es ficticio.\n',
    );
    const byline = 'Por María José Fernández Ibáñez e Íñigo Larrañaga';
    expect((await entryText(zip, 'OEBPS/titlepage.xhtml')).replace(/<[^>]*>/g, '')).toContain(byline);
    expect(spawnSync('pdftotext', [path.join(out, 'por-iniguez.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ')).toContain(byline);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8').replace(/<[^>]*>/g, '')).toContain(byline);
  }, 180_000);
});
