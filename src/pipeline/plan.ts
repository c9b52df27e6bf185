/**
 * The plan of a build: which manuscripts there are, and which of their
 * editions are out of date. Cheap: it hashes files and parses nothing, so a
 * build with nothing to do loads neither the reader nor the browser.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BuildCache, editionKey, hashTreeOnce } from '../cache.js';
import { ARTICLE_FILE, COLLECTION_FILE } from '../manuscript/layout.js';
import { hashManuscript, isManuscriptFolder } from '../manuscript/collection-inputs.js';
import type { PageSize } from '../pdf/page.js';
import { defaultTemplatesDir } from '../templates.js';
import { galleyIdentity } from '../identity.js';
import type { Format } from './events.js';
import { isSystemError } from '../system-error.js';

/** A mistake in what the build was asked to do (a folder that is not there, a bad option): exit status 2 on the command line. */
export class UsageError extends Error {}

/** Manuscript folders named by the arguments (a folder of manuscripts expands to its members). */
export function findManuscripts(inputs: string[]): string[] {
  const found: string[] = [];
  for (const input of inputs) {
    const dir = path.resolve(input);
    if (!existsSync(dir)) throw new UsageError(`${input}: no such folder`);
    if (!statSync(dir).isDirectory()) throw new UsageError(notAFolder(input, dir));
    // A folder galley may not look into is taken for a manuscript, whose reader then says it cannot be read.
    if (isManuscriptFolder(dir) || !canList(dir)) {
      found.push(dir);
      continue;
    }
    const members = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && (isManuscriptFolder(path.join(dir, entry.name)) || !canList(path.join(dir, entry.name))))
      .map((entry) => path.join(dir, entry.name))
      .sort();
    if (members.length === 0) throw new UsageError(`${input}: no ${ARTICLE_FILE} or ${COLLECTION_FILE} in it or in any folder inside it${deeperHint(dir)}`);
    found.push(...members);
  }
  const manuscripts = [...new Set(found)];
  refuseSameNames(manuscripts);
  return manuscripts;
}

/** What to name instead of a file: its folder, when it is a manuscript's article.md or collection.yaml. */
function notAFolder(input: string, file: string): string {
  const name = path.basename(file);
  if (name === ARTICLE_FILE || name === COLLECTION_FILE) return `${input} is a file: a manuscript is named by its folder, here ${shown(path.dirname(file))}`;
  return `${input} is a file, not a folder: a manuscript is a folder holding ${ARTICLE_FILE} and its images (or ${COLLECTION_FILE})`;
}

/** False for a folder galley may not list (its permissions): skipping it would drop a manuscript unsaid. */
function canList(dir: string): boolean {
  try {
    readdirSync(dir);
    return true;
  } catch (error) {
    return !isSystemError(error) || (error.code !== 'EACCES' && error.code !== 'EPERM');
  }
}

/** ", which is as deep as galley looks: name a manuscript's folder itself, e.g. dup/a/story" when one lies deeper. */
function deeperHint(dir: string): string {
  for (const entry of readdirSync(dir, { withFileTypes: true }).filter((candidate) => candidate.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const inside = path.join(dir, entry.name);
    let nested: string[];
    try {
      nested = readdirSync(inside, { withFileTypes: true }).filter((candidate) => candidate.isDirectory()).map((candidate) => candidate.name).sort();
    } catch {
      continue;
    }
    const deeper = nested.find((name) => isManuscriptFolder(path.join(inside, name)));
    if (deeper) return ` (galley looks one folder down, no deeper): name the manuscript's own folder, e.g. ${shown(path.join(inside, deeper))}`;
  }
  return '';
}

/**
 * Each edition is named after its manuscript's folder (story.epub,
 * story.pdf): two folders of the same name, or of names that differ only in
 * case, would overwrite each other's editions in one output folder, so the
 * build stops before anything is written.
 */
function refuseSameNames(manuscripts: string[]): void {
  const byName = new Map<string, string[]>();
  for (const dir of manuscripts) {
    const name = path.basename(dir).toLowerCase();
    byName.set(name, [...(byName.get(name) ?? []), dir]);
  }
  const clashes = [...byName.values()].filter((dirs) => dirs.length > 1);
  if (clashes.length === 0) return;
  const lines = clashes.map((dirs) => `${dirs.map(shown).join(' and ')} would both be written as ${path.basename(dirs[0]!)}.epub and ${path.basename(dirs[0]!)}.pdf`);
  throw new UsageError(`${lines.join('; ')}: each edition is named after its manuscript's folder, so rename one of the folders (or build them into different --out folders)`);
}

/** A folder as the user would type it: relative to the working folder. */
function shown(dir: string): string {
  return path.relative(process.cwd(), dir) || '.';
}

export interface PlannedBuild {
  dir: string;
  slug: string;
  /** Formats to build; the others are unchanged since the last build. */
  formats: Format[];
  keys: Partial<Record<Format, string>>;
  /** The e-book's key when it is built without the page list (its browser did not start). */
  epubWithoutPageList: string;
}

export interface PlanOptions {
  outDir: string;
  pageSize: PageSize;
  force: boolean;
  /** Whether the e-books carry the print edition's page list. */
  pageList: boolean;
}

/** Which editions of `manuscripts` are out of date. */
export async function planBuilds(manuscripts: string[], formats: Format[], options: PlanOptions): Promise<PlannedBuild[]> {
  const cache = new BuildCache();
  const [templates, galley] = await Promise.all([hashTreeOnce(defaultTemplatesDir), galleyIdentity()]);
  return Promise.all(
    manuscripts.map(async (dir) => {
      const slug = path.basename(dir);
      // A collection's editions are made from its articles too.
      // A file galley may not read makes a key no record matches: the
      // manuscript is read (and its reader says which file, and why) every time.
      const manuscript = await hashManuscript(dir).catch((error: unknown) => {
        if (isSystemError(error)) return `unreadable ${randomUUID()}`;
        throw error;
      });
      const keys: Partial<Record<Format, string>> = {};
      const todo: Format[] = [];
      const keyOf = (format: Format, pageList: boolean): string => {
        // The e-book's page list follows the print layout: its page size counts too.
        const shapesLayout = format === 'pdf' || pageList;
        const editionOptions = {
          sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? null,
          ...(shapesLayout ? { pageSize: options.pageSize } : {}),
          ...(format === 'epub' ? { pageList } : {}),
        };
        return editionKey({ manuscript, templates, galley, format, options: editionOptions });
      };
      for (const format of formats) {
        const key = keyOf(format, options.pageList);
        keys[format] = key;
        if (options.force || !(await cache.isFresh(path.join(options.outDir, `${slug}.${format}`), key))) todo.push(format);
      }
      return { dir, slug, formats: todo, keys, epubWithoutPageList: keyOf('epub', false) };
    }),
  );
}
