/** The file every manuscript folder holds, beside its images. */
export const ARTICLE_FILE = 'article.md';
