/**
 * src/manuscript/rehype-verse.ts: a stanza's lines each a box of their own, the poet's indents kept
 * (read from the manuscript, where CommonMark drops them), through the whole reader.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { tempDir } from './helpers.js';

async function read(body: string): Promise<string> {
  const dir = path.join(tempDir(), 'poem');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), `---\ntitle: "A fictional poem"\ndate: 2024-03-31\n---\n\n${body}`);
  return toHtml((await loadManuscript(dir)).document.content);
}

describe('rehype-verse: lines', () => {
  it('sets each line in a box of its own, the breaks kept between them', async () => {
    expect(await read('The frost has drawn a fern\\\nacross the *kitchen* glass.\n')).toContain(
      '<p class="verse"><span class="verse-line">The frost has drawn a fern</span><br>\n<span class="verse-line">across the <em>kitchen</em> glass.</span></p>',
    );
  });

  it('keeps the poet\'s indents, typed with spaces, a tab or no-break spaces, two columns an em', async () => {
    const html = await read('One\\\n    two\\\n        three\\\n\tfour\\\n\u00A0\u00A0five  \n  six\n');
    expect(html).toContain('<span class="verse-line">One</span>');
    expect(html).toContain('<span class="verse-line verse-indent-2">two</span>');
    expect(html).toContain('<span class="verse-line verse-indent-4">three</span>');
    expect(html).toContain('<span class="verse-line verse-indent-2">four</span>');
    expect(html).toContain('<span class="verse-line verse-indent-1">five</span>');
    expect(html).toContain('<span class="verse-line verse-indent-1">six</span>');
  });

  it('measures the indent from the stanza\'s first line, in a quote and in a list item', async () => {
    // A list item's stanza is a paragraph when the list is loose.
    const html = await read('> Quoted\\\n>     deeper\\\n> back\n\n- Listed\\\n  flush\\\n      deeper\n\n- Next.\n');
    expect(html).toContain('<span class="verse-line">back</span>');
    expect(html).toContain('<span class="verse-line verse-indent-2">deeper</span>');
    expect(html).toContain('<span class="verse-line">flush</span>');
    expect(html.match(/verse-indent-2/g)).toHaveLength(2);
  });

  it('cuts emphasis or a link at a break inside it, each line its own part', async () => {
    expect(await read('*Row slow,\\\n  the oars* are [old\\\nand grey](https://example.com/boat).\n')).toContain(
      '<p class="verse"><span class="verse-line"><em>Row slow,</em></span><br>\n<span class="verse-line verse-indent-1"><em>the oars</em> are <a href="https://example.com/boat">old</a></span><br>\n<span class="verse-line"><a href="https://example.com/boat">and grey</a>.</span></p>',
    );
  });
});
