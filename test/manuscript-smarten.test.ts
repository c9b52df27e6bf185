/**
 * src/manuscript/smarten.ts on its own: the SmartyPants rules for text that
 * does not pass through the Markdown body (titles, credits, rights), in
 * several languages' text.
 */
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { smarten } from '../src/manuscript/smarten.js';

const cases: Array<[string, string]> = [
  ['"Quoted" words', '“Quoted” words'],
  ["It's the author's", 'It’s the author’s'],
  ["'Single' quotes", '‘Single’ quotes'],
  // SmartyPants' default: two hyphens make an em dash (as in the body).
  ['A dash -- here', 'A dash — here'],
  ['Wait...', 'Wait…'],
  ['Żółć "w cudzysłowie"', 'Żółć “w cudzysłowie”'],
  ['日本語 "引用"', '日本語 “引用”'],
  ['עברית "ציטוט"', 'עברית “ציטוט”'],
  ['No quotes at all', 'No quotes at all'],
  ['', ''],
];

describe('smarten', () => {
  it.each(cases)('%j', (input, expected) => {
    expect(smarten(input)).toBe(expected);
  });

  it('is idempotent: smart text stays as it is', () => {
    for (const [, expected] of cases) expect(smarten(expected)).toBe(expected);
  });

  it('agrees with what the body of an article gets (remark-smartypants)', async () => {
    const body = unified().use(remarkParse).use(remarkSmartypants);
    for (const [input] of cases.filter(([text]) => text !== '')) {
      const tree = await body.run(body.parse(input));
      expect(smarten(input), input).toBe(toString(tree));
    }
  });
});
