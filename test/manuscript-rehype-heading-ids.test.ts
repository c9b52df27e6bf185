/** src/manuscript/rehype-heading-ids.ts: a heading's id is GitHub's slug of its words, without its notes' calls. */
import { describe, expect, it } from 'vitest';
import rehypeGalleyHeadingIds from '../src/manuscript/rehype-heading-ids.js';
import { hastOf } from './manuscript-harness.js';

const ids = async (markdown: string): Promise<string[]> => [...(await hastOf(markdown, [rehypeGalleyHeadingIds])).html.matchAll(/<h[1-6] id="([^"]*)"/g)].map((match) => match[1]!);

describe('rehype-heading-ids', () => {
  it('leaves a note’s call out of the id, wherever it stands in the heading', async () => {
    expect(await ids('## Budget[^b] 2024\n\n### The *mill*[^b]\n\n#### [^b]Before\n\nText.\n\n[^b]: A note.\n')).toEqual(['budget-2024', 'the-mill', 'before']);
  });

  it('makes the ids GitHub makes: a link’s words without its address, other superscripts kept, repeats numbered', async () => {
    expect(await ids('## A [link](https://example.com) in it\n\n## E = mc<sup>2</sup>\n\n## Notes\n\n## Notes[^a]\n\n## Notes\n\n[^a]: A note.\n')).toEqual([
      'a-link-in-it',
      'e--mc2',
      'notes',
      'notes-1',
      'notes-2',
    ]);
  });

  it('keeps an id a raw heading was given', async () => {
    expect(await ids('<h2 id="own">Own[^a]</h2>\n\n## Own\n\n[^a]: A note.\n')).toEqual(['own', 'own']);
  });
});
