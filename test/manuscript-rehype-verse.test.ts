/** src/manuscript/rehype-verse.ts: a paragraph of lines broken by hand is a stanza. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { tempDir } from './helpers.js';

async function read(body: string): Promise<string> {
  const dir = path.join(tempDir(), 'song');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), `---\ntitle: "An invented song"\ndate: 2024-03-31\n---\n\n${body}`);
  return toHtml((await loadManuscript(dir)).document.content);
}

describe('rehype-verse', () => {
  it('marks each stanza (lines broken with a backslash or two spaces), in a quote or not, and leaves prose alone', async () => {
    const html = await read('> One line,\\\n> two lines.\n>\n> Three,  \n> four.\n\nPlain prose\nwith a soft break.\n\nA name\\\nand an address.\n');
    expect(html.match(/<p class="verse[" ]/g)).toHaveLength(3);
    expect(html).toContain('<p class="verse"><span class="verse-line">One line,</span><br>');
    expect(html).toContain('<p class="verse"><span class="verse-line">Three,</span><br>');
    expect(html).toContain('<p>Plain prose\nwith a soft break.</p>');
  });

  it('marks a stanza that follows prose, and the prose that follows a stanza, but not stanza after stanza', async () => {
    const html = await read('It went:\n\nOne,\\\ntwo.\n\nThree,\\\nfour.\n\nAnd so on.\n\nAnd on.\n\n## Next\n\nFive,\\\nsix.\n');
    expect(html).toContain('<p class="verse verse-start"><span class="verse-line">One,</span><br>');
    expect(html).toContain('<p class="verse"><span class="verse-line">Three,</span><br>');
    expect(html).toContain('<p class="after-verse">And so on.</p>');
    expect(html).toContain('<p>And on.</p>');
    // After a heading a stanza needs no space of its own.
    expect(html).toContain('<p class="verse"><span class="verse-line">Five,</span><br>');
  });
});
