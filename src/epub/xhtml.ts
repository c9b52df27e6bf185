/**
 * The document's hast as XHTML for the e-book: serialised as XML (not HTML),
 * with pictures pointing into the package and DPUB-ARIA roles doubled as
 * `epub:type` for reading systems that only know the latter.
 *
 * Notes leave the content tree here and go to the article template, which
 * sets each one as an `<li epub:type="endnote">` with its back-link first:
 * reading apps pop it up and, unlike a footnote aside, still show it on the
 * page (see README, "Notes").
 */
import type { Element as HastElement, ElementContent, Root as HastRoot } from 'hast';
import { toString } from 'hast-util-to-string';
import { toXast } from 'hast-util-to-xast';
import { SKIP, visit } from 'unist-util-visit';
import { visitParents } from 'unist-util-visit-parents';
import type { Element as XastElement, Root as XastRoot } from 'xast';
import { toXml } from 'xast-util-to-xml';
import { bodyRows, narrowestWidth, PHONE_COLUMN, PHONE_TYPE, phoneTableType, tableColumns } from '../table-columns.js';
import { inDigits, type Words } from '../words.js';

const EPUB_TYPES: Record<string, string> = {
  'doc-noteref': 'noteref',
};

/** One note, for the article template. */
export interface NoteView {
  /** The note's id: the target of its references. */
  id: string;
  /** 1-based, in reading order: the number its reference shows. */
  number: number;
  /** Its number as its call shows it, in the article's digits ("۱" in Persian). */
  shown: string;
  /** The numbers of the further back-links (2, 3…), in those digits. */
  moreShown: string[];
  /** Where the back-link returns: the first reference to the note. */
  backHref: string;
  /** Where the further back-links return, one to each later reference of a note called more than once. */
  moreBackHrefs: string[];
  /** The note's first paragraph (inner XHTML), which the back-link opens. */
  lead: string;
  /** Any further blocks of the note, as XHTML. */
  rest: string;
}

export interface ArticleXhtml {
  body: string;
  notes: NoteView[];
  /** The id the note references point to with aria-describedby, for the notes' heading. */
  notesLabelId: string | undefined;
}

export interface XhtmlOptions {
  /** The name of the n-th table's scrolling box (1-based) when the table has no caption: galley's word `table` ("Table 2"). */
  tableLabel?: (n: number) => string;
  /** galley's words said, unseen, to a listener and to text-only copies: a task's state, struck-out words. */
  said?: Said;
}

/** Words a reading app does not show but a screen reader, a text-to-speech voice and a conversion to text keep. */
export interface Said {
  /** Before a ticked task's words: "Done:". */
  taskDone: string;
  /** Before an unticked task's words: "To do:". */
  taskToDo: string;
  /** Before struck-out words (a correction's): "[struck out:". */
  deletedBefore: string;
  /** After them: "]". */
  deletedAfter: string;
  /** A note's call, by the number it shows: "Note 1" (the word `noteCall`). */
  noteCall: (shown: string) => string;
}

/** The unseen words in the article's language (templates/words). */
export function saidIn(words: Words): Said {
  return { taskDone: words.t('taskDone'), taskToDo: words.t('taskToDo'), deletedBefore: words.t('deletedBefore'), deletedAfter: words.t('deletedAfter'), noteCall: (n) => words.t('noteCall', { n }) };
}

/** Text a reading app hides and every other reader keeps. */
function unseen(text: string): HastElement {
  return { type: 'element', tagName: 'span', properties: { className: ['sr-only'] }, children: [{ type: 'text', value: text }] };
}

/**
 * A task's box, drawn in the text's ink by the style sheet, with the task's
 * state in words. remark-gfm's disabled checkbox was drawn by reading apps
 * as a pale grey form control, sat on the number of a numbered task list,
 * and a conversion to text (calibre's TXT) dropped it, so that done and to
 * do read alike; the words ("Done:") are what a screen reader says and what
 * a text copy keeps. The label that named the box gives way to its words.
 */
function taskBoxes(tree: HastRoot, said: Said): void {
  visit(tree, 'element', (node: HastElement) => {
    node.children = node.children.flatMap((child): ElementContent[] => {
      if (child.type !== 'element') return [child];
      if (child.tagName === 'label' && child.children.some(isBox)) return child.children;
      return [child];
    });
    node.children = node.children.map((child): ElementContent => {
      if (!isBox(child)) return child;
      const done = (child as HastElement).properties.checked === true;
      const tick: ElementContent[] = done ? [{ type: 'element', tagName: 'span', properties: { className: ['task-tick'] }, children: [] }] : [];
      return { type: 'element', tagName: 'span', properties: { className: ['task-box', done ? 'task-done' : 'task-to-do'] }, children: [...tick, unseen(`${done ? said.taskDone : said.taskToDo} `)] };
    });
  });
}

function isBox(node: ElementContent): boolean {
  return node.type === 'element' && node.tagName === 'input' && node.properties.type === 'checkbox';
}

/**
 * Struck-out words (`~~400~~ 40`, a correction) stay `<del>`, drawn struck
 * through, and say so unseen: a screen reader, Kindle's text-to-speech and a
 * conversion to text read "[struck out: 400] 40", not "400 40" as if both stood.
 */
function deletions(tree: HastRoot, said: Said): void {
  visit(tree, 'element', (node: HastElement) => {
    if (node.tagName !== 'del' && node.tagName !== 's') return;
    node.children = [unseen(`${said.deletedBefore} `), ...node.children, unseen(said.deletedAfter)];
    return SKIP;
  });
}

export function contentToXhtml(content: HastRoot, imageHref: (assetId: string) => string, options: XhtmlOptions = {}): ArticleXhtml {
  const tree = structuredClone(content);
  visit(tree, 'element', (node: HastElement) => {
    if (node.tagName === 'img' && typeof node.properties.src === 'string') {
      node.properties.src = imageHref(node.properties.src);
      // Reading systems scale a picture to the screen from the stylesheet
      // (max-width and height: auto). calibre turns width and height
      // attributes into fixed CSS pixels that max-width then squeezes in one
      // direction only: a 3:2 photo came out 3:4 on the road to a Kindle.
      delete node.properties.width;
      delete node.properties.height;
    }
  });
  visitParents(tree, 'element', (node: HastElement, ancestors) => {
    if (node.tagName === 'table') markShortColumns(node, ancestors.filter((ancestor): ancestor is HastElement => ancestor.type === 'element'));
  });
  wrapTables(tree, options.tableLabel);
  if (options.said) {
    taskBoxes(tree, options.said);
    deletions(tree, options.said);
    nameNoteCalls(tree, options.said);
  }
  const { notes, labelId } = takeNotes(tree);
  return { body: serialise(tree), notes, notesLabelId: labelId };
}

/**
 * A note's call is named "Note 1" (the word `noteCall`, in the article's
 * language), not by the bare number it shows: a screen reader said "link 1"
 * (and Chromium named it "1"), which tells a listener nothing of a note. The
 * name holds the number the call shows, in the article's digits ("۱" in
 * Persian), so that the visible label is in the name (WCAG 2.5.3), and the
 * call keeps its text for every reader that reads text.
 */
function nameNoteCalls(tree: HastRoot, said: Said): void {
  visit(tree, 'element', (node: HastElement) => {
    if (node.tagName !== 'a' || node.properties.dataFootnoteRef === undefined) return undefined;
    const shown = toString(node).trim();
    if (shown !== '') node.properties.ariaLabel = said.noteCall(shown);
    return SKIP;
  });
}

/** A quotation's type is 0.95 of the text's, a quotation in it the same (style.css); each is indented 1.5 of its ems on either side. */
const QUOTE_TYPE = 0.95;
const QUOTE_INDENT_EM = 1.5;
/** A list's indent (a reading app's own, as browsers set it: 40 px) and a definition's (style.css, 1.5 of its ems). */
const LIST_INDENT_PX = 40;
const DEFINITION_INDENT_EM = 1.5;
/**
 * The widths (in the reader's ems, as a container query reads them) below
 * which a table's long words may break (style.css, `words-N`): a table whose
 * words cannot all stand whole side by side in a phone's column is given the
 * first of these that its words need.
 */
const WORD_BREAK_WIDTHS = [22, 24, 26, 28, 30, 33, 36, 40, 45, 50];
/** Reckoned from the face's average advance, a long word is wider than its letters say ("Reconstruction"): the room reckoned is taken as this much more. */
const WORD_WIDTH_MARGIN = 1.1;

/**
 * Keeps the cells of a table's columns of short cells on one line
 * (`td.unbroken`, style.css; see table-columns.ts) where they fit a phone's
 * text column, at the table's size there (0.9 of the text's; a row of five
 * cells or more 0.85 of that, with gaps of 0.4 em rather than 0.8): "Station
 * A0" was broken into two lines a cell at 360 px beside a column of long
 * phrases. A table in a quotation or a list (`ancestors`) is reckoned for its
 * column and type; in a list it is marked with that column's width in ems
 * (`column-N`, rounded down), down to which its short cells stay whole (a list's column
 * on a phone is narrower than the 20.25 ems below which a table's cells may
 * break: "Departu / re", "Dur / atio / n"). A table whose longest words need more room than a phone's
 * column, side by side, is marked with the column's width (in ems) below which
 * its words may break (`words-N`, style.css): a cell's long word only breaks
 * where there is no room for it whole (`overflow-wrap: break-word`), which
 * never narrows a table, so "Szczebrzeszyn", "Reconstruction" and three more
 * columns ran a table 80 px past a 360 px screen.
 */
function markShortColumns(table: HastElement, ancestors: HastElement[]): void {
  const cells = Math.max(0, ...bodyRows(table).map((row) => row.children.filter((cell) => cell.type === 'element' && (cell.tagName === 'td' || cell.tagName === 'th')).length));
  const five = cells >= 5;
  const quotes = ancestors.filter((ancestor) => ancestor.tagName === 'blockquote').length;
  let indent = 0;
  let quoted = false;
  for (const ancestor of ancestors) {
    if (ancestor.tagName === 'blockquote') quoted = true;
    const size = PHONE_TYPE * (quoted ? QUOTE_TYPE : 1);
    if (ancestor.tagName === 'blockquote') indent += 2 * QUOTE_INDENT_EM * size;
    else if (ancestor.tagName === 'ul' || ancestor.tagName === 'ol') indent += LIST_INDENT_PX;
    else if (ancestor.tagName === 'dd') indent += DEFINITION_INDENT_EM * size;
  }
  const measure = { em: phoneTableType(cells) * (quotes > 0 ? QUOTE_TYPE : 1), measure: PHONE_COLUMN - indent, gapEm: five ? 0.4 : 0.8, softHyphens: true };
  // Short columns kept whole where the others' longest words (to their soft hyphens) do not fit beside them crowd the others into breaking between letters: then only those that leave them room are kept whole.
  let columns = tableColumns(table, measure);
  if (narrowestWidth(columns, measure) > measure.measure) columns = tableColumns(table, { ...measure, roomForWords: true });
  for (const column of columns.filter((candidate) => candidate.unbroken)) {
    for (const cell of column.cells) {
      const current = cell.properties.className;
      cell.properties.className = [...(Array.isArray(current) ? current.map(String) : []), 'unbroken'];
    }
  }
  const classes = Array.isArray(table.properties.className) ? table.properties.className.map(String) : [];
  // In a list (not a quotation, which style.css reckons for itself), the short cells stay whole down to the list's column (whole ems).
  if (indent > 0 && quotes === 0) classes.push(`column-${Math.min(20, Math.max(10, Math.floor((PHONE_COLUMN - indent) / PHONE_TYPE)))}`);
  // A wide table's words break wherever the column is too narrow already (style.css).
  const needs = (narrowestWidth(columns, measure) * WORD_WIDTH_MARGIN) / PHONE_TYPE;
  if (!classes.includes('wide') && needs > PHONE_COLUMN / PHONE_TYPE) {
    const width = WORD_BREAK_WIDTHS.find((candidate) => candidate >= needs);
    classes.push(width ? `words-${width}` : 'words-any');
  }
  if (classes.length > 0) table.properties.className = classes;
}

/**
 * Each table in a box of its own (`div.table-scroll`, templates/epub/style.css).
 * The box no longer scrolls (its name is from when it did): a box that scrolls
 * is one block a reading app that pages cannot split, and a long table lost
 * every row past its first screen. The box measures the column for the rule
 * that lets a table's short cells wrap where the column is narrower than a
 * phone's at 100 %, so that the table fits instead of running past it.
 *
 * It is a `region` a screen reader names and lets the reader move to, named by
 * the table's caption when it has one (`aria-labelledby`), else by galley's
 * word `table` ("Table 2"). Nothing in it scrolls, so it is no stop in the tab
 * order (a stop where a key does nothing).
 */
function wrapTables(tree: HastRoot, tableLabel: (n: number) => string = (n) => `Table ${n}`): void {
  let n = 0;
  visit(tree, 'element', (node: HastElement, index, parent) => {
    if (node.tagName !== 'table' || !parent || index === undefined) return undefined;
    n += 1;
    const caption = node.children.find((child): child is HastElement => child.type === 'element' && child.tagName === 'caption');
    let name: HastElement['properties'];
    if (caption) {
      const id = typeof caption.properties.id === 'string' && caption.properties.id !== '' ? caption.properties.id : `table-${n}-caption`;
      caption.properties.id = id;
      name = { ariaLabelledBy: [id] };
    } else {
      name = { ariaLabel: tableLabel(n) };
    }
    parent.children[index] = { type: 'element', tagName: 'div', properties: { className: ['table-scroll'], role: 'region', ...name }, children: [node] };
    return [SKIP, index + 1];
  });
}

/** Removes the notes section (remark-rehype's GFM footnotes) from the tree and returns its notes. */
function takeNotes(tree: HastRoot): { notes: NoteView[]; labelId: string | undefined } {
  const index = tree.children.findIndex((child) => child.type === 'element' && child.tagName === 'section' && child.properties.dataFootnotes !== undefined);
  if (index < 0) return { notes: [], labelId: undefined };
  const section = tree.children[index] as HastElement;
  tree.children.splice(index, 1);
  // The digits the calls are written in (src/manuscript/rehype-notes.ts).
  const digits = typeof section.properties.dataDigits === 'string' ? section.properties.dataDigits : 'latn';
  let labelId: string | undefined;
  const items: HastElement[] = [];
  visit(section, 'element', (node: HastElement) => {
    if (/^h[1-6]$/.test(node.tagName) && typeof node.properties.id === 'string') labelId = node.properties.id;
    if (node.tagName === 'li' && typeof node.properties.id === 'string') items.push(node);
  });
  const notes = items.map((item, i): NoteView => {
    const backHrefs: string[] = [];
    // Every back-link goes: the template sets them, first, one to each reference.
    visit(item, 'element', (node: HastElement, position, parent) => {
      if (node.tagName === 'a' && node.properties.dataFootnoteBackref !== undefined && parent && position !== undefined) {
        backHrefs.push(String(node.properties.href ?? ''));
        parent.children.splice(position, 1);
        return position;
      }
      return undefined;
    });
    const blocks = item.children.filter((child): child is HastElement => child.type === 'element');
    const [first, ...others] = blocks;
    const leadNodes: ElementContent[] = first && first.tagName === 'p' ? first.children : first ? [first] : [];
    trimEnd(leadNodes);
    // The back-links stood at the end of the note's last block: the space before them goes too.
    const last = others[others.length - 1];
    if (last) trimEnd(last.children);
    return {
      id: String(item.properties.id),
      number: i + 1,
      shown: inDigits(String(i + 1), digits),
      moreShown: backHrefs.slice(1).map((_, k) => inDigits(String(k + 2), digits)),
      backHref: backHrefs[0] ?? '',
      moreBackHrefs: backHrefs.slice(1),
      lead: serialise({ type: 'root', children: leadNodes }),
      rest: serialise({ type: 'root', children: others }),
    };
  });
  return { notes, labelId };
}

/** Drops white space left at the end of a paragraph once its back-link is gone. */
function trimEnd(nodes: ElementContent[]): void {
  // A note called several times had a space before each of its back-links.
  for (let last = nodes.at(-1); last && last.type === 'text'; last = nodes.at(-1)) {
    last.value = last.value.replace(/\s+$/, '');
    if (last.value !== '') return;
    nodes.pop();
  }
}

function serialise(tree: HastRoot): string {
  const xast = toXast(tree) as XastRoot;
  visit(xast, 'element', (node: XastElement) => {
    // The page template declares the XHTML namespace once, on <html>.
    if (node.attributes.xmlns === 'http://www.w3.org/1999/xhtml') delete node.attributes.xmlns;
    // A language mark counts in XHTML as xml:lang; reading systems look at either.
    if (typeof node.attributes.lang === 'string') node.attributes['xml:lang'] = node.attributes.lang;
    const role = node.attributes.role;
    const type = role ? EPUB_TYPES[role] : undefined;
    if (type) node.attributes['epub:type'] = type;
  });
  return toXml(xast, { closeEmptyElements: true });
}
