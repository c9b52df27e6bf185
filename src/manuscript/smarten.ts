/**
 * Smart typography for strings that do not pass through the Markdown body
 * (front matter, figure credits): the same SmartyPants rules remark-smartypants
 * applies to the body, so a headline and a paragraph agree.
 */
import { retext } from 'retext';
import retextSmartypants from 'retext-smartypants';

const processor = retext().use(retextSmartypants).freeze();

export function smarten(text: string): string {
  return String(processor.processSync(text));
}
