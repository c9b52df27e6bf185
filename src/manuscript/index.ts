/**
 * The reader: a manuscript folder in, one edition-neutral GalleyDocument out.
 * A folder with article.md is an article (./article.ts); a folder with
 * collection.yaml is a collection whose parts are articles (./collection.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadArticle, type LoadOptions, type LoadResult } from './article.js';
import { COLLECTION_FILE } from './layout.js';

export { ManuscriptError, formatMessage } from './diagnostics.js';
export { ARTICLE_FILE, COLLECTION_FILE } from './layout.js';
export type { LoadOptions, LoadResult } from './article.js';

/**
 * Reads a manuscript folder: an article, or a collection of them. Throws a
 * ManuscriptError listing every problem (with file, line and column) when the
 * manuscript cannot be published as it is.
 */
export async function loadManuscript(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const folder = path.resolve(dir);
  if (existsSync(path.join(folder, COLLECTION_FILE))) {
    // Loaded on first use: a single article never needs the collection reader.
    const { loadCollection } = await import('./collection.js');
    return loadCollection(folder);
  }
  return loadArticle(folder, options);
}
