/**
 * What the download page is made from (src/site/index.ts `pageInputs`), which
 * a build with nothing else to do checks to leave the page as it is: the
 * entries recorded in the output folder and each edition's and thumbnail's
 * size, dates and inode. Real files in a temporary folder.
 */
import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { entryRecordFile, pageInputs, readEntryRecords } from '../src/site/index.js';
import { tempDir } from './helpers.js';

let out: string;
const record = (slug: string, title = `The ${slug}`): string => JSON.stringify({ format: 1, slug, date: '2026-01-02', title, entry: {}, typefaces: [] });
const writeRecord = (slug: string, text: string = record(slug)): void => {
  mkdirSync(path.dirname(path.join(out, entryRecordFile(slug))), { recursive: true });
  writeFileSync(path.join(out, entryRecordFile(slug)), text);
};

beforeEach(() => {
  out = tempDir('galley-page-inputs-');
  for (const slug of ['a', 'b']) {
    writeRecord(slug);
    writeFileSync(path.join(out, `${slug}.pdf`), `pdf of ${slug}`);
    writeFileSync(path.join(out, `${slug}.epub`), `epub of ${slug}`);
  }
});

describe('the download page\'s inputs', () => {
  it('are the same while nothing changed, and change with an edition changed in place, replaced or gone, or a thumbnail come', async () => {
    const first = await pageInputs(out);
    expect(await pageInputs(out)).toBe(first);
    // Changed in place with its date set back: its change time tells.
    const pdf = path.join(out, 'a.pdf');
    const set = new Date('2026-01-02T03:04:05Z');
    utimesSync(pdf, set, set);
    const dated = await pageInputs(out);
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(pdf, 'PDF OF a');
    utimesSync(pdf, set, set);
    expect(await pageInputs(out)).not.toBe(dated);
    // The same bytes put in its place.
    const replaced = await pageInputs(out);
    writeFileSync(path.join(out, 'copy'), 'epub of b');
    renameSync(path.join(out, 'copy'), path.join(out, 'b.epub'));
    expect(await pageInputs(out)).not.toBe(replaced);
    const beforeThumbnail = await pageInputs(out);
    mkdirSync(path.join(out, 'covers'));
    writeFileSync(path.join(out, 'covers', 'b.jpg'), 'jpeg');
    expect(await pageInputs(out)).not.toBe(beforeThumbnail);
    const beforeGone = await pageInputs(out);
    rmSync(path.join(out, 'b.epub'));
    expect(await pageInputs(out)).not.toBe(beforeGone);
  });

  it('change with an entry recorded anew, added or removed, but not with a damaged or misnamed record', async () => {
    const first = await pageInputs(out);
    writeRecord('a', record('a', 'Another headline'));
    const retitled = await pageInputs(out);
    expect(retitled).not.toBe(first);
    writeRecord('c');
    expect(await pageInputs(out)).not.toBe(retitled);
    rmSync(path.join(out, entryRecordFile('c')));
    expect(await pageInputs(out)).toBe(retitled);
    writeRecord('d', '{"format": 1, "slug":');
    writeRecord('e', record('not-e'));
    expect(await pageInputs(out)).toBe(retitled);
    expect((await readEntryRecords(out)).map((entry) => entry.slug)).toEqual(['a', 'b']);
  });

  it('are none in a folder no build wrote to', async () => {
    expect(await readEntryRecords(path.join(out, 'nowhere'))).toEqual([]);
  });
});
