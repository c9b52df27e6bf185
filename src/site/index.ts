/**
 * The download page: `<outDir>/index.html`, one entry per manuscript with its
 * cover, its title, dek, date and byline, a short "Sources and credits"
 * summary and a link to each edition with the file's size and SHA-256.
 *
 * The page is static: no JavaScript and nothing loaded from elsewhere. Beside
 * it go `site.css`, `fonts/` (the Literata faces the editions embed) and
 * `covers/<slug>.png`. Every word and style lives in templates/site/; this
 * module only measures files and prepares the data.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { BuildCache } from '../cache.js';
import type { GalleyDocument, Typeface } from '../document.js';
import { COVER_TEMPLATE, renderThumbnail } from '../cover.js';
import { defaultTypefaces, fontFaceRules, fontFiles } from '../typefaces.js';
import { defaultTemplatesDir, readTemplate, renderTemplate } from '../templates.js';
import { version } from '../version.js';
import { documentView, formatSize, type EndMatterView } from '../view.js';
import { writeFileAtomic } from '../write-atomic.js';

export interface SiteEntry {
  doc: GalleyDocument;
  /** Path of the built EPUB; must lie inside outDir. Omitted when there is none. */
  epub?: string;
  /** Path of the built PDF; must lie inside outDir. Omitted when there is none. */
  pdf?: string;
}

export interface SiteOptions {
  /** Where index.html and its assets are written: the folder the editions are in. */
  outDir: string;
  /** Folder holding site/ and cover/ templates; galley's own by default. */
  templatesDir?: string;
  /**
   * Where the build record of the cover thumbnails is kept, so that a cover
   * whose title, dek, picture and template are unchanged is not drawn again;
   * galley's build cache (GALLEY_CACHE_DIR, else .galley-cache/) by default;
   * `false` to draw every time.
   */
  cache?: BuildCache | false;
}

/** The page template and the style sheet, relative to the templates folder. */
export const SITE_TEMPLATE = 'site/index.html.ejs';
export const SITE_STYLES = 'site/site.css';

/** Width in pixels of the cover thumbnails: twice the width they are shown at, for sharp screens. */
export const THUMBNAIL_WIDTH = 480;

const EDITION_TYPES = {
  pdf: 'application/pdf',
  epub: 'application/epub+zip',
} as const;

export type EditionKind = keyof typeof EDITION_TYPES;

/** One download link as the template gets it. */
export interface DownloadView {
  kind: EditionKind;
  /** URL of the file, relative to index.html. */
  href: string;
  /** The name the file is saved under. */
  fileName: string;
  type: string;
  bytes: number;
  /** "446 KB". */
  size: string;
  sha256: string;
}

/** One manuscript as the template gets it. */
export interface EntryView {
  slug: string;
  /** Prefix for the element ids of this entry. */
  id: string;
  view: EndMatterView;
  cover: { src: string; width: number; height: number };
  downloads: DownloadView[];
}

/** One entry made ready for the page: its view, and what ordering and fonts need. */
interface PreparedEntry {
  slug: string;
  date: string;
  title: string;
  view: EntryView;
  typefaces: GalleyDocument['assets']['typefaces'];
}

interface SiteContext {
  outDir: string;
  templatesDir: string;
  cache: BuildCache | undefined;
}

function siteContext(options: SiteOptions): SiteContext {
  return {
    outDir: path.resolve(options.outDir),
    templatesDir: options.templatesDir ?? defaultTemplatesDir,
    cache: options.cache === false ? undefined : (options.cache ?? new BuildCache()),
  };
}

/**
 * Measures an entry's editions, draws its cover (unless it is up to date)
 * and keeps only what the page shows: a batch's documents are not all held
 * at once.
 */
async function prepareEntry(entry: SiteEntry, context: SiteContext): Promise<PreparedEntry> {
  const { doc } = entry;
  const downloads: DownloadView[] = [];
  for (const kind of ['pdf', 'epub'] as const) {
    const file = entry[kind];
    if (file !== undefined) downloads.push(await describeEdition(kind, file, context.outDir));
  }
  const coverName = `${doc.slug}.png`;
  await writeThumbnail(doc, thumbnailFile(doc, context.outDir), context.templatesDir, context.cache);
  return {
    slug: doc.slug,
    date: doc.metadata.date,
    title: doc.metadata.title,
    typefaces: doc.assets.typefaces,
    view: {
      slug: doc.slug,
      id: doc.slug.replace(/[^\p{L}\p{N}_-]+/gu, '-'),
      view: documentView(doc, (figureId) => `#${figureId}`, { templatesDir: context.templatesDir }),
      cover: { src: `covers/${encodeURIComponent(coverName)}`, width: THUMBNAIL_WIDTH / 2, height: (THUMBNAIL_WIDTH / 2) * 1.5 },
      downloads,
    },
  };
}

/** Writes `<outDir>/index.html` and its assets; returns the page's path. */
export async function renderSite(entries: SiteEntry[], options: SiteOptions): Promise<{ file: string }> {
  const context = siteContext(options);
  // Checked before anything is written.
  const slugs = new Set<string>();
  for (const { doc } of entries) checkUnique(slugs, doc.slug);
  const prepared: PreparedEntry[] = [];
  for (const entry of entries) prepared.push(await prepareEntry(entry, context));
  return writePage(prepared, context);
}

function checkUnique(slugs: Set<string>, slug: string): void {
  if (slugs.has(slug)) throw new Error(`Two manuscripts are called ${slug}; the download page needs one of each.`);
  slugs.add(slug);
}

async function writePage(entries: PreparedEntry[], context: SiteContext): Promise<{ file: string }> {
  const { outDir, templatesDir } = context;

  // Newest first, as a publication lists its articles.
  const ordered = [...entries].sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title));

  // The faces the editions embed; galley's own when there is no manuscript to take them from.
  const typefaces = entries.length > 0 ? mergeTypefaces(entries.map((entry) => entry.typefaces).flat()) : defaultTypefaces();
  for (const font of fontFiles(typefaces)) await writeIfChanged(path.join(outDir, 'fonts', font.fileName), font.bytes);
  const faces = fontFaceRules(typefaces, (font) => `fonts/${encodeURIComponent(font.fileName)}`, 'swap');
  await writeIfChanged(path.join(outDir, 'site.css'), `${faces}\n\n${readTemplate(SITE_STYLES, templatesDir)}`);

  const html = renderTemplate(
    SITE_TEMPLATE,
    {
      entries: ordered.map((entry) => entry.view),
      typefaces: typefaces.map(({ family, license, copyright }) => ({ family, license, copyright })),
      stylesheet: 'site.css',
      version,
    },
    templatesDir,
  );
  // Written last: the page never points at an asset that is not there yet.
  const file = path.join(outDir, 'index.html');
  await writeIfChanged(file, html);
  return { file };
}

/**
 * Leaves a file that already holds these bytes alone, so that an unchanged
 * page keeps its date (and browsers and copies to a server can tell).
 */
async function writeIfChanged(file: string, data: Uint8Array | string): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  try {
    const info = await stat(file);
    if (info.isFile() && info.size === bytes.length && Buffer.compare(await readFile(file), bytes) === 0) return;
  } catch {
    // Not there yet.
  }
  await writeFileAtomic(file, bytes);
}

export interface BuiltSite {
  /** The page written. */
  file: string;
  /** Manuscripts on the page. */
  listed: number;
  /** Manuscripts left off the page, with the reason: not readable, or no edition in outDir. */
  left: Array<{ dir: string; reason: string }>;
}

/**
 * What `galley build` and `galley site` call: reads each manuscript folder,
 * finds its editions in `outDir` (`<slug>.pdf`, `<slug>.epub`) and writes the
 * page listing those that have at least one. A manuscript that cannot be read
 * is left off (the build reports why).
 */
export async function buildSite(manuscripts: string[], options: SiteOptions): Promise<BuiltSite> {
  const { loadManuscript } = await import('../manuscript/index.js');
  const context = siteContext(options);
  const prepared: PreparedEntry[] = [];
  const slugs = new Set<string>();
  const left: BuiltSite['left'] = [];
  for (const dir of manuscripts) {
    let doc: GalleyDocument;
    try {
      doc = (await loadManuscript(dir)).document;
    } catch {
      left.push({ dir, reason: 'the manuscript has errors' });
      continue;
    }
    const entry = await findEditions(doc, context.outDir);
    if (entry.epub === undefined && entry.pdf === undefined) left.push({ dir, reason: 'no edition built' });
    else {
      checkUnique(slugs, doc.slug);
      prepared.push(await prepareEntry(entry, context));
    }
  }
  const { file } = await writePage(prepared, context);
  return { file, listed: prepared.length, left };
}

function thumbnailFile(doc: GalleyDocument, outDir: string): string {
  return path.join(path.resolve(outDir), 'covers', `${doc.slug}.png`);
}

/**
 * Draws the download page's cover of `doc` now, so that the page finds it
 * ready. A build calls this while it draws the e-book's cover: the two are
 * one drawing at two sizes, laid out once.
 */
export async function writeCoverThumbnail(doc: GalleyDocument, options: SiteOptions): Promise<void> {
  const cache = options.cache === false ? undefined : (options.cache ?? new BuildCache());
  await writeThumbnail(doc, thumbnailFile(doc, options.outDir), options.templatesDir ?? defaultTemplatesDir, cache);
}

/** Draws the cover thumbnail, unless the one on disk was drawn from the same inputs. */
async function writeThumbnail(doc: GalleyDocument, file: string, templatesDir: string, cache: BuildCache | undefined): Promise<void> {
  const { title, subtitle } = doc.metadata;
  const lead = doc.assets.images[0];
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        title,
        subtitle: subtitle ?? null,
        language: doc.metadata.language,
        lead: lead ? createHash('sha256').update(lead.bytes).digest('hex') : null,
        template: readTemplate(COVER_TEMPLATE, templatesDir),
        width: THUMBNAIL_WIDTH,
        version,
      }),
    )
    .digest('hex');
  if (cache && (await cache.isFresh(file, key))) return;
  const png = await renderThumbnail(
    {
      title,
      ...(subtitle ? { subtitle } : {}),
      ...(lead ? { leadImage: lead } : {}),
      language: doc.metadata.language,
      templatesDir,
    },
    THUMBNAIL_WIDTH,
  );
  await writeFileAtomic(file, png);
  await cache?.record(file, key);
}

/**
 * The editions of `doc` already in `outDir` (`<slug>.pdf`, `<slug>.epub`), for
 * a page written from what is on disk rather than from what was just built.
 */
export async function findEditions(doc: GalleyDocument, outDir: string): Promise<SiteEntry> {
  const entry: SiteEntry = { doc };
  for (const kind of ['pdf', 'epub'] as const) {
    const file = path.join(path.resolve(outDir), `${doc.slug}.${kind}`);
    try {
      if ((await stat(file)).isFile()) entry[kind] = file;
    } catch {
      // Not built: the page offers the other edition only.
    }
  }
  return entry;
}

async function describeEdition(kind: EditionKind, file: string, outDir: string): Promise<DownloadView> {
  const absolute = path.resolve(file);
  const relative = path.relative(outDir, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`${file}: the download page links only to editions inside ${outDir}.`);
  }
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new Error(`${file}: no such ${kind.toUpperCase()} edition to link to.`);
  }
  if (!info.isFile()) throw new Error(`${file}: not a file.`);
  const sha256 = await hashFile(absolute);
  return {
    kind,
    href: relative.split(path.sep).map(encodeURIComponent).join('/'),
    fileName: path.basename(absolute),
    type: EDITION_TYPES[kind],
    bytes: info.size,
    size: formatSize(info.size),
    sha256,
  };
}

/** SHA-256 of a file's bytes on disk, in lower-case hex. */
export function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** One typeface per family, with every file any entry ships (each article ships the files its own text needs). */
function mergeTypefaces(typefaces: Typeface[]): Typeface[] {
  const merged = new Map<string, Typeface>();
  for (const typeface of typefaces) {
    const seen = merged.get(typeface.family);
    if (!seen) {
      merged.set(typeface.family, { ...typeface, fonts: [...typeface.fonts] });
      continue;
    }
    const known = new Set(seen.fonts.map((font) => `${font.fileName} ${font.weight} ${font.style}`));
    for (const font of typeface.fonts) if (!known.has(`${font.fileName} ${font.weight} ${font.style}`)) seen.fonts.push(font);
  }
  return [...merged.values()];
}
