/**
 * The download page of a build: rewritten when what it lists changed (an
 * edition or an entry in the output folder, whichever build made it).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { BuildCache, editionKey, hashTreeOnce } from '../cache.js';
import type { OutputFolder } from '../output/transaction.js';
import { defaultTemplatesDir } from '../templates.js';
import { galleyIdentity } from '../identity.js';
import type { BuildEventListener } from './events.js';
import type { PlannedBuild } from './plan.js';
import { readManuscript } from './read.js';
import type { GalleyDocument } from '../document.js';
import type { BuiltSite } from '../site/index.js';
import { entryRecordFile, pageInputs, readEntryRecords } from '../site/entries.js';

async function siteKey(outDir: string): Promise<string> {
  return editionKey({ manuscript: await pageInputs(outDir), templates: await hashTreeOnce(defaultTemplatesDir), galley: await galleyIdentity(), format: 'site', options: {} });
}

/**
 * Rewrites the download page when what it lists changed. Manuscripts whose
 * editions were built before galley kept page entries are read to make one.
 * Returns how many pages failed (0 or 1).
 */
export async function updatePage(plan: PlannedBuild[], out: OutputFolder, emit: BuildEventListener): Promise<number> {
  const unrecorded = plan.filter((item) => !existsSync(path.join(out.dir, entryRecordFile(item.slug))) && (existsSync(path.join(out.dir, `${item.slug}.pdf`)) || existsSync(path.join(out.dir, `${item.slug}.epub`))));
  const siteFile = path.join(out.dir, 'index.html');
  const cache = new BuildCache();
  if (unrecorded.length === 0 && (await cache.isFresh(siteFile, await siteKey(out.dir)))) return 0;
  // A first build that failed writes no empty page either.
  if (unrecorded.length === 0 && !existsSync(siteFile) && (await readEntryRecords(out.dir)).length === 0) return 0;
  const failed = await writeSite(
    unrecorded.map((item) => item.dir),
    out.dir,
    emit,
  );
  // Recorded from what the page was written from (making entries changes them).
  if (failed === 0) await cache.record(siteFile, await siteKey(out.dir));
  return failed;
}

/**
 * The download page for the editions in `outDir`, as `galley site` writes
 * it: each of `manuscripts` whose entry the folder does not hold (see
 * hasRecordedEntry) is read, once, and handed to the page as its document.
 * `left`: manuscripts not on the page, in their order, with the reason.
 */
export async function writeDownloadPage(manuscripts: string[], outDir: string, emit: BuildEventListener): Promise<BuiltSite & { unread: number }> {
  const { buildSite, hasRecordedEntry } = await import('../site/index.js');
  const documents: GalleyDocument[] = [];
  const unreadable = new Set<string>();
  for (const dir of manuscripts) {
    if (await hasRecordedEntry(path.basename(dir), outDir)) continue;
    try {
      documents.push((await readManuscript(dir, emit)).document);
    } catch (error) {
      unreadable.add(dir);
      // What is wrong with it, as a build says it: the page is written without it, and galley site fails.
      const { formatMessage, ManuscriptError } = await import('../manuscript/index.js');
      if (error instanceof ManuscriptError) {
        for (const message of error.messages) emit({ type: 'diagnostic', severity: message.fatal ? 'error' : 'warning', text: formatMessage(message) });
      }
    }
  }
  const site = await buildSite(documents, { outDir });
  const reasons = new Map<string, string>([...site.left.map(({ dir, reason }) => [dir, reason] as const), ...[...unreadable].map((dir) => [dir, 'the manuscript has errors'] as const)]);
  return { ...site, unread: unreadable.size, left: manuscripts.filter((dir) => reasons.has(dir)).map((dir) => ({ dir, reason: reasons.get(dir)! })) };
}

/**
 * Whether `outDir` holds an edition the download page would list: one of a
 * recorded entry (a build made it) or of one of `manuscripts`. Without
 * one, `galley site` writes nothing (an empty page would offer nothing).
 */
export async function holdsEditions(manuscripts: string[], outDir: string): Promise<boolean> {
  const folder = statSync(outDir, { throwIfNoEntry: false });
  if (folder === undefined) return false;
  // Not a folder: opening it says so ("… is a file, not a folder; choose a folder with --out").
  if (!folder.isDirectory()) return true;
  const { readEntryRecords } = await import('../site/index.js');
  const slugs = new Set([...(await readEntryRecords(outDir)).map((record) => record.slug), ...manuscripts.map((dir) => path.basename(dir))]);
  return [...slugs].some((slug) => existsSync(path.join(outDir, `${slug}.epub`)) || existsSync(path.join(outDir, `${slug}.pdf`)));
}

/**
 * Writes the download page for the editions in outDir; returns 1 when it
 * failed, and with `unreadable`, `galley site`'s count, also the number of
 * manuscripts it could not read (each said above: a build counts them itself).
 */
export async function writeSite(manuscripts: string[], outDir: string, emit: BuildEventListener, options: { unreadable?: boolean } = {}): Promise<number> {
  const start = performance.now();
  const file = path.join(outDir, 'index.html');
  try {
    const site = await writeDownloadPage(manuscripts, outDir, emit);
    for (const { dir, reason } of site.left) emit({ type: 'site-left', dir, reason });
    emit({ type: 'site', file, listed: site.listed, ms: performance.now() - start });
    return options.unreadable ? site.unread : 0;
  } catch (error) {
    emit({ type: 'site-failed', file, error });
    return 1;
  }
}
