/**
 * A file's size as a reader reads it, for the terminal's lines and the
 * download page. Apart from src/view.ts so that the command line, which
 * prints sizes on every run, does not load the view's HTML serializer.
 */
import { wordsFor, type Words } from './words.js';

/** "850 bytes", "446 KB", "1.2 MB" in English (1 KB = 1024 bytes): the words and the number's digits are the language's (templates/words/). */
export function formatSize(bytes: number, words: Words = wordsFor('en')): string {
  if (bytes < 1024) return words.count('bytes', bytes);
  if (bytes < 1024 * 1024) return words.t('kilobytes', { n: words.number(Math.round(bytes / 1024)) });
  return words.t('megabytes', { n: words.number(bytes / 1024 / 1024, 1) });
}
