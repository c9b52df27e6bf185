/**
 * `--shard K/N`: one of N parts of a batch, so that N machines (a CI matrix)
 * build an archive side by side. The manuscripts are taken in the order of
 * their folders' names and dealt out in turn: the same set of manuscripts is
 * always split the same way, and no part has more than one manuscript more
 * than another.
 */

export interface Shard {
  /** 1-based: K of K/N. */
  index: number;
  count: number;
}

/** Parses `K/N` (1 ≤ K ≤ N); undefined when it is not that. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/** The manuscripts of one shard, from the whole batch's folders. */
export function shardManuscripts(dirs: readonly string[], shard: Shard, name: (dir: string) => string): string[] {
  const ordered = [...dirs].sort((a, b) => {
    const [x, y] = [name(a), name(b)];
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  return ordered.filter((_, position) => position % shard.count === shard.index - 1);
}
