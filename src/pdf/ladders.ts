/**
 * Hyphen ladders: three or more lines in a row that end in a hyphen, which
 * typesetters avoid ("no more than two consecutive hyphens"). Chromium has
 * no `hyphenate-limit-lines`, so galley reads the printed lines back and
 * names the words to set whole in the next layout: in every run of hyphens
 * longer than allowed, the one that would make it too long.
 */
import { wordKey } from './hyphenate.js';
import type { PrintedPage } from './page-starts.js';

/** Consecutive hyphenated lines allowed. */
export const MAX_HYPHENATED_LINES = 2;

/**
 * Words to set whole so that no more than `maxRun` lines in a row end in a
 * hyphen. `isWord` tells a word broken by hyphenation (`spo-` + `ken`: the
 * text has "spoken") from a compound broken at its own hyphen
 * (`military-to-` + `military`), which still counts in a run but cannot be
 * set whole by galley.
 */
export function hyphenLadders(pages: PrintedPage[], isWord: (key: string) => boolean, maxRun = MAX_HYPHENATED_LINES): string[] {
  // Chromium's text keeps every soft hyphen it did not use: drop those first.
  const lines = pages.flatMap((page) => page.lines).map((line) => line.replace(/\u00AD/g, ''));
  const words: string[] = [];
  let run = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = /(\p{L}+)[-\u2010]$/u.exec(lines[i]!)?.[1];
    const tail = /^(\p{L}+)/u.exec(lines[i + 1]!)?.[1];
    if (!head || !tail) {
      run = 0;
      continue;
    }
    run++;
    if (run <= maxRun) continue;
    const key = wordKey(head + tail);
    if (isWord(key)) {
      words.push(key);
      // Set whole, this line no longer ends in a hyphen.
      run = 0;
    }
  }
  return [...new Set(words)];
}
