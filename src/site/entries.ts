/**
 * What the download page keeps between builds, read without the page's
 * writer: where each manuscript's entry record and cover are, and what the
 * page is made from (pageInputs). A build that finds the page up to date
 * asks only this, and does not load the page's writer (the view, the
 * cover, the faces).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { STATE_DIR } from '../output/lock.js';

/**
 * What this module reads of an entry's record: its format and slug. The whole
 * record is the page's (`EntryRecord` in ./index.ts), which names it when it
 * reads them; this module does not import the page's writer, even for a type.
 */
export interface StoredEntry {
  format: number;
  slug: string;
}

/**
 * The download page's cover of the manuscript `slug`, in `covers/`: a JPEG,
 * like the e-book's cover (a photograph's thumbnail as a PNG was 170-260 KB
 * and took longer to encode than the whole cover to draw).
 */
export function thumbnailName(slug: string): string {
  return `${slug}.jpg`;
}

/** Where the record of `slug`'s entry is kept, relative to the output folder. */
export function entryRecordFile(slug: string): string {
  return path.join(STATE_DIR, 'entries', `${slug}.json`);
}

/**
 * What the page of `outDir` is made from, cheaply: the recorded entries, and
 * the size and dates of each edition and cover. The page is up to date when
 * this and the templates are unchanged.
 */
export async function pageInputs(outDir: string): Promise<string> {
  const parts: unknown[] = [];
  // Read synchronously, as the build records are (src/cache.ts): for a batch, hundreds of stats and records, each otherwise a turn of the thread pool.
  const describe = (file: string): unknown => {
    const info = statSync(file, { throwIfNoEntry: false });
    return info === undefined ? null : [info.size, info.mtimeMs, info.ctimeMs, info.ino];
  };
  for (const record of await readEntryRecords(outDir)) {
    parts.push(record);
    for (const name of [`${record.slug}.pdf`, `${record.slug}.epub`, path.join('covers', thumbnailName(record.slug))]) parts.push(name, describe(path.join(outDir, name)));
  }
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** The entries recorded in `outDir`, by slug (a damaged record is skipped). */
export async function readEntryRecords<Entry extends StoredEntry = StoredEntry>(outDir: string): Promise<Entry[]> {
  const dir = path.join(path.resolve(outDir), STATE_DIR, 'entries');
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
  } catch {
    return [];
  }
  const read = names.map((name) => {
    try {
      const record = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Entry;
      return record.format === 1 && `${record.slug}.json` === name ? record : undefined;
    } catch {
      // Damaged: that manuscript's next build records it again.
      return undefined;
    }
  });
  return read.filter((record): record is Entry => record !== undefined);
}
