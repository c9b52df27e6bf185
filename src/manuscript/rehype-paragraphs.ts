/**
 * HTML does not nest paragraphs: a raw `<p>` written inside a paragraph
 * (`Before <p>inner</p> after.`) ends it, and the parser then reads the
 * outer `</p>` as an empty paragraph of its own, and leaves the words
 * between them outside any paragraph:
 * `<p>Before </p><p>inner</p> after.<p></p>`. Such words would be set
 * unjustified, without the paragraph's spacing, and the empty `<p />` adds
 * a gap to both editions.
 *
 * This plugin runs on the sanitized tree: wherever a container of the text
 * (the body, a block quote, a list item, a cell…) holds
 * paragraphs, a run of words and inline elements standing beside them
 * becomes a paragraph of its own, and paragraphs with nothing in them go.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { whitespace } from 'hast-util-whitespace';

/** Elements that stand inside a line of text (HTML's phrasing content, those the sanitizer lets through). */
export const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'img', 'ins', 'kbd', 'mark',
  'q', 'ruby', 'rp', 'rt', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr',
]);

/** Containers whose paragraphs are the text's own (a figure's picture and caption are the figures plugin's to arrange). */
const FLOW = new Set(['blockquote', 'li', 'div', 'section', 'article', 'aside', 'details', 'td', 'th']);

type Child = RootContent | ElementContent;

const isInline = (node: Child): boolean => node.type === 'text' || (node.type === 'element' && INLINE.has(node.tagName));

const isEmptyParagraph = (node: Child): boolean =>
  node.type === 'element' &&
  node.tagName === 'p' &&
  Object.keys(node.properties).length === 0 &&
  node.children.every((child) => child.type === 'text' && whitespace(child));

export default function rehypeGalleyParagraphs() {
  return (tree: Root): void => {
    mend(tree);
  };
}

function mend(parent: Root | Element): void {
  for (const child of parent.children) if (child.type === 'element') mend(child);
  if (parent.type === 'element' && !FLOW.has(parent.tagName)) return;
  if (!parent.children.some((child) => child.type === 'element' && child.tagName === 'p')) return;
  const children: Child[] = [];
  let run: Child[] = [];
  const flush = (): void => {
    if (run.some((node) => !(node.type === 'text' && whitespace(node)))) children.push(paragraphOf(run));
    else children.push(...run);
    run = [];
  };
  for (const child of parent.children as Child[]) {
    if (isInline(child)) {
      run.push(child);
      continue;
    }
    flush();
    if (!isEmptyParagraph(child)) children.push(child);
  }
  flush();
  parent.children = children as typeof parent.children;
}

/** A paragraph holding `run`, without the white space at its ends (kept outside, as between blocks). */
function paragraphOf(run: Child[]): Element {
  const content = run.map((node) => (node.type === 'text' ? { ...node } : node)) as ElementContent[];
  const first = content[0];
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '');
  const last = content[content.length - 1];
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
  const start = run[0]?.position?.start;
  const end = run[run.length - 1]?.position?.end;
  return {
    type: 'element',
    tagName: 'p',
    properties: {},
    children: content.filter((node) => !(node.type === 'text' && node.value === '')),
    ...(start && end ? { position: { start, end } } : {}),
  };
}
