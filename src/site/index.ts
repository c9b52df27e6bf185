/**
 * The download page: `<outDir>/index.html`, one entry per manuscript with its
 * cover, its title, dek, date and byline, a short "Sources and credits"
 * summary and a link to each edition with the file's size and SHA-256.
 *
 * The page is static: no JavaScript and nothing loaded from elsewhere. Beside
 * it go `site.css`, `fonts/` (the faces the editions embed, each build putting its entry's files there) and
 * `covers/<slug>.jpg`. Every word and style lives in templates/site/; this
 * module only measures files and prepares the data.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { BuildCache } from '../cache.js';
import type { FontAsset, GalleyDocument, Typeface } from '../document.js';
import type { PrintEdition } from '../print-edition.js';
import { COVER_TEMPLATE, coverInputOf, renderThumbnail } from '../cover.js';
import { defaultTypefaces, fontFaceRules, fontFiles, pageCodeTypeface } from '../typefaces.js';
import { defaultTemplatesDir, readTemplate, renderTemplate } from '../templates.js';
import { keptCaseRuns } from '../capitals.js';
import { version } from '../version.js';
import { documentView, documentWords, formatSize, joinNames, type EndMatterView } from '../view.js';
import { tableFor, wordsFor, type WordTable, type Words } from '../words.js';
import { directionOf } from '../language.js';
import { hyphenateHeadline, SCREEN_LONGEST_HEADLINE_WORD } from '../hyphenation.js';
import { phraseBreaksHtml, runsHtml } from '../line-breaks.js';
import { writeFileAtomic } from '../write-atomic.js';
import { entryRecordFile, readEntryRecords, thumbnailName } from './entries.js';

export { entryRecordFile, pageInputs, readEntryRecords, thumbnailName } from './entries.js';

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
  /** A collection's articles, in order, each with what its entry would show (src/view.ts). */
  /** `editors`: the collection's editors (collection.yaml `editors`) as one list of names in its language; empty when it names none. */
  collection?: { editors?: string; articles: Array<{ slug: string; id: string; view: EndMatterView }> };
  /** The words the manuscript gives itself (front matter `words`): the entry says galley's words as its editions do. */
  wordOverrides?: WordTable;
}

/** A typeface as the page names it; its font files are already in `fonts/` or come with the build. */
export interface RecordedTypeface {
  family: string;
  license: string;
  copyright: string;
  fonts: Array<Omit<FontAsset, 'bytes' | 'path'>>;
}

/**
 * What the download page keeps of a manuscript, so that the page can list
 * its editions without reading the manuscript again: the entry of a
 * manuscript that now fails, or that another build put in the same folder,
 * stays as it was. Kept in `<out>/.galley/entries/<slug>.json` and written
 * with the editions, in the same transaction.
 */
export interface EntryRecord {
  format: 1;
  slug: string;
  date: string;
  title: string;
  entry: Omit<EntryView, 'downloads'>;
  typefaces: RecordedTypeface[];
}

/**
 * The page's entry for `doc`, as kept between builds. `print`: the print
 * edition's record, for the credits to name the page each picture is on.
 */
/**
 * The entry's headline as the e-book's title page sets it: a word too long
 * for a phone's line gets soft hyphens at syllables, where the other editions
 * break it (hyphenateHeadline), a run the manuscript marks in another language
 * by that language's patterns, in its markup only (the page's title, the
 * cover's text alternative keep it whole). A browser without a hyphenation
 * dictionary for the language broke a Finnish compound between any two
 * letters ("Lentokonesuihkut" / "urbiinimoottoriap"); one with a dictionary
 * breaks it at these points.
 */
function screenHeadline(view: EndMatterView, language: string): EndMatterView {
  if (view.titleRuns) {
    const runs = view.titleRuns.map((run) => ({ ...run, text: hyphenateHeadline(run.text, run.lang ?? language, SCREEN_LONGEST_HEADLINE_WORD) }));
    return runs.every((run, index) => run.text === view.titleRuns![index]!.text) ? view : { ...view, titleHtml: runsHtml(runs, language) };
  }
  const title = hyphenateHeadline(view.title, language, SCREEN_LONGEST_HEADLINE_WORD);
  return title === view.title ? view : { ...view, titleHtml: phraseBreaksHtml(title, language) };
}

export function entryRecord(doc: GalleyDocument, options: { print?: PrintEdition; templatesDir?: string } = {}): EntryRecord {
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  const coverName = thumbnailName(doc.slug);
  // A collection's parts keep their figure ids (prefixed per article), so one map serves the book and each part.
  const figurePages = options.print ? { figurePages: options.print.figurePages } : {};
  return {
    format: 1,
    slug: doc.slug,
    date: doc.metadata.date,
    title: doc.metadata.title,
    entry: {
      slug: doc.slug,
      id: entryId(doc.slug),
      view: screenHeadline(documentView(doc, (figureId) => `#${figureId}`, { templatesDir, ...figurePages }), doc.metadata.language),
      cover: { src: `covers/${encodeURIComponent(coverName)}`, width: THUMBNAIL_WIDTH / 2, height: (THUMBNAIL_WIDTH / 2) * 1.5 },
      ...(doc.parts
        ? {
            collection: {
              editors: joinNames(doc.metadata.editors ?? [], documentWords(doc, templatesDir).language),
              // In the collection's words and language, as its editions are.
              articles: doc.parts.map((part) => ({ slug: part.slug, id: entryId(part.slug), view: documentView(part, (figureId) => `#${figureId}`, { templatesDir, words: documentWords(doc, templatesDir), language: doc.metadata.language, ...figurePages }) })),
            },
          }
        : {}),
      ...(doc.metadata.words ? { wordOverrides: doc.metadata.words } : {}),
    },
    typefaces: pageTypefaces(doc).map(recordTypeface),
  };
}

/** The faces the page sets `doc`'s entry in: the page sets no article text as code, so the code face stays with the editions. */
function pageTypefaces(doc: GalleyDocument): Typeface[] {
  return doc.assets.typefaces.filter((typeface) => typeface.role !== 'code');
}

/**
 * The font files the page needs for `doc`'s entry, as `fonts/<file name>`
 * beside the page: a build stages them with the entry, since the page is
 * written later from the entries' records, which name the files but do not
 * hold them (an article's own cuts, e.g. of Noto Serif JP, exist nowhere else).
 */
export function pageFontFiles(doc: GalleyDocument): Array<{ relative: string; bytes: Uint8Array }> {
  return fontFiles(pageTypefaces(doc)).map((font) => ({ relative: path.join('fonts', font.fileName), bytes: font.bytes }));
}

/** The prefix of an entry's element ids: a collection's list links to its articles' entries by it. */
function entryId(slug: string): string {
  return slug.replace(/[^\p{L}\p{N}_-]+/gu, '-');
}

function recordTypeface(typeface: GalleyDocument['assets']['typefaces'][number]): RecordedTypeface {
  return {
    family: typeface.family,
    license: typeface.license,
    copyright: typeface.copyright,
    fonts: typeface.fonts.map(({ family, weight, style, fileName, mediaType, unicodeRange }) => ({ family, weight, style, fileName, mediaType, unicodeRange })),
  };
}

/** One entry made ready for the page: its record and its downloads. */
interface PreparedEntry {
  record: EntryRecord;
  downloads: DownloadView[];
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
  const downloads = await describeEditions(entry, context);
  await writeThumbnail(doc, thumbnailFile(doc, context.outDir), context.templatesDir, context.cache);
  return { record: entryRecord(doc, { templatesDir: context.templatesDir }), downloads };
}

async function describeEditions(entry: Omit<SiteEntry, 'doc'>, context: SiteContext): Promise<DownloadView[]> {
  const downloads: DownloadView[] = [];
  for (const kind of ['pdf', 'epub'] as const) {
    const file = entry[kind];
    if (file !== undefined) downloads.push(await describeEdition(kind, file, context));
  }
  return downloads;
}

/** Writes `<outDir>/index.html` and its assets; returns the page's path. */
export async function renderSite(entries: SiteEntry[], options: SiteOptions): Promise<{ file: string }> {
  const context = siteContext(options);
  // Checked before anything is written.
  const slugs = new Set<string>();
  for (const { doc } of entries) checkUnique(slugs, doc.slug);
  const prepared: PreparedEntry[] = [];
  for (const entry of entries) prepared.push(await prepareEntry(entry, context));
  return writePage(prepared, context, entries.flatMap(({ doc }) => doc.assets.typefaces.flatMap((typeface) => typeface.fonts)));
}

function checkUnique(slugs: Set<string>, slug: string): void {
  if (slugs.has(slug)) throw new Error(`Two manuscripts are called ${slug}; the download page needs one of each.`);
  slugs.add(slug);
}

/**
 * Writes the page for `entries`. `fontFiles`: the font files at hand (the
 * build's documents'); a face known only from an entry's record keeps the
 * file already in `fonts/`.
 */
async function writePage(entries: PreparedEntry[], context: SiteContext, fontFilesAtHand: FontAsset[] = []): Promise<{ file: string }> {
  const { outDir, templatesDir } = context;

  // Collections first, then newest first, as a publication lists its issues and articles.
  const isCollection = (entry: PreparedEntry): number => (entry.record.entry.collection ? 0 : 1);
  const ordered = [...entries].sort((a, b) => isCollection(a) - isCollection(b) || b.record.date.localeCompare(a.record.date) || a.record.title.localeCompare(b.record.title));

  // The faces the editions embed; galley's own when there is no manuscript to take them from.
  const recorded = entries.length > 0 ? mergeTypefaces(entries.map((entry) => entry.record.typefaces).flat()) : defaultTypefaces().map(recordTypeface);
  // The font files at hand: galley's own and the build's documents'; a face
  // known only from an entry's record keeps the file already in fonts/.
  const code = pageCodeTypeface();
  const bytes = new Map([...fontFiles(defaultTypefaces()), ...fontFiles([code]), ...fontFilesAtHand].map((font) => [font.fileName, font.bytes]));
  // As Typeface for fontFaceRules, which reads each file's name, face and range, never its bytes; the page's own
  // code face last (its file names, digests and commands), as the editions name their code face after their text faces.
  const typefaces: Typeface[] = [
    ...recorded.map((typeface) => ({ ...typeface, role: 'text' as const, licenseText: '', fonts: typeface.fonts.map((font) => ({ ...font, path: '', bytes: Buffer.alloc(0) })) })),
    code,
  ];
  const present = new Set<string>();
  for (const font of fontFiles(typefaces)) {
    const file = path.join(outDir, 'fonts', font.fileName);
    const data = bytes.get(font.fileName);
    if (data) await writeIfChanged(file, data);
    if (data || (await isFile(file))) present.add(font.fileName);
  }
  // The style sheet names only the files beside it: a face whose file is missing would load nothing.
  const named = typefaces.map((typeface) => ({ ...typeface, fonts: typeface.fonts.filter((font) => present.has(font.fileName)) }));
  const faces = fontFaceRules(named, (font) => `fonts/${encodeURIComponent(font.fileName)}`, 'swap');
  await writeIfChanged(path.join(outDir, 'site.css'), `${faces}\n\n${readTemplate(SITE_STYLES, templatesDir)}`);

  const words = pageWords(ordered.map((entry) => entry.record.entry.view.language), templatesDir);
  // An entry whose cover is not in covers/ (removed since its build; galley site redraws it only from the manuscript) is listed without one, never as a broken image.
  const covered = new Set<string>();
  for (const entry of ordered) if (await isFile(path.join(outDir, 'covers', thumbnailName(entry.record.slug)))) covered.add(entry.record.slug);
  const html = renderTemplate(
    SITE_TEMPLATE,
    {
      entries: ordered.map((entry) => {
        // Each entry in one language, its editions': galley's words and the article's (its names joined with its "and", its picture labels).
        const entryWords = wordsFor(entry.record.entry.view.language, { templatesDir, overrides: entry.record.entry.wordOverrides, digits: entry.record.entry.view.digits });
        return {
          ...entry.record.entry,
          cover: covered.has(entry.record.slug) ? entry.record.entry.cover : undefined,
          words: entryWords,
          dir: directionOf(entryWords.language),
          textDir: directionOf(entry.record.entry.view.language),
          downloads: entry.downloads.map((download) => ({ ...download, size: formatSize(download.bytes, entryWords) })),
        };
      }),
      // Which manuscripts have an entry: a collection links to its articles' entries on the page.
      listed: ordered.map((entry) => entry.record.slug),
      typefaces: typefaces.map(({ family, license, copyright }) => ({ family, license, copyright })),
      // The footer's one line: every face the page is set in, then their licences, each once.
      setIn: { families: joinNames(typefaces.map((typeface) => typeface.family), words.language), licences: joinNames([...new Set(typefaces.map((typeface) => typeface.license))], words.language) },
      stylesheet: 'site.css',
      version,
      words,
      dir: directionOf(words.language),
      keptCaseRuns,
    },
    templatesDir,
  );
  // Written last: the page never points at an asset that is not there yet.
  const file = path.join(outDir, 'index.html');
  await writeIfChanged(file, html);
  return { file };
}

/**
 * The page's own words: in the language most of its manuscripts are written
 * in (counted by their table of words, templates/words/: de and de-CH are
 * one), in the tag of the first of them on the page; in English when no
 * language has more manuscripts than every other (one German, one French).
 */
export function pageWords(languages: string[], templatesDir: string = defaultTemplatesDir): Words {
  const counts = new Map<string, { count: number; first: string }>();
  for (const language of languages) {
    const table = tableFor(language, templatesDir) ?? 'en';
    const seen = counts.get(table);
    if (seen) seen.count++;
    else counts.set(table, { count: 1, first: language });
  }
  const ranked = [...counts.values()].sort((a, b) => b.count - a.count);
  const [most, next] = ranked;
  return most && (!next || most.count > next.count) ? wordsFor(most.first, { templatesDir }) : wordsFor('en', { templatesDir });
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
  /** Documents left off the page, with the reason: no edition in outDir. */
  left: Array<{ dir: string; reason: string }>;
}

/**
 * Whether the download page knows the manuscript `slug` from what is in
 * `outDir`: an edition, the entry recorded by the build that made it (it
 * knows the editions' pages) and its cover. galley epub and galley pdf draw
 * no cover, and editions built before galley kept entries have no record:
 * such a manuscript must be read to be listed (see buildSite).
 */
export async function hasRecordedEntry(slug: string, outDir: string): Promise<boolean> {
  const present = await findEditionFiles(slug, outDir);
  if (!(present.epub !== undefined || present.pdf !== undefined) || !(await isFile(path.join(outDir, 'covers', thumbnailName(slug))))) return false;
  // The record names the entry's font files; a folder that lost them (or never had them) needs the manuscript, which holds them.
  let files: Set<string>;
  try {
    const record = JSON.parse(await readFile(path.join(outDir, entryRecordFile(slug)), 'utf8')) as EntryRecord;
    files = new Set(record.typefaces.flatMap((typeface) => typeface.fonts.map((font) => font.fileName)));
  } catch {
    // None, or damaged.
    return false;
  }
  for (const name of files) if (!(await isFile(path.join(outDir, 'fonts', name)))) return false;
  return true;
}

/**
 * What `galley site` writes: for each document given (manuscripts whose
 * entry is not recorded, read by the caller) with an edition in `outDir`
 * (`<slug>.pdf`, `<slug>.epub`), draws the cover and records the entry; then
 * writes the page (see writeSitePage), which lists every edition in the
 * folder. The entries recorded already are left as the build wrote them.
 */
export async function buildSite(documents: GalleyDocument[], options: SiteOptions): Promise<BuiltSite> {
  const context = siteContext(options);
  const slugs = new Set<string>();
  const left: BuiltSite['left'] = [];
  const fonts: FontAsset[] = [];
  for (const doc of documents) {
    const entry = await findEditions(doc, context.outDir);
    if (entry.epub === undefined && entry.pdf === undefined) {
      left.push({ dir: doc.dir, reason: 'no edition built' });
      continue;
    }
    checkUnique(slugs, doc.slug);
    await writeThumbnail(doc, thumbnailFile(doc, context.outDir), context.templatesDir, context.cache);
    await writeFileAtomic(path.join(context.outDir, entryRecordFile(doc.slug)), JSON.stringify(entryRecord(doc, { templatesDir: context.templatesDir })));
    fonts.push(...doc.assets.typefaces.flatMap((typeface) => typeface.fonts));
  }
  const page = await writeSitePage({ ...options, fonts });
  return { file: page.file, listed: page.listed, left };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Writes `<outDir>/index.html` listing every edition in the folder: each
 * recorded manuscript with a `<slug>.pdf` or `<slug>.epub` beside the page,
 * whichever build put it there.
 */
export async function writeSitePage(options: SiteOptions & { fonts?: FontAsset[] }): Promise<{ file: string; listed: number }> {
  const context = siteContext(options);
  const prepared: PreparedEntry[] = [];
  for (const record of await readEntryRecords<EntryRecord>(context.outDir)) {
    const downloads = await describeEditions(await findEditionFiles(record.slug, context.outDir), context);
    if (downloads.length > 0) prepared.push({ record, downloads });
  }
  const { file } = await writePage(prepared, context, options.fonts);
  return { file, listed: prepared.length };
}

function thumbnailFile(doc: GalleyDocument, outDir: string): string {
  return path.join(path.resolve(outDir), 'covers', thumbnailName(doc.slug));
}

export interface DrawnThumbnail {
  /** Where it goes, relative to the output folder. */
  relative: string;
  file: string;
  /** Its build-cache key: record it once the file is in place. */
  key: string;
  /** The drawing; undefined when the file on disk was drawn from the same inputs. */
  png: Buffer | undefined;
}

/**
 * Draws the download page's cover of `doc` now, unless the one in the output
 * folder is up to date, and hands it back to be written with the editions.
 * A build calls this while it draws the e-book's cover: the two are one
 * drawing at two sizes, laid out once.
 */
export async function drawCoverThumbnail(doc: GalleyDocument, options: SiteOptions): Promise<DrawnThumbnail> {
  const cache = options.cache === false ? undefined : (options.cache ?? new BuildCache());
  const file = thumbnailFile(doc, options.outDir);
  const { key, png } = await drawThumbnail(doc, file, options.templatesDir ?? defaultTemplatesDir, cache);
  return { relative: path.relative(path.resolve(options.outDir), file), file, key, png };
}

/** Draws the cover thumbnail, unless the one on disk was drawn from the same inputs. */
async function writeThumbnail(doc: GalleyDocument, file: string, templatesDir: string, cache: BuildCache | undefined): Promise<void> {
  const { key, png } = await drawThumbnail(doc, file, templatesDir, cache);
  if (!png) return;
  await writeFileAtomic(file, png);
  await cache?.record(file, key);
}

async function drawThumbnail(doc: GalleyDocument, file: string, templatesDir: string, cache: BuildCache | undefined): Promise<{ key: string; png: Buffer | undefined }> {
  // The same drawing as the e-book's cover (src/cover.ts), smaller.
  const { leadImage, templatesDir: _templatesDir, ...words } = coverInputOf(doc, templatesDir);
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        ...words,
        collection: doc.parts !== undefined,
        lead: leadImage ? createHash('sha256').update(leadImage.bytes).digest('hex') : null,
        template: readTemplate(COVER_TEMPLATE, templatesDir),
        width: THUMBNAIL_WIDTH,
        version,
      }),
    )
    .digest('hex');
  if (cache && (await cache.isFresh(file, key))) return { key, png: undefined };
  const png = await renderThumbnail(coverInputOf(doc, templatesDir), THUMBNAIL_WIDTH, { cache: true });
  return { key, png: Buffer.from(png) };
}

/**
 * The editions of `doc` already in `outDir` (`<slug>.pdf`, `<slug>.epub`), for
 * a page written from what is on disk rather than from what was just built.
 */
export async function findEditions(doc: GalleyDocument, outDir: string): Promise<SiteEntry> {
  return { doc, ...(await findEditionFiles(doc.slug, outDir)) };
}

async function findEditionFiles(slug: string, outDir: string): Promise<Omit<SiteEntry, 'doc'>> {
  const entry: Omit<SiteEntry, 'doc'> = {};
  for (const kind of ['pdf', 'epub'] as const) {
    const file = path.join(path.resolve(outDir), `${slug}.${kind}`);
    try {
      if ((await stat(file)).isFile()) entry[kind] = file;
    } catch {
      // Not built: the page offers the other edition only.
    }
  }
  return entry;
}

async function describeEdition(kind: EditionKind, file: string, { outDir }: SiteContext): Promise<DownloadView> {
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
    // In English until the page knows its language (pageWords): the page says it again in its own.
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
function mergeTypefaces(typefaces: RecordedTypeface[]): RecordedTypeface[] {
  const merged = new Map<string, RecordedTypeface>();
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
