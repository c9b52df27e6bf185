/**
 * The collection reader: a folder with `collection.yaml` (a weekly issue, a
 * special report, an anthology) in, one GalleyDocument with parts out.
 *
 * collection.yaml is validated as front matter is (the same YAML parser,
 * the same limits, zod, and errors at the offending key or value with
 * file:line:column). Each article it lists is read by the article reader, as
 * it would be on its own (its front matter is its own; the collection's
 * language is the default), and becomes a part of the collection with its
 * ids prefixed, so that headings, figures, notes and pictures stay unique in
 * the one edition. Nothing is written here: a mistake anywhere is a
 * ManuscriptError listing every problem.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element } from 'hast';
import type { Position } from 'unist';
import { isNode, isSeq, LineCounter, parse, parseDocument } from 'yaml';
import { byPlace, issuesByKey, yamlProblem } from './yaml-errors.js';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { z, type core } from 'zod';
import type { CoverPicture, GalleyDocument, Metadata } from '../document.js';
import { directionOf } from '../language.js';
import { creditParts } from './credit.js';
import { decodeUtf8, encodingMessage } from './decode.js';
import { normalizeManuscript, type ColumnRestorer } from './normalize.js';
import { fail, ManuscriptError } from './diagnostics.js';
import { ARTICLE_FILE, COLLECTION_FILE } from './layout.js';
import { checkCharacters, LIMITS } from './limits.js';
import { loadArticle, type LoadResult } from './article.js';
import { uuidFromHash } from '../identifier.js';
import { prefixIds } from './collection-ids.js';
import { resolveImage } from './rehype-figures.js';
import { aliasBomb, nodeAt } from './remark-front-matter.js';
import { isoDate, languageTag, text, wordOverrides } from './schema.js';
import { checkLanguageWords, checkWords } from './remark-front-matter.js';
import { smarten } from './smarten.js';
import { nearWords } from '../spelling.js';
import { loadCollectionTypefaces, visibleText } from './typefaces.js';

export const collectionSchema = z
  .object({
    title: text,
    subtitle: text.optional(),
    date: isoDate,
    editors: z.array(text).default([]),
    publisher: text.optional(),
    language: languageTag.default('en'),
    rights: text.optional(),
    keywords: z.array(text).default([]),
    articles: z.array(text).min(1, 'must list at least one article folder, e.g. [../my-story]'),
    cover: z.object({ src: text, alt: text, credit: text }).strict().optional(),
    words: wordOverrides.optional(),
  })
  .strict();

export type CollectionFile = z.infer<typeof collectionSchema>;

const EXAMPLE = 'title: "The Week in Review"\ndate: 2017-02-19\narticles: [../first-story, ../second-story]';
const FIELDS = 'title, subtitle, date, editors, publisher, language, rights, keywords, articles, cover (src, alt, credit), words';
const FIELD_NAMES = ['title', 'subtitle', 'date', 'editors', 'publisher', 'language', 'rights', 'keywords', 'articles', 'cover', 'words'];
const COVER_FIELD_NAMES = ['src', 'alt', 'credit'];

function describe(issue: core.$ZodIssue, missing: boolean): string {
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `\`${k}\``).join(', ');
    const near = [...new Set(issue.keys.flatMap((k) => nearWords(k, key === 'cover' ? COVER_FIELD_NAMES : FIELD_NAMES)))];
    const meant = near.length > 0 ? `did you mean ${near.map((k) => `\`${k}\``).join(' or ')}? ` : '';
    return `unknown collection field ${keys}${key ? ` in \`${key}\`` : ''}: check the spelling; ${meant}known fields are ${FIELDS}`;
  }
  if (missing && issue.code === 'invalid_type') return `collection field \`${key}\` is required: add it, e.g.\n${EXAMPLE}`;
  if (issue.code === 'invalid_type' && issue.message.startsWith('must ')) return `collection field \`${key}\` ${issue.message}`;
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'array' ? 'a list, e.g. ["…", "…"]' : issue.expected === 'string' ? 'text in quotes, e.g. "…"' : issue.expected === 'object' ? 'a set of `key: value` lines' : `a ${issue.expected}`;
    return `collection field \`${key}\` must be ${expected}`;
  }
  return `collection field \`${key}\` ${issue.message}`;
}

/** The article folders another collection lists, read leniently (its own build reports its mistakes). */
function listedFolders(collectionDir: string): string[] {
  try {
    const data: unknown = parse(readFileSync(path.join(collectionDir, COLLECTION_FILE), 'utf8'), { maxAliasCount: LIMITS.yamlAliases });
    const articles = data && typeof data === 'object' && 'articles' in data ? (data as { articles: unknown }).articles : undefined;
    return Array.isArray(articles) ? articles.filter((entry): entry is string => typeof entry === 'string').map((entry) => path.resolve(collectionDir, entry)) : [];
  } catch {
    return [];
  }
}

/** The chain of collections from `start` back to `target`, if `start` (transitively) lists it. */
function chainTo(start: string, target: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(start)) return undefined;
  seen.add(start);
  for (const folder of listedFolders(start)) {
    if (folder === target) return [start, target];
    if (existsSync(path.join(folder, COLLECTION_FILE))) {
      const rest = chainTo(folder, target, seen);
      if (rest) return [start, ...rest];
    }
  }
  return undefined;
}

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Reads `<dir>/collection.yaml` and every article it lists. Throws a
 * ManuscriptError with every problem (file:line:column) when the collection
 * cannot be published as it is.
 */
export async function loadCollection(dir: string): Promise<LoadResult> {
  const folder = path.resolve(dir);
  const file = new VFile({ path: path.join(folder, COLLECTION_FILE), cwd: process.cwd() });
  const columns: ColumnRestorer = { restore: () => {} };
  try {
    return await readCollection(file, folder, columns);
  } finally {
    // Warnings and errors alike point into the file as saved (its articles' messages are their own files').
    columns.restore(file);
  }
}

async function readCollection(file: VFile, folder: string, columns: ColumnRestorer): Promise<LoadResult> {
  const collectionPath = file.path;
  const errors = (): VFileMessage[] => file.messages.filter((message) => message.fatal);

  const bytes = await readFile(collectionPath);
  if (bytes.length > 100_000) {
    fail(file, `${COLLECTION_FILE} is ${bytes.length} bytes; a collection's file lists its articles and needs a few hundred`, { line: 1, column: 1 }, 'limit-size');
    throw new ManuscriptError(errors());
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    fail(file, encodingMessage(decoded), decoded.point, 'encoding');
    throw new ManuscriptError(errors());
  }
  const normalized = normalizeManuscript(decoded.text);
  columns.restore = normalized.restoreColumns;
  file.value = normalized.text;
  if (!checkCharacters(file, normalized.text)) throw new ManuscriptError(errors());

  const lines = new LineCounter();
  const pointAt = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col, offset };
  };
  const placeOf = (node: unknown): Position | undefined =>
    isNode(node) && node.range ? { start: pointAt(node.range[0]), end: pointAt(node.range[1]) } : undefined;
  const whole: Position = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

  const doc = parseDocument(normalized.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { reason, offset } = yamlProblem(error, normalized.text);
      fail(file, `malformed YAML in ${COLLECTION_FILE}: ${reason}`, pointAt(offset), 'collection-yaml');
    }
    throw new ManuscriptError(errors());
  }
  const bomb = aliasBomb(doc);
  if (bomb) {
    fail(file, `YAML aliases stand for more than ${LIMITS.yamlAliases} values from here on: write the values out instead of repeating them with *aliases`, placeOf(bomb) ?? whole, 'collection-yaml');
    throw new ManuscriptError(errors());
  }
  const data: unknown = doc.toJS({ maxAliasCount: LIMITS.yamlAliases * 10 }) ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    fail(file, `${COLLECTION_FILE} must be a set of \`key: value\` lines, e.g.\n${EXAMPLE}`, whole, 'collection-shape');
    throw new ManuscriptError(errors());
  }
  const result = collectionSchema.safeParse(data);
  if (!result.success) {
    const problems = issuesByKey(result.error.issues).map(({ issue, path: where, keyItself }) => {
      const { node, missing } = nodeAt(doc.contents, where, keyItself);
      return { reason: describe(issue, missing), place: (missing ? undefined : placeOf(node)) ?? whole };
    });
    for (const { reason, place } of byPlace(problems)) fail(file, reason, place, 'collection-schema');
  }
  // A mistake in collection.yaml does not hide the articles' own: the
  // articles it lists as text are still read (in its language when that is
  // a tag), so that one run tells every mistake there is to fix.
  const collection = result.success ? result.data : undefined;
  const fields = data as Record<string, unknown>;
  const language = collection?.language ?? (languageTag.safeParse(fields.language ?? 'en').data ?? 'en');
  const entries: Array<{ entry: string; index: number }> = collection
    ? collection.articles.map((entry, index) => ({ entry, index }))
    : Array.isArray(fields.articles)
      ? fields.articles.flatMap((entry: unknown, index) => (typeof entry === 'string' && entry.trim() !== '' ? [{ entry, index }] : []))
      : [];
  // galley's own words: the collection's language picks them, for the whole edition; `words` may give any.
  checkWords(file, collection?.words ?? wordOverrides.safeParse(fields.words).data, (where, keyItself) => placeOf(nodeAt(doc.contents, where, keyItself).node) ?? whole);
  if (collection) checkLanguageWords(file, collection.language, placeOf(nodeAt(doc.contents, ['language']).node) ?? whole);

  // Each listed folder: an article, once, and never a collection (which could lead back here).
  const articlesNode = nodeAt(doc.contents, ['articles']).node;
  const itemPlace = (index: number): Position => (isSeq(articlesNode) ? placeOf(articlesNode.items[index]) : undefined) ?? whole;
  const seen = new Map<string, string>();
  const folders: string[] = [];
  entries.forEach(({ entry, index }) => {
    const place = itemPlace(index);
    const target = path.resolve(folder, entry);
    if (target === folder) {
      fail(file, `collection lists itself (\`${entry}\`): a collection binds articles; remove this entry`, place, 'collection-cycle');
      return;
    }
    const earlier = seen.get(target);
    if (earlier !== undefined) {
      fail(file, `duplicate article \`${entry}\`: it is listed already as \`${earlier}\`; each article appears once in a collection`, place, 'collection-duplicate');
      return;
    }
    seen.set(target, entry);
    if (isFolder(target) && existsSync(path.join(target, COLLECTION_FILE))) {
      const chain = chainTo(target, folder);
      if (chain) {
        const names = chain.map((dir) => path.relative(process.cwd(), dir) || '.').join(' → ');
        fail(file, `collection cycle: \`${entry}\` is a collection that lists this one (${names}); a collection cannot contain itself; remove this entry`, place, 'collection-cycle');
      } else {
        fail(file, `\`${entry}\` is a collection, not an article: a collection binds articles (folders with ${ARTICLE_FILE}); list its articles instead`, place, 'collection-nested');
      }
      return;
    }
    if (!isFolder(target) || !existsSync(path.join(target, ARTICLE_FILE))) {
      const shown = path.relative(process.cwd(), target) || '.';
      fail(file, `article folder \`${entry}\` not found: no ${isFolder(target) ? `${ARTICLE_FILE} in ` : 'folder '}${shown}; give the path of an article's folder, relative to this collection`, place, 'collection-article-missing');
      return;
    }
    folders.push(target);
  });

  let cover: CoverPicture | undefined;
  if (collection?.cover) {
    const srcNode = nodeAt(doc.contents, ['cover', 'src']).node;
    const place = placeOf(srcNode) ?? whole;
    const image = await resolveImage(collection.cover.src, folder, file, { type: 'element', tagName: 'img', properties: {}, children: [], position: place } as Element);
    if (image) {
      const credit = smarten(collection.cover.credit, collection.language);
      const { label, labelJoined, line, creator } = creditParts(credit);
      cover = { image: { ...image, id: 'cover-picture' }, alt: collection.cover.alt, credit, line, creator, ...(label ? { label } : {}), ...(labelJoined ? { labelJoined } : {}) };
    }
  }
  // The articles, each read as on its own; every article's problems are
  // reported together, after collection.yaml's, in the order it lists them.
  const loaded = await Promise.allSettled(folders.map((dir) => loadArticle(dir, { defaultLanguage: language })));
  // Should any fail, the warnings of all come with the errors, article by article.
  const problems: VFileMessage[] = [...errors()];
  const warnings: LoadResult['warnings'] = [];
  const told: VFileMessage[] = [...problems];
  const parts: GalleyDocument[] = [];
  loaded.forEach((outcome, index) => {
    if (outcome.status === 'rejected') {
      if (outcome.reason instanceof ManuscriptError) {
        problems.push(...outcome.reason.messages.filter((message) => message.fatal));
        told.push(...outcome.reason.messages);
      } else throw outcome.reason;
      return;
    }
    warnings.push(...outcome.value.warnings);
    told.push(...outcome.value.warnings);
    parts.push(prefixIds(outcome.value.document, `part-${index + 1}-`));
  });
  if (problems.length > 0 || !collection) throw new ManuscriptError(told);

  const metadata: Metadata = {
    title: smarten(collection.title, collection.language),
    authors: [],
    editors: collection.editors,
    date: collection.date,
    language: collection.language,
    direction: directionOf(collection.language),
    source: { wire: [], cited: [] },
    keywords: collection.keywords,
  };
  if (collection.subtitle) metadata.subtitle = smarten(collection.subtitle, collection.language);
  if (collection.publisher) metadata.publisher = collection.publisher;
  if (collection.rights) metadata.rights = smarten(collection.rights, collection.language);
  if (collection.words) metadata.words = collection.words;
  // Its own numbers (folios, figures' and pages' in the credits, the contents' pages) in the digits its articles in
  // its language write theirs in, where they all write the same (rehype-digits.ts): an Arabic collection of articles
  // written with ٢٠٢٤ numbered its pages and figures 1, 2, 3 beside them.
  const ownLanguage = parts.filter((part) => primaryLanguage(part.metadata.language) === primaryLanguage(collection.language));
  const digits = ownLanguage[0]?.metadata.digits;
  if (digits !== undefined && ownLanguage.every((part) => part.metadata.digits === digits)) metadata.digits = digits;

  // The collection's fingerprint: its own file and picture, and every part's.
  const hash = createHash('sha256').update(bytes);
  if (cover) hash.update(cover.image.src).update(cover.image.bytes);
  for (const part of parts) hash.update(part.slug).update(part.fingerprint);
  const fingerprint = hash.digest('hex');

  const textual = {
    slug: path.basename(folder),
    dir: folder,
    file: collectionPath,
    metadata,
    content: { type: 'root' as const, children: [] },
    credits: parts.flatMap((part) => part.credits),
    identifier: `urn:uuid:${uuidFromHash(fingerprint)}`,
    fingerprint,
    parts,
    ...(cover ? { cover } : {}),
  };
  // One set of typefaces for the whole edition: they draw every part's text.
  const own = [visibleText(textual), cover ? `${cover.credit} ${cover.alt}` : ''].join('\n');
  const { typefaces, uncovered } = await loadCollectionTypefaces(own, metadata.language, parts);
  const images = parts.flatMap((part) => part.assets.images);
  const document: GalleyDocument = { ...textual, assets: { images, typefaces }, ...(uncovered.length > 0 ? { uncovered } : {}) };
  // The collection's own warnings (its language's words), then its articles'.
  return { document, warnings: [...file.messages.filter((message) => !message.fatal), ...warnings] };
}

/** A language tag's language alone: `ar-EG` → ar. */
function primaryLanguage(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}
