/**
 * A block quote's attribution. Authors write it as the quote's last
 * paragraph, opening with a dash:
 *
 *     > The words quoted.
 *     >
 *     > — Who said them, and where
 *
 * That paragraph gets the class `attribution`, which the editions' style
 * sheets set apart from the quote (flush to the end of the line, not
 * indented as the quote's next paragraph).
 *
 * Many write it on the line under the quote, with no empty line between:
 *
 *     > The words quoted.
 *     > — Who said them
 *
 * which Markdown joins into the quote's paragraph, so that the name ran on
 * after its words and print left the dash at the end of one line, the name
 * alone on the next. Such a last line, opening with a dash after a sentence
 * that ends, is split off as the attribution. A line that opens with a dash
 * in the middle of a sentence ("the harbour / — the old one — was shut"),
 * as a manuscript wrapped by hand has them, stays where it is, and so do
 * lines of dialogue that each open with a dash, and a stanza's last line.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** A dash (em, en, or a horizontal bar), then a space: the attribution's opening. */
const OPENING = /^\s*[\u2013\u2014\u2015]\s/;
/** Every line that opens with such a dash. */
const LINE_OPENING = /(?:^|\n)[^\S\n]*[\u2013\u2014\u2015]\s/g;
/**
 * How the quote's words end before an attribution on the next line: a
 * sentence's stop, or a closing quotation mark (“ closes a German quote, « a
 * Danish one, so initial marks count too).
 */
const SENTENCE_END = /[.!?…。！？\p{Pe}\p{Pf}\p{Pi}]$/u;

function markAttribution(paragraph: Element): void {
  const names = Array.isArray(paragraph.properties.className) ? paragraph.properties.className.map(String) : [];
  paragraph.properties.className = [...names, 'attribution'];
}

/**
 * The attribution written on the paragraph's last line, split off as a
 * paragraph of its own; or nothing, when the last line is no attribution.
 */
function splitLastLine(paragraph: Element): Element | undefined {
  const children = paragraph.children;
  // A stanza's lines are broken by hand (<br>): its last line is the poem's.
  if (children.some((child) => child.type === 'element' && child.tagName === 'br')) return undefined;
  // Lines of dialogue, each opening with a dash, are the quote's words.
  if ((toString(paragraph).match(LINE_OPENING) ?? []).length !== 1) return undefined;
  for (let at = children.length - 1; at >= 0; at--) {
    const child = children[at]!;
    if (child.type !== 'text') continue;
    const newline = child.value.lastIndexOf('\n');
    if (newline < 0) continue;
    const before: ElementContent[] = [...children.slice(0, at)];
    const head = child.value.slice(0, newline).trimEnd();
    if (head) before.push({ type: 'text', value: head } satisfies Text);
    const after: ElementContent[] = [{ type: 'text', value: child.value.slice(newline + 1) } satisfies Text, ...children.slice(at + 1)];
    const words = toString({ type: 'element', tagName: 'p', properties: {}, children: before }).trim();
    const attribution = toString({ type: 'element', tagName: 'p', properties: {}, children: after });
    if (!words || !SENTENCE_END.test(words) || !OPENING.test(attribution)) return undefined;
    paragraph.children = before;
    return { type: 'element', tagName: 'p', properties: { className: ['attribution'] }, children: after };
  }
  return undefined;
}

export default function rehypeGalleyAttribution() {
  return (tree: Root): void => {
    visit(tree, 'element', (quote: Element) => {
      if (quote.tagName !== 'blockquote') return;
      const paragraphs = quote.children.filter((child): child is Element => child.type === 'element');
      const last = paragraphs[paragraphs.length - 1];
      if (last?.tagName !== 'p') return;
      if (paragraphs.length >= 2 && OPENING.test(toString(last))) {
        markAttribution(last);
        return;
      }
      const attribution = splitLastLine(last);
      if (attribution) quote.children.splice(quote.children.indexOf(last) + 1, 0, { type: 'text', value: '\n' }, attribution);
    });
  };
}
