/**
 * Text the cover cannot show whole, even wrapped and at its smallest size:
 * src/cover-fit.ts says which field it cut, and the build warns, naming the
 * manuscript's file and the field, when the cover is drawn and when it is
 * taken from the cover cache. Run with the real CLI; the cover read back
 * from the e-book.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverMarkup } from '../src/cover.js';
import { coverTree } from '../src/cover-layout.js';
import { openEpub, runCli, tempDir } from './helpers.js';

const endless = Array(40).fill('A headline that goes on and on, clause after clause,').join(' ');

describe('text the cover cuts', () => {
  it('is told by the layout with the field it comes from; text that fits, however long, is not', async () => {
    const cut = await coverTree(coverMarkup({ title: endless, byline: 'Ann Smith' }), undefined, 'en');
    expect(cut.cuts.map(({ field, lines }) => ({ field, lines: lines > 1 }))).toEqual([{ field: 'title', lines: true }]);
    expect(cut.cuts[0]!.text).toBe(endless);
    const long = await coverTree(
      coverMarkup({ title: 'A headline that goes on, clause after clause, well past what a cover holds at its largest size', subtitle: Array(4).fill('A dek that says more than it should.').join(' '), byline: 'Ann Smith' }),
      undefined,
      'en',
    );
    expect(long.cuts).toEqual([]);
  });

  it('is not told of a line that shows whole in a face taller than Latin (an Urdu byline on a collection\'s cover)', async () => {
    const contents = [
      { headline: 'Dublin', byline: 'By Ciarán Ó hUiginn' },
      { headline: 'لاہور میں نئی میٹرو لائن کا افتتاح', byline: 'By عائشہ صدیقی and ذوالفقار علی چودھری', language: 'ur' },
    ];
    const tree = await coverTree(coverMarkup({ title: 'Voices from three newsrooms', contents }), undefined, 'en');
    expect(tree.cuts).toEqual([]);
  });

  it('is warned about at the manuscript, naming the field, drawn or from the cache; a collection names the article', () => {
    const work = tempDir('galley-cover-cut-');
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      writeFileSync(path.join(work, file), text);
    };
    write('endless/article.md', `---\ntitle: "${endless}"\nauthors: ["Ann Smith"]\ndate: 2024-03-01\n---\n\nBody.\n`);
    write('fine/article.md', '---\ntitle: "A headline that fits"\nsubtitle: "And a dek that does too."\nauthors: ["Ann Smith"]\ndate: 2024-03-01\n---\n\nBody.\n');
    const entry = Array(15).fill('A long headline that will never fit in two lines').join(' ');
    write('long-entry/article.md', `---\ntitle: "${entry}"\ndate: 2024-03-01\n---\n\nBody.\n`);
    write('week/collection.yaml', 'title: "Week"\ndate: 2024-03-02\narticles: [../fine, ../long-entry]\n');
    const env = { GALLEY_CACHE_DIR: tempDir() };
    const out = tempDir();
    const cutWarnings = (stderr: string) => stderr.split('\n').filter((line) => line.includes('does not fit')).map((line) => line.slice(line.indexOf('galley-cover-cut-')).replace(/^[^/]+\//, ''));

    const first = runCli(['epub', work, '--out', out, '--no-page-list'], env);
    expect(first.status, first.stderr).toBe(0);
    const told = cutWarnings(first.stderr).sort();
    expect(told).toHaveLength(2);
    expect(told[0]).toMatch(/^endless\/article\.md: warning: the headline \(`title`\) does not fit on the cover even wrapped and at its smallest size: the cover shows its first \d+ lines and cuts the rest \("A headline that goes on and on, clause …"\); shorten it$/);
    // The long headline fits its own cover; the collection's, which gives each article less room, cuts it: told at the article's file.
    expect(told[1]).toMatch(/^long-entry\/article\.md: warning: the headline \(`title`\) does not fit on the cover of the collection `week` even wrapped/);
    expect(first.stderr).not.toMatch(/fine\/article\.md: warning/);

    // Built again: the covers come from the cover cache, and are warned about as before.
    const again = runCli(['epub', work, '--out', out, '--no-page-list', '--force'], env);
    expect(again.status, again.stderr).toBe(0);
    expect(cutWarnings(again.stderr).sort()).toEqual(told);
  }, 180_000);

  it('is not told with --quiet, and the e-book keeps its cover', async () => {
    const work = tempDir('galley-cover-cut-');
    mkdirSync(path.join(work, 'endless'));
    writeFileSync(path.join(work, 'endless', 'article.md'), `---\ntitle: "${endless}"\ndate: 2024-03-01\n---\n\nBody.\n`);
    const out = tempDir();
    const result = runCli(['epub', path.join(work, 'endless'), '--out', out, '--no-page-list', '--quiet'], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const zip = await openEpub(path.join(out, 'endless.epub'));
    expect((await zip.file('OEBPS/cover.jpg')!.async('nodebuffer')).length).toBeGreaterThan(10_000);
  }, 120_000);
});
