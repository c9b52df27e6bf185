/**
 * A table's caption. GFM has no syntax for one; authors write a short
 * paragraph right before the table (or after it) that names it: all in bold
 * ("**Table 1. Annual rainfall …**", before it only, and not asking a question: an interview's question answered by
 * a table stays the question it is), or beginning with the table's label
 * and number ("Table 1. Annual rainfall …", "**Table 1.** Annual…", "Figure
 * 2: …"), or in pandoc's syntax, "Table: Annual rainfall" or ": Annual
 * rainfall" (the "Table:" or ":" is not the caption's). Both editions set
 * such a paragraph as body text: indented, justified, free to stay at a
 * page's foot while its table goes to the next, and no name of the table
 * for a screen reader. It becomes the table's `<caption>`: set flush and
 * unjustified, kept with the table, the name of the e-book's box and of the
 * PDF's table. A paragraph before the table is taken first; one after it,
 * where none before is (pandoc's syntax: first, as pandoc takes it), and
 * never one that stands right before another table (it is that one's; in
 * pandoc's syntax, the table's before it, as pandoc has it). A paragraph that begins
 * with a label but is too long for a caption is left, and the author warned.
 * After the wide tables are split: the caption goes to the first part.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { warn } from './diagnostics.js';

/** A caption is short: a paragraph longer than this is text, not a table's name. */
export const TABLE_CAPTION_MAX = 200;

/**
 * The words a table's (or figure's) label begins with, in the languages
 * galley speaks: what its tables print (templates/words/*.json, "table" and
 * "figure") and their short forms. This is what authors write in
 * manuscripts, not what the editions print.
 */
const LABELS = [
  'table', 'tab', 'tabel', 'tabela', 'tabell', 'tabella', 'tabelle', 'tabla', 'tableau', 'tablo', 'tabulka', 'πίνακας', 'табела', 'таблица', 'таблиця', 'աղյուսակ', 'טבלה', 'الجدول', 'جدول', 'ตารางที่', 'ตาราง', 'ცხრილი', '表', '표',
  'figure', 'fig', 'abbildung', 'abb', 'afbeelding', 'figur', 'figura', 'obrázek', 'obr', 'rycina', 'ryc', 'slika', 'şekil', 'εικόνα', 'рисунок', 'рис', 'слика', 'նկար', 'איור', 'الشكل', 'ภาพที่', 'სურათი', '図', '图', '圖', '그림',
];

/**
 * A label and its number, then a stop, a colon or a dash: "Table 1.", "Fig. 2:", "Tabelle 3 –", "表1：". "Table 1
 * shows…" is a sentence about the table, not its name.
 */
const LABELLED = new RegExp(`^(?:${LABELS.map((label) => label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\.?\\s*\\p{Nd}+(?:[.-]\\p{Nd}+)*\\p{Ll}?\\s*(?:[.:：—–]|-\\s)`, 'iu');

/**
 * Pandoc's caption: a paragraph beginning "Table:" or ":" (which is not the caption's). In French, which spaces a
 * colon from its word, "Table :" too (a space or a no-break space): it was printed as a paragraph.
 */
export const PANDOC = /^\s*(?:table[ \u00A0\u202F]?)?:\s+/i;

/**
 * A question's end: "?" in its scripts' forms (Greek's ";", which Unicode's composed form makes the semicolon,
 * Arabic's "؟", the full width "？", Ethiopic's "፧", "⁇ ⁈ ⁉"), then any closing quote (German's is "“") or bracket. A caption names
 * its table; it does not ask.
 */
const QUESTION = /[?\uff1f\u061f;\u1367\u2047-\u2049][\p{Pe}\p{Pf}\p{Pi}"']*$/u;

const blank = (node: ElementContent): boolean => node.type === 'text' && node.value.trim() === '';

/** The paragraph's one bold element, when all it holds is that (and spaces). */
function boldOnly(paragraph: Element): Element | undefined {
  const content = paragraph.children.filter((child) => !blank(child));
  const only = content.length === 1 ? content[0] : undefined;
  return only?.type === 'element' && (only.tagName === 'strong' || only.tagName === 'b') ? only : undefined;
}

/** The paragraph's content without pandoc's "Table:" or ":" (a paragraph that does not begin so: undefined). */
function pandocCaption(paragraph: Element): ElementContent[] | undefined {
  const first = paragraph.children[0];
  if (first?.type !== 'text' || !PANDOC.test(first.value)) return undefined;
  const rest = first.value.replace(PANDOC, '');
  return [...(rest === '' ? [] : [{ ...first, value: rest }]), ...paragraph.children.slice(1)];
}

interface Candidate {
  paragraph: Element;
  /** What the caption holds. */
  content: ElementContent[];
  /** In pandoc's syntax. */
  pandoc: boolean;
}

/** What the paragraph makes as a table's caption, if it is one; a paragraph that begins with a label but is too long is warned of. */
function candidate(node: ElementContent | undefined, file: VFile, above: boolean): Candidate | undefined {
  if (node?.type !== 'element' || node.tagName !== 'p') return undefined;
  const text = toString(node).trim();
  if (text === '') return undefined;
  const long = [...text].length > TABLE_CAPTION_MAX;
  const pandoc = pandocCaption(node);
  const labelled = LABELLED.test(text);
  if (long) {
    if (pandoc || labelled) {
      const opening = [...text].slice(0, 24).join('');
      warn(
        file,
        `the paragraph "${opening}…" next to a table reads as its caption, but at ${[...text].length} characters it is too long for one (at most ${TABLE_CAPTION_MAX}): it is printed as text; shorten it to make it the table's caption, and put the rest in a paragraph after the table`,
        node,
        'table-caption-long',
      );
    }
    return undefined;
  }
  if (pandoc) return { paragraph: node, content: pandoc, pandoc: true };
  // A paragraph all in bold after a table is as often the next part's lead ("**Q: …**", bold-leads) as a caption;
  // one before it that asks a question is an interview's question, its table the answer ("**How much will it cost?**").
  const bold = above && !QUESTION.test(text) ? boldOnly(node) : undefined;
  if (bold) return { paragraph: node, content: [bold], pandoc: false };
  return labelled ? { paragraph: node, content: node.children, pandoc: false } : undefined;
}

export default function rehypeGalleyTableCaptions() {
  return (tree: Root, file: VFile): void => {
    const isTable = (node: ElementContent | undefined): boolean => node?.type === 'element' && node.tagName === 'table';
    const captionTables = (node: Root | Element): void => {
      const children = node.children as ElementContent[];
      // The element next to `index` in `step`'s direction, blank text passed over.
      const next = (index: number, step: number): number => {
        let at = index + step;
        while (at >= 0 && at < children.length && blank(children[at]!)) at += step;
        return at;
      };
      for (let index = 0; index < children.length; index++) {
        const table = children[index]!;
        if (table.type !== 'element' || table.tagName !== 'table') continue;
        if (table.children.some((child) => child.type === 'element' && child.tagName === 'caption')) continue;
        const before = next(index, -1);
        const after = next(index, 1);
        const above = candidate(children[before], file, true);
        // A paragraph after the table that stands right before another table is that one's (pandoc's is this one's).
        const following = candidate(children[after], file, false);
        const below = following && (following.pandoc || !isTable(children[next(after, 1)])) ? following : undefined;
        const taken = below?.pandoc && !above?.pandoc ? below : (above ?? below);
        if (!taken) continue;
        const caption: Element = { type: 'element', tagName: 'caption', properties: { className: ['table-caption'] }, children: taken.content, position: taken.paragraph.position };
        table.children.unshift(caption);
        if (taken === above) {
          children.splice(before, index - before);
          index = before;
        } else children.splice(index + 1, after - index);
      }
    };
    captionTables(tree);
    visit(tree, 'element', captionTables);
  };
}
