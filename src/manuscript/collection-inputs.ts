/**
 * What a build plans with, before anything is parsed: which folders are
 * manuscripts (an article's, with article.md, or a collection's, with
 * collection.yaml), and which files an edition is made from. A collection's
 * editions are made from its own folder and every article folder it lists,
 * so that changing one article rebuilds exactly the collections that
 * contain it. Cheap: reads collection.yaml leniently and hashes files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { hashTree } from '../cache.js';
import { ARTICLE_FILE, COLLECTION_FILE } from './layout.js';

/** True when `dir` holds an article or a collection. */
export function isManuscriptFolder(dir: string): boolean {
  return existsSync(path.join(dir, ARTICLE_FILE)) || existsSync(path.join(dir, COLLECTION_FILE));
}

export function isCollectionFolder(dir: string): boolean {
  return existsSync(path.join(dir, COLLECTION_FILE));
}

/**
 * The article folders a collection lists, as written (resolved against the
 * collection's folder); empty for an article, or when collection.yaml cannot
 * be read (the reader then reports why).
 */
export function listedArticles(dir: string): string[] {
  if (!isCollectionFolder(dir)) return [];
  try {
    const data: unknown = parse(readFileSync(path.join(dir, COLLECTION_FILE), 'utf8'), { maxAliasCount: 100 });
    const articles = data && typeof data === 'object' && 'articles' in data ? (data as { articles: unknown }).articles : undefined;
    if (!Array.isArray(articles)) return [];
    return articles.filter((entry): entry is string => typeof entry === 'string').map((entry) => path.resolve(dir, entry));
  } catch {
    return [];
  }
}

/** The hash of every file a manuscript's editions are made from: its folder's, and a collection's articles'. */
export async function hashManuscript(dir: string): Promise<string> {
  const own = await hashTree(dir);
  const members = listedArticles(dir);
  if (members.length === 0) return own;
  const hash = createHash('sha256').update(own);
  for (const member of members) {
    hash.update('\0').update(member).update('\0');
    // A missing article is the reader's error to report; its absence still changes the key.
    hash.update(existsSync(member) && member !== dir && !isCollectionFolder(member) ? await hashTree(member) : 'missing');
  }
  return hash.digest('hex');
}
