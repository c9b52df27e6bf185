/**
 * Smart typography for strings that do not pass through the Markdown body
 * (front matter, figure credits): the same SmartyPants rules remark-smartypants
 * applies to the body, with the quotation marks of the language (quotes.ts),
 * so a headline and a paragraph agree.
 */
import type { ElementContent } from 'hast';
import { retext } from 'retext';
import retextSmartypants from 'retext-smartypants';
import { asHyphen } from '../line-breaks.js';
import { hebrewMarks } from './hebrew-marks.js';
import { QUOTE_STAND_INS, resolveQuotes, resolveQuotesInTree } from './quotes.js';

const processor = retext().use(retextSmartypants, QUOTE_STAND_INS).freeze();

/**
 * SmartyPants' quotes still as stand-ins (quotes.ts); a non-breaking hyphen
 * as the hyphen every face draws (line-breaks.ts: a headline's or a credit's
 * word of them may break there, which no face drawing U+2011 is worth).
 */
function smartenOnly(text: string): string {
  return String(processor.processSync(hebrewMarks(asHyphen(text))));
}

export function smarten(text: string, language = 'en'): string {
  return resolveQuotes(smartenOnly(text), language);
}

/** The same for inline content (a credit's text and language spans), text by text; a span's quotes are its language's. */
export function smartenContent(content: ElementContent[], language = 'en'): ElementContent[] {
  const smartened = content.map(function each(node): ElementContent {
    if (node.type === 'text') return { ...node, value: smartenOnly(node.value) };
    if (node.type === 'element') return { ...node, children: node.children.map(each) };
    return node;
  });
  const root = { type: 'root' as const, children: smartened };
  resolveQuotesInTree(root, language);
  return root.children;
}
