/**
 * A credit that starts with its label in the article's language ("Zdjęcie:",
 * "Fot.", "摄影：" with a full-width colon) keeps that one label: no edition
 * prints "Fot.: Zdjęcie: …", and the e-book's contributors are the names
 * alone. A Polish and a Chinese article, built to both editions and the
 * download page with the real CLI.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const flat = (text: string): string => text.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('credits labelled in the article\'s language', () => {
  const out = tempDir('galley-credits-languages-');
  let built: SpawnSyncReturns<string>;
  const zips = new Map<string, JSZip>();
  const pdfText = (name: string): string => spawnSync('pdftotext', [path.join(out, `${name}.pdf`), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');

  beforeAll(async () => {
    built = runCli(['build', good('credits-pl'), good('credits-zh'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) for (const name of ['credits-pl', 'credits-zh']) zips.set(name, await openEpub(path.join(out, `${name}.epub`)));
  }, 300_000);

  it('builds, with no warning', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).not.toMatch(/warning/);
  });

  it('prints each credit with one label, in the e-book, the PDF and the download page', async () => {
    const cases = [
      { name: 'credits-pl', printed: ['Zdjęcie: Przemysław Gąsiorowski/PAP', 'Fot.: Żaneta Ćwiklińska/Agencja Gazeta'], page: ['Zdjęcie 1 Przemysław Gąsiorowski/PAP', 'Fot. 2 Żaneta Ćwiklińska/Agencja Gazeta'] },
      { name: 'credits-zh', printed: ['摄影：陈伟/新华社'], page: ['摄影 陈伟/新华社'] },
    ];
    const site = flat(readFileSync(path.join(out, 'index.html'), 'utf8'));
    for (const { name, printed, page } of cases) {
      const ebook = flat(await entryText(zips.get(name)!, 'OEBPS/credits.xhtml'));
      for (const credit of printed) {
        expect(ebook, name).toContain(credit);
        expect(pdfText(name).replace(/ /g, ''), name).toContain(credit.replace(/ /g, ''));
      }
      for (const entry of page) expect(site, name).toContain(entry);
      for (const text of [ebook, pdfText(name), site]) expect(text, name).not.toMatch(/Fot\.: (Zdjęcie|Fot)|摄影：\s*摄影|Zdjęcie 1 Zdjęcie/);
    }
  });

  it('names the makers alone as the e-book\'s contributors', async () => {
    const contributors = async (name: string): Promise<string[]> => [...(await entryText(zips.get(name)!, 'OEBPS/content.opf')).matchAll(/<dc:contributor[^>]*>([^<]*)</g)].map((match) => match[1]!);
    expect(await contributors('credits-pl')).toEqual(['Przemysław Gąsiorowski', 'Żaneta Ćwiklińska']);
    expect(await contributors('credits-zh')).toEqual(['陈伟']);
  });
});
