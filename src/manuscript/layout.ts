/** The file every manuscript folder holds, beside its images. */
export const ARTICLE_FILE = 'article.md';
/** The file a collection folder holds instead: its title and the article folders it binds, in order. */
export const COLLECTION_FILE = 'collection.yaml';
