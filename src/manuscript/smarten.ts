/**
 * Smart typography for strings that do not pass through the Markdown body
 * (front matter, figure credits): the same SmartyPants rules remark-smartypants
 * applies to the body, so a headline and a paragraph agree.
 */
import type { ElementContent } from 'hast';
import { retext } from 'retext';
import retextSmartypants from 'retext-smartypants';
import { hebrewMarks } from './hebrew-marks.js';

const processor = retext().use(retextSmartypants).freeze();

export function smarten(text: string): string {
  return String(processor.processSync(hebrewMarks(text)));
}

/** The same for inline content (a credit's text and language spans), text by text. */
export function smartenContent(content: ElementContent[]): ElementContent[] {
  return content.map((node): ElementContent => {
    if (node.type === 'text') return { ...node, value: smarten(node.value) };
    if (node.type === 'element') return { ...node, children: smartenContent(node.children) };
    return node;
  });
}
