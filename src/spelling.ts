/**
 * Telling a user what they probably meant: a misspelt option, field or word
 * beside the ones galley knows.
 */

/** How many letters to insert, delete or change to make `a` into `b` (Levenshtein). */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * The known words within two edits of `word` (case and hyphens aside:
 * `pagesize` is `page-size`), nearest first.
 */
export function nearWords(word: string, known: readonly string[]): string[] {
  const plain = (text: string): string => text.toLowerCase().replace(/[-_]/g, '');
  return known
    .map((candidate) => ({ candidate, distance: editDistance(plain(candidate), plain(word)) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance)
    .map(({ candidate }) => candidate);
}
