/**
 * GFM footnotes (made by remark-rehype) get their DPUB-ARIA roles, which both
 * editions need: the EPUB writer derives `epub:type` from them, and the PDF's
 * structure tree gets meaningful tags.
 *
 * A note call right after a figure ("in 2019[^1]", "3[^n]" in a table cell)
 * reads as the figure's power ("2019¹"), and text taken from either edition
 * (copied from a PDF viewer, a reading app that drops the superscript,
 * calibre's text) turns it into another number ("20191"): the call is set
 * a little apart from the figure. After a figure and a full stop or comma
 * too ("in 2019.[^1]"), which would read as a decimal.
 *
 * A call is kept on the line of what it follows: after "?", "…", a danda or
 * a Chinese character a line may break before a number, and the call began
 * the next line alone.
 *
 * A note's call and its number are written in the digits the article's
 * language writes its date in (a Persian article's "۱", as its "۱۹ اردیبهشت
 * ۱۴۰۳"; digitsOf in src/words.ts): remark-rehype writes them 0–9. The notes
 * section says which (`data-digits`), for the print's list numbers and the
 * e-book's back-links. So does every numbered list of the text (`ol`), whose
 * numbers the editions' stylesheets write in those digits (a Persian list's
 * "۱." "۲.": CSS's `persian`), as the notes' and the date's, not in 0–9.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { toString } from 'hast-util-to-string';
import { whitespace } from 'hast-util-whitespace';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { isNoteCall } from '../heading-words.js';
import { digitsOf, inDigits } from '../words.js';
import { warn } from './diagnostics.js';

/**
 * In a table cell: U+00A0 NO-BREAK SPACE after the figure, a space that never
 * breaks the line (a cell is never justified, so it keeps its width). Not
 * the narrower U+202F, which the shipped text face does not draw (the PDF
 * would print it as a box; see "French spacing" in the README).
 */
export const NOTE_CALL_SPACE = '\u00a0';

/**
 * In prose: U+2009 THIN SPACE, opening the call (at its smaller size). A
 * no-break space before the call printed a full word space, and justification
 * stretches it (Chromium widens U+0020 and U+00A0 alone): 3.2–4 pt on a
 * justified line at letter, against 1.6 pt for this one, on every line. A
 * line may break after a thin space, that is inside the call: both editions'
 * style sheets set `sup` unbroken.
 */
export const PROSE_NOTE_CALL_SPACE = '\u2009';

/** A figure, or in prose a figure and the full stop or comma after it, which a call after it would extend. */
const CELL_FIGURE = /\p{Nd}$/u;
const PROSE_FIGURE = /\p{Nd}[.,]?$/u;

export { isNoteCall };

/** The last text in `node` (itself, or its last descendant that is text). */
export function lastText(node: ElementContent): Text | undefined {
  if (node.type === 'text') return node;
  if (node.type !== 'element') return undefined;
  for (let i = node.children.length - 1; i >= 0; i--) {
    const found = lastText(node.children[i]!);
    if (found) return found;
  }
  return undefined;
}

/** Sets each note call in `tree` apart from a figure before it: a thin space opens the call, or `cell` gives the text before it its no-break space. */
function spaceCallsAfterFigures(tree: Root | Element, cell: boolean): void {
  visit(tree, 'element', (node: Element) => {
    node.children.forEach((child, index) => {
      if (index === 0 || !isNoteCall(child)) return;
      const before = lastText(node.children[index - 1]!);
      if (!before) return;
      // A full stop or comma after an emphasised figure ("*2019*,[^1]") is a text of its own.
      const tail = before.value.length < 2 && index > 1 ? (lastText(node.children[index - 2]!)?.value ?? '') + before.value : before.value;
      if (!(cell ? CELL_FIGURE : PROSE_FIGURE).test(tail)) return;
      if (cell) before.value += NOTE_CALL_SPACE;
      else child.children.unshift({ type: 'text', value: PROSE_NOTE_CALL_SPACE });
    });
  });
}

/**
 * The stops a line may break after before a number (UAX #14), and Chinese
 * and Japanese characters: "?", "…", the dashes, Arabic's ؟, Urdu's ۔, the
 * danda, 。 and 、 and their full-width kin. Chromium broke "What happened?"
 * from its "¹", and an Urdu sentence's "۔" from its "1", leaving the call to
 * begin the next line alone. After a letter, a full stop, a comma, "!", a
 * colon, a bracket or a quotation mark it does not break there (measured in
 * Chromium), and the markup stays as it was.
 */
const TIED_BEFORE = /[?\u2026\u2013\u2014\u203d\u2047-\u2049\u061f\u06d4\u0964\u0965\u3001\u3002\uff01\uff0c\uff0e\uff1a\uff1b\uff1f\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]$/u;

/** The parents whose text runs on as a paragraph's; a table cell's calls hang apart (rehype-table-align.ts), a heading's words are its own. */
const TIED_IN = new Set(['p', 'li', 'dd', 'dt', 'figcaption', 'blockquote', 'em', 'strong', 'i', 'b', 'span', 'q', 'cite']);

/**
 * Keeps each note call on the line of what it follows: the call and the
 * character before it are set in one span (`note-tie`), which both
 * editions' style sheets keep unbroken.
 */
function tieCallsToText(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    if (Array.isArray(node.properties.className) && node.properties.className.includes('note-tie')) return SKIP;
    if (!TIED_IN.has(node.tagName)) return undefined;
    for (let index = 1; index < node.children.length; index++) {
      const call = node.children[index]!;
      const before = node.children[index - 1]!;
      if (!isNoteCall(call) || before.type !== 'text') continue;
      const characters = Array.from(before.value);
      const last = characters.at(-1);
      if (last === undefined || !TIED_BEFORE.test(last)) continue;
      before.value = characters.slice(0, -1).join('');
      node.children[index] = { type: 'element', tagName: 'span', properties: { className: ['note-tie'] }, children: [{ type: 'text', value: last }, call] };
      if (before.value === '') node.children.splice(--index, 1);
    }
    return undefined;
  });
}

/**
 * An author's own heading over the notes (`## Notes` before the `[^1]:`
 * lines, as word processors export them and many authors write them) has
 * nothing under it but the notes, which both editions set under a heading of
 * their own: two "Notes" in a row, an empty section, two entries in the
 * contents and the outline. The author's heading goes, with a warning at it
 * (the editions' heading is the word `notes`, which the front matter's
 * `words` can change). One a link leads to stays.
 */
function mergeNotesHeading(tree: Root, file: VFile): void {
  const notes = tree.children.findIndex((child) => child.type === 'element' && child.tagName === 'section' && child.properties.dataFootnotes !== undefined);
  let before = notes - 1;
  while (before >= 0 && whitespace(tree.children[before]!)) before--;
  const heading = before >= 0 ? tree.children[before]! : undefined;
  if (notes < 0 || heading?.type !== 'element' || !/^h[2-6]$/.test(heading.tagName)) return;
  const id = heading.properties.id;
  let linked = false;
  if (typeof id === 'string') visit(tree, 'element', (node: Element) => { if (node.tagName === 'a' && node.properties.href === `#${id}`) linked = true; });
  if (linked) return;
  const words = toString(heading).replace(/\s+/g, ' ').trim();
  warn(
    file,
    `heading "${words}" has nothing under it but the notes, which both editions set under a heading of their own: it was left out (to give that heading other words, set \`words: { notes: "…" }\` in the front matter)`,
    heading,
    'notes-heading',
  );
  tree.children.splice(before, notes - before);
}

/** The numbers in a call or a back-link, written in `system`'s digits. */
function writeDigits(node: Element, system: string): void {
  visit(node, 'text', (text: Text) => {
    text.value = inDigits(text.value, system);
  });
}

export default function rehypeGalleyNotes() {
  return (tree: Root, file: VFile): void => {
    mergeNotesHeading(tree, file);
    // The text's digits (rehype-digits.ts), else its language's.
    const digits = file.data.digits ?? digitsOf(file.data.frontMatter?.language ?? 'en');
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'a' && node.properties.dataFootnoteRef !== undefined) {
        node.properties.role = 'doc-noteref';
        writeDigits(node, digits);
      } else if (node.tagName === 'a' && node.properties.dataFootnoteBackref !== undefined) {
        node.properties.role = 'doc-backlink';
        writeDigits(node, digits);
      } else if (node.tagName === 'section' && node.properties.dataFootnotes !== undefined) {
        node.properties.role = 'doc-endnotes';
        if (digits !== 'latn') node.properties.dataDigits = digits;
      } else if (node.tagName === 'ol') {
        if (digits !== 'latn') node.properties.dataDigits = digits;
      } else if (node.tagName === 'td' || node.tagName === 'th') {
        spaceCallsAfterFigures(node, true);
      }
    });
    // The cells' calls are set apart already: their figures end in a no-break space now.
    spaceCallsAfterFigures(tree, false);
    tieCallsToText(tree);
  };
}
