/**
 * Loose lines. Chromium justifies a line by widening its word spaces only,
 * and breaks lines one at a time: when the next word cannot be hyphenated
 * (a name, a number, an address), the line before it gets all the room, up
 * to two and a half times the usual space. A typesetter lets the letter
 * spacing take part of that room ("letter-spacing tolerance").
 *
 * galley reads the lines from the open page's own layout before it prints
 * (`screenSpacings`: the sandbox's Range rects, which break and justify
 * lines as the print does, justification included), finds the lines
 * whose word spaces are more than `LOOSE_RATIO` times the median, and
 * tracks each of them out a little: `.track-1` … `.track-5` in print.css,
 * 0.01 em a step. The line keeps its words; its spaces get narrower.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import type { PageGeometry } from './page.js';
import type { ScreenLine } from './sandbox.js';
import { TEXT_FACE_SPACE_EM } from '../typefaces.js';

/** A full line's word spaces may be this many times the median at most (checked by the tests at 1.6). */
export const LOOSE_RATIO = 1.4;

/**
 * The usual word space is the median of the article's full lines, but never
 * more than this many times the face's own space. Justified articles set
 * their median at 1.26–1.71 × Literata's space (the seed, the fixtures, at
 * every page size); a short article has too few lines for a median, or a
 * median its loose lines make loose (two full lines: neither is 1.4 × their
 * mean), and is judged against this bound instead.
 */
export const USUAL_SPACE_MAX = 1.8;

/** Lines in these scripts (and digits) may be tracked; others are left as they are. */
const TRACKABLE = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}]+$/u;

/** Tracking steps the print stylesheet defines (`.track-1` … `.track-N`), each 0.01 em. */
export const TRACKING_STEPS = 5;

export interface PrintedLineSpacing {
  /** The line's letters and digits, lower case: how galley finds it in the text again. */
  key: string;
  letters: number;
  spaces: number;
  /** Mean word space, in CSS pixels (as `size`). */
  space: number;
  /** Type size. */
  size: number;
  /** Whether the next line opens with an address (endsBeforeAddress): set ragged when loose, never tracked. */
  atAddress?: boolean;
  /** Whether it ends inside an address: tracked only when its spaces would be spread past RAGGED_RATIO. */
  inAddress?: boolean;
  /** The word the next line opens with, as printed (a name there may be hyphenated rather than this line tracked: mending.ts, hyphenateNames). */
  next?: string;
}

/**
 * The body lines of an open page as it sets them (read by the sandbox from
 * the page's own layout, which breaks lines where the print does): their
 * text and word spaces.
 */
export function screenSpacings(lines: ScreenLine[], geometry: PageGeometry): PrintedLineSpacing[] {
  const body = (geometry.fontSizePt * 4) / 3;
  return lines.flatMap((line, index) => {
    const key = skeleton(line.sized);
    const widths = line.spaces.filter((width) => width > 0.05 * line.size);
    if (Math.abs(line.size - body) >= 0.05 || widths.length < 2 || key.length === 0) return [];
    const next = lines[index + 1]?.text.trim().split(/\s/u)[0];
    const spacing: PrintedLineSpacing = { key, letters: key.length, spaces: widths.length, space: widths.reduce((a, b) => a + b, 0) / widths.length, size: line.size, ...(next ? { next } : {}) };
    if (endsBeforeAddress(lines[index + 1])) return [{ ...spacing, atAddress: true }];
    return [endsAtAddress(line, lines[index + 1]) ? { ...spacing, inAddress: true } : spacing];
  });
}

/** Letters and digits only, lower case: the same for the printed line and the manuscript's text. */
export function skeleton(text: string): string {
  return text.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The loose lines of a layout and how many tracking steps each needs (line
 * key → steps, at most `TRACKING_STEPS`), added to the steps already given;
 * and those that the most steps cannot mend (`untie`): if the paragraph's
 * last two words are tied (galley ties them against a lone short word on the
 * last line), the tie goes, so that the loose line can take a word back.
 */
export function trackingFor(lines: PrintedLineSpacing[], given: ReadonlyMap<string, number>): { tracking: Map<string, number>; untie: Set<string> } {
  const tracking = new Map<string, number>();
  const untie = new Set<string>();
  if (lines.length === 0) return { tracking, untie };
  // Too few lines for a median of their own (fewer than five): the face's bound alone.
  const bound = (line: PrintedLineSpacing): number => USUAL_SPACE_MAX * TEXT_FACE_SPACE_EM * line.size;
  const own = lines.length >= 5 ? median(lines.map((line) => line.space)) : Infinity;
  for (const line of lines) {
    const usual = Math.min(own, bound(line));
    const step = 0.01 * line.size;
    if (line.space <= (line.inAddress ? RAGGED_RATIO : LOOSE_RATIO) * usual || line.atAddress) continue;
    // Letter spacing would pull joined scripts (Arabic) and those hung from a headline (Devanagari) apart.
    if (!TRACKABLE.test(line.key)) continue;
    // Room to give to the letters so that the spaces come down to 1.3 × the usual.
    const room = (line.space - 1.3 * usual) * line.spaces;
    const wanted = (given.get(line.key) ?? 0) + Math.ceil(room / line.letters / step);
    const steps = Math.min(TRACKING_STEPS, wanted);
    if (steps > (given.get(line.key) ?? 0)) tracking.set(line.key, steps);
    if (wanted > TRACKING_STEPS) untie.add(line.key);
  }
  return { tracking, untie };
}

/**
 * A line spread wider than this many times the usual word space, that the
 * most tracking cannot bring under `SPREAD_AFTER_TRACKING` times, is set
 * ragged instead (`<br>` at its end): a line ended by a forced break is not
 * justified. Such a line is one before an address or a run of code that
 * breaks only at its own marks (`/`, `.`, `-`): a line of a few words or one
 * word space spread across the measure, in the text or in a note. A line
 * that ends inside an address or before one is set ragged as soon as it is
 * loose (`LOOSE_RATIO`), rather than tracked (endsAtAddress).
 */
export const RAGGED_RATIO = 2.5;
const SPREAD_AFTER_TRACKING = 2;

/**
 * The lines of an open page (any type size: notes and captions too) spread
 * so wide that tracking cannot mend them (line keys): see `RAGGED_RATIO`.
 * `measured` is `screenSpacings` of the same lines, when the caller has it.
 */
export function spreadLines(lines: ScreenLine[], geometry: PageGeometry, measured: PrintedLineSpacing[] = screenSpacings(lines, geometry)): string[] {
  const body = (geometry.fontSizePt * 4) / 3;
  const own = measured.length >= 5 ? median(measured.map((line) => line.space)) / body : Infinity;
  const spread: string[] = [];
  for (const [index, line] of lines.entries()) {
    // Every word space of the line, of any size: justification widens each by the same.
    const widths = line.gaps.filter((width) => width > 0.05 * line.size);
    if (widths.length === 0) continue;
    const usual = Math.min(own, USUAL_SPACE_MAX * TEXT_FACE_SPACE_EM) * line.size;
    const space = widths.reduce((a, b) => a + b, 0) / widths.length;
    // Most layouts have no such line: its key is made only for a spread one.
    if (space <= (endsAtAddress(line, lines[index + 1]) ? LOOSE_RATIO : RAGGED_RATIO) * usual) continue;
    // Every letter of the line, whatever its size: where the line ends is found by its last one.
    const key = skeleton(line.text);
    if (key.length === 0) continue;
    // What the most tracking would take from each space, where the line may be tracked (trackingFor's rules).
    const trackable = Math.abs(line.size - body) < 0.05 && widths.length >= 2 && TRACKABLE.test(key);
    const taken = trackable ? (key.length * TRACKING_STEPS * 0.01 * line.size) / widths.length : 0;
    if (space - taken > SPREAD_AFTER_TRACKING * usual) spread.push(key);
  }
  return spread;
}

/** A word of an address: a URL, a www. or e-mail address, a path, or a piece of one broken before its `-`. */
const ADDRESS_WORD = /:\/\/|^www\.|@|\/|^-|[?&=_]$/u;

/**
 * Whether a line ends inside an address or right before one: loose there
 * because the address breaks only at its own marks, it is set ragged rather
 * than tracked. Tracked, a links roundup's line before an address had its
 * letters spread ("A r e p o r t", 8 % wider) or its four words spread
 * across the measure.
 */
function endsAtAddress(line: ScreenLine, next: ScreenLine | undefined): boolean {
  const last = line.text.trim().split(/\s+/u).at(-1) ?? '';
  return ADDRESS_WORD.test(last) || endsBeforeAddress(next);
}

/**
 * Whether the line before `next` ends right before an address: it is not
 * tracked, but set ragged when loose. A line that ends inside one is still
 * tracked, but only when its spaces would spread past RAGGED_RATIO: the
 * ragged break cannot be put inside the address's own span, and untracked
 * such a line printed with word spaces 2.8–3× the usual; a line a little
 * loose keeps its letters as they are (a links roundup's "A report on
 * health … https://www." was tracked 8 %).
 */
function endsBeforeAddress(next: ScreenLine | undefined): boolean {
  const first = next?.text.trim().split(/\s+/u)[0] ?? '';
  return /:\/\/|^www\.|@/u.test(first);
}

/** Block elements whose lines galley tracks. */
const paragraphs = new Set(['p', 'li']);

/**
 * Wraps the text of each line named in `tracking` in `<span class="track-N">`
 * (in place). A line is found by its letters in the paragraph's text; one
 * found nowhere (the text moved) is left alone.
 */
export function applyTracking(tree: Root, tracking: ReadonlyMap<string, number>, untie: ReadonlySet<string> = new Set(), ragged: ReadonlySet<string> = new Set()): void {
  if (tracking.size === 0 && untie.size === 0 && ragged.size === 0) return;
  const left = new Map(tracking);
  const untieLeft = new Set(untie);
  const found: Element[] = [];
  // Tracking reaches the outermost paragraphs and list items (the body's lines); a ragged line may be in a nested one (a note's paragraph).
  const visit = (node: Root | Element, inside: boolean): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const paragraph = paragraphs.has(child.tagName);
      if (paragraph) {
        if (!inside && (left.size > 0 || untieLeft.size > 0)) trackLines(child, left, untieLeft);
        found.push(child);
      }
      visit(child, inside || paragraph);
    }
  };
  visit(tree, false);
  if (ragged.size > 0) breakRagged(found, ragged);
}

/**
 * How many lines the open page set each paragraph and list item in, by the
 * skeleton of its text (as blockText gives it from the manuscript's tree).
 */
export function blockLineCounts(lines: readonly ScreenLine[]): Map<string, number> {
  const counts = new Map<string, number>();
  let text = '';
  let count = 0;
  const close = (): void => {
    if (count > 0) counts.set(skeleton(text), count);
  };
  for (const line of lines) {
    if (line.first) {
      close();
      [text, count] = ['', 0];
    }
    text += line.text;
    count++;
  }
  close();
  return counts;
}

/**
 * The text of a paragraph or list item as the screen's lines read it
 * (sandbox.ts, readScreenLines): without its note references, nor the
 * paragraphs and items nested in it, which are read on their own.
 */
export function blockText(element: Element): string {
  return element.children
    .map((child) => (child.type === 'text' ? child.value : child.type === 'element' && child.tagName !== 'sup' && !paragraphs.has(child.tagName) ? blockText(child) : ''))
    .join('');
}

/**
 * The text of every paragraph and list item in `tree` (nested ones too, each
 * on its own), without note references: what galley finds a line's key in.
 */
export function paragraphTexts(tree: Root): string[] {
  const texts: string[] = [];
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (paragraphs.has(child.tagName)) texts.push(blockText(child));
      visit(child);
    }
  };
  visit(tree);
  return texts;
}

/**
 * Hyphenates, in the outermost paragraphs and list items of `tree` (as
 * tracking finds its lines), the name that opens the line after each loose
 * line named in `names` (line key → the name's letters, mending.ts): that
 * occurrence only, found as the line's letters followed by the name's. Names
 * are otherwise kept whole (hyphenate.ts); "Russian" hyphenated wherever it
 * fell at a line's end made three hyphenated lines in a row in the seed.
 * `hyphenate` breaks one word, capitalised or not, with soft hyphens.
 */
export function hyphenateNames(tree: Root, names: ReadonlyMap<string, string>, hyphenate: (word: string) => string): void {
  if (names.size === 0) return;
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (!paragraphs.has(child.tagName)) {
        visit(child);
        continue;
      }
      const { texts, letters, at } = paragraphLetters(child);
      for (const [line, name] of names) {
        const found = letters.indexOf(line + name);
        if (found < 0) continue;
        const { text, offset } = at[found + line.length]!;
        const node = texts[text]!.node;
        const word = /^[\p{L}\p{M}]+/u.exec(node.value.slice(offset))?.[0];
        if (word === undefined || skeleton(word) !== name) continue;
        node.value = node.value.slice(0, offset) + hyphenate(word) + node.value.slice(offset + word.length);
      }
    }
  };
  visit(tree);
}

/** The most letters a paragraph's tied last two words have (tieLastWords ties up to 18 characters). */
const MAX_TIED_LETTERS = 18;

/** The text nodes of a paragraph (note references left out), and each of its letters' and digits' node and offset. */
function paragraphLetters(paragraph: Element): { texts: Array<{ node: Text; parent: Element }>; letters: string; at: Array<{ text: number; offset: number }> } {
  const texts: Array<{ node: Text; parent: Element }> = [];
  const collect = (element: Element): void => {
    for (const child of element.children) {
      if (child.type === 'text') texts.push({ node: child, parent: element });
      else if (child.type === 'element' && child.tagName !== 'sup' && !(child.tagName === 'li' || child.tagName === 'p')) collect(child);
    }
  };
  collect(paragraph);
  let letters = '';
  const at: Array<{ text: number; offset: number }> = [];
  texts.forEach(({ node }, index) => {
    for (let offset = 0; offset < node.value.length; offset++) {
      for (const char of skeleton(node.value[offset]!)) {
        letters += char;
        at.push({ text: index, offset });
      }
    }
  });
  return { texts, letters, at };
}

/**
 * Sets the lines named ragged: a forced break at each one's end, where the
 * line broke (a space, or after an address's or code's own mark, at its
 * `<wbr>`), never inside a word hyphenated there nor before a note's number.
 * A line is found by its letters; where they stand in paragraphs of
 * different text (an address quoted again in a note, set at another
 * measure), which of them it came from is not known, and it is left as it is.
 */
function breakRagged(found: Element[], ragged: ReadonlySet<string>): void {
  const read = found.map((paragraph) => ({ paragraph, ...paragraphLetters(paragraph) }));
  const breaks: Array<{ node: Text; parent: Element; offset: number }> = [];
  for (const key of ragged) {
    const holders = read.filter(({ letters }) => {
      const start = letters.indexOf(key);
      return start >= 0 && letters.indexOf(key, start + 1) < 0;
    });
    if (holders.length === 0 || holders.some(({ letters }) => letters !== holders[0]!.letters)) continue;
    for (const { texts, letters, at } of holders) {
      const end = at[letters.indexOf(key) + key.length - 1]!;
      let index = end.text;
      let offset = end.offset + 1;
      let marks = '';
      let place: boolean | undefined;
      // The marks after the line's last letter (its closing punctuation, an address's "/" or ".") stay on it.
      while (place === undefined) {
        const { node, parent } = texts[index]!;
        if (offset < node.value.length) {
          const char = node.value[offset]!;
          if (/\s/.test(char)) place = true;
          else if (/[\p{L}\p{N}\u00AD]/u.test(char)) place = /[/.\-_=(]$/.test(marks);
          else {
            marks += char;
            offset++;
          }
          continue;
        }
        const sibling = parent.children[parent.children.indexOf(node) + 1];
        if (sibling?.type === 'element' && sibling.tagName === 'wbr') place = true;
        else if (sibling?.type === 'element' || index + 1 >= texts.length) place = false;
        else {
          index++;
          offset = 0;
        }
      }
      if (place) breaks.push({ ...texts[index]!, offset });
    }
  }
  // From the last: a node split at one place keeps its offsets for the places before it.
  breaks.sort((a, b) => (a.node === b.node ? b.offset - a.offset : 0));
  for (const { node, parent, offset } of breaks) {
    const rest = node.value.slice(offset);
    node.value = node.value.slice(0, offset);
    const br: Element = { type: 'element', tagName: 'br', properties: {}, children: [] };
    parent.children.splice(parent.children.indexOf(node) + 1, 0, br, ...(rest ? [{ type: 'text' as const, value: rest }] : []));
  }
}

function trackLines(paragraph: Element, tracking: Map<string, number>, untie: Set<string>): void {
  // Every letter or digit of the paragraph's text: its text node and offset.
  const { texts, letters, at } = paragraphLetters(paragraph);
  // A loose line just before the paragraph's tied last words: the tie goes,
  // and the line is not tracked, so that the word before the tie fits on it.
  const untied = new Set<string>();
  for (const key of untie) {
    const start = letters.indexOf(key);
    if (start < 0 || letters.indexOf(key, start + 1) >= 0) continue;
    untie.delete(key);
    if (letters.length - (start + key.length) > MAX_TIED_LETTERS) continue;
    const end = at[start + key.length - 1]!;
    // The tie is the last no-break space, with only the last word after it.
    let after = '';
    for (let index = texts.length - 1; index >= end.text; index--) {
      const node = texts[index]!.node;
      const tie = node.value.lastIndexOf('\u00A0');
      if (tie >= 0 && (index > end.text || tie > end.offset) && !/\s/.test(node.value.slice(tie + 1) + after)) {
        node.value = `${node.value.slice(0, tie)} ${node.value.slice(tie + 1)}`;
        untied.add(key);
        break;
      }
      after = node.value + after;
      if (/\s/.test(after)) break;
    }
  }
  // Each text node's ranges to wrap, by text index.
  const ranges = new Map<number, Array<{ from: number; to: number; steps: number }>>();
  for (const [key, steps] of tracking) {
    const start = letters.indexOf(key);
    if (start < 0 || letters.indexOf(key, start + 1) >= 0) continue;
    tracking.delete(key);
    if (untied.has(key)) continue;
    const first = at[start]!;
    const last = at[start + key.length - 1]!;
    for (let index = first.text; index <= last.text; index++) {
      const value = texts[index]!.node.value;
      const from = index === first.text ? first.offset : 0;
      const to = index === last.text ? last.offset + 1 : value.length;
      ranges.set(index, [...(ranges.get(index) ?? []), { from, to, steps }]);
    }
  }
  for (const [index, list] of ranges) {
    const { node, parent } = texts[index]!;
    list.sort((a, b) => a.from - b.from);
    const pieces: ElementContent[] = [];
    let cursor = 0;
    for (const { from, to, steps } of list) {
      if (from < cursor) continue;
      if (from > cursor) pieces.push({ type: 'text', value: node.value.slice(cursor, from) });
      pieces.push({ type: 'element', tagName: 'span', properties: { className: [`track-${steps}`] }, children: [{ type: 'text', value: node.value.slice(from, to) }] });
      cursor = to;
    }
    if (cursor < node.value.length) pieces.push({ type: 'text', value: node.value.slice(cursor) });
    parent.children.splice(parent.children.indexOf(node), 1, ...pieces);
  }
}
