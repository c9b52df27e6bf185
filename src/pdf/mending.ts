/**
 * What the next layout mends, read from the last one: words hyphenated
 * across two pages and the word that would make a third hyphenated line in
 * a row are set whole (page-starts.ts, ladders.ts), and loose lines are
 * tracked out a little (loose-lines.ts). Both are found in the same
 * read-back and mended in the same next layout, except where they meet: a
 * word set whole moves the line breaks of the paragraphs it is in, so the
 * loose lines of those paragraphs wait for the layout after (they may be
 * other lines then). Tracking keeps a line's words, so it moves no word set
 * whole.
 *
 * A line loose before a name (which galley does not hyphenate: hyphenate.ts)
 * has that name hyphenated first, where it would need `NAME_STEPS` of
 * tracking or more: letter-spaced by 0.03–0.05 em, "— говорит 58-летний"
 * before "Виктор" and "the governor of Valparaíso" before "Rodrigo" read as
 * set in another type, where "Vik-" or "Ro-" fills the line at its own
 * spacing, as a typesetter would set it. Only that occurrence of the name
 * (loose-lines.ts, hyphenateNames). What is still loose after is tracked,
 * from the next layout on.
 */
import { hyphenLadders } from './ladders.js';
import { skeleton, trackingFor, type PrintedLineSpacing } from './loose-lines.js';
import { wordsSplitAcrossPages, type PrintedPage } from './page-starts.js';

/** One layout as read back: where its pages begin and end, and its lines' word spaces. */
export interface LayoutRead {
  starts: PrintedPage[];
  spacings: PrintedLineSpacing[];
  /** Lines spread too wide for tracking to mend (`spreadLines`). */
  spread?: string[];
}

/** What the layouts so far were given. */
export interface Mended {
  keepWhole: ReadonlySet<string>;
  /** Names hyphenated, each after its loose line (line key → the name's letters). */
  names: ReadonlyMap<string, string>;
  tracking: ReadonlyMap<string, number>;
  untie: ReadonlySet<string>;
  /** The most steps a line may have: one less than those that made it too long. */
  limits: ReadonlyMap<string, number>;
  ragged?: ReadonlySet<string>;
}

export interface Mending {
  /** Words to set whole from now on (word keys). */
  keepWhole: string[];
  /** Names to hyphenate from now on, each after its loose line (line key → the name's letters). */
  names: Map<string, string>;
  /** Lines to track (line key → steps, the steps in all; 0: no longer tracked). */
  tracking: Map<string, number>;
  /** New limits on lines' steps (line key → the most steps). */
  limits: Map<string, number>;
  /** Lines whose paragraph's last two words are no longer tied. */
  untie: string[];
  /** Lines set ragged from now on (and no longer tracked). */
  ragged: string[];
}

export interface MendingOptions {
  /** Look for hyphen ladders too (the first passes only, so that a later one can still mend a word split by the others). */
  ladders: boolean;
  /** Whether a word key is a word of the text (not a compound broken at its own hyphen). */
  isWord: (key: string) => boolean;
  /** The letters of each paragraph of the text, as line keys are made (`skeleton`). */
  paragraphs: () => string[];
}

/** A loose line that needs this many tracking steps or more has the name after it hyphenated first. */
export const NAME_STEPS = 3;

/** A name that may be hyphenated: a capitalised word of at least six letters (hyphenateText's shortest), not all in capitals. */
const NAME = /^\p{Lu}\p{Ll}[\p{L}\p{M}]{4,}$/u;

/** The name the next line opens with, by its letters (lower case, as line keys are), if it opens with one. */
function nameAfter(line: PrintedLineSpacing | undefined): string | undefined {
  const word = line?.next?.replace(/^[^\p{L}]+|[^\p{L}\p{M}]+$/gu, '');
  return word !== undefined && NAME.test(word) ? skeleton(word) : undefined;
}

/** What the next layout should mend; all empty when nothing is left to. */
export function nextMending(read: LayoutRead, mended: Mended, options: MendingOptions): Mending {
  const ladders = options.ladders ? hyphenLadders(read.starts, options.isWord) : [];
  const keepWhole = [...new Set([...wordsSplitAcrossPages(read.starts), ...ladders])].filter((word) => !mended.keepWhole.has(word));
  const more = trackingFor(read.spacings, mended.tracking);
  // A line tracked already is not given a name: it was loose after the name was hyphenated, or the name breaks nowhere that helps.
  const byKey = new Map(read.spacings.map((line) => [line.key, line]));
  const names = new Map<string, string>();
  for (const [line, steps] of more.tracking) {
    const name = steps >= NAME_STEPS && !mended.tracking.has(line) && !mended.names.has(line) ? nameAfter(byKey.get(line)) : undefined;
    if (name === undefined || mended.keepWhole.has(name) || keepWhole.includes(name)) continue;
    names.set(line, name);
  }
  // A name hyphenated breaks its paragraph anew, as a word set whole does: the paragraph holding the line and the name.
  const rebreaking = [...keepWhole, ...[...names].map(([line, name]) => line + name)];
  const rebroken = rebreaking.length > 0 ? options.paragraphs().filter((paragraph) => rebreaking.some((word) => paragraph.includes(word))) : [];
  const settled = (line: string): boolean => !rebroken.some((paragraph) => paragraph.includes(line)) && !names.has(line);
  // A tracked line that came back shorter (the tracking made it too long
  // for its last syllable or word, which went to the next line, and left it
  // looser than before) is given a step less, and what is left of it is not
  // tracked as a new line.
  const printed = new Set(read.spacings.map((line) => line.key));
  const shortened = new Map<string, string>();
  for (const [key, steps] of mended.tracking) {
    if (steps === 0 || printed.has(key)) continue;
    const rest = read.spacings.find((line) => line.key.length < key.length && key.startsWith(line.key));
    if (rest) shortened.set(rest.key, key);
  }
  const limits = new Map([...shortened.values()].map((key) => [key, mended.tracking.get(key)! - 1]));
  const tracking = new Map<string, number>();
  for (const [line, steps] of more.tracking) {
    if (!settled(line) || shortened.has(line)) continue;
    const most = Math.min(steps, mended.limits.get(line) ?? steps);
    if (most > (mended.tracking.get(line) ?? 0)) tracking.set(line, most);
  }
  for (const [key, steps] of limits) tracking.set(key, steps);
  // A line too spread for tracking is set ragged rather than tracked or untied.
  const ragged = (read.spread ?? []).filter((line) => !mended.ragged?.has(line) && settled(line));
  for (const line of ragged) {
    tracking.delete(line);
    if (mended.tracking.has(line)) tracking.set(line, 0);
  }
  const untie = [...more.untie].filter((line) => !mended.untie.has(line) && settled(line) && !shortened.has(line) && !ragged.includes(line));
  return { keepWhole, names, tracking, limits, untie, ragged };
}

/** Whether a mending changes nothing. */
export function isEmpty(mending: Mending): boolean {
  return mending.keepWhole.length === 0 && mending.names.size === 0 && mending.tracking.size === 0 && mending.limits.size === 0 && mending.untie.length === 0 && mending.ragged.length === 0;
}
