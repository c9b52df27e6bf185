/**
 * src/manuscript/rehype-bold-leads.ts (a paragraph all in bold: an interview's question) and
 * src/manuscript/rehype-list-items.ts (a list whose items hold more than one paragraph), through the
 * whole reader.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { tempDir } from './helpers.js';

async function read(body: string): Promise<string> {
  const dir = path.join(tempDir(), 'blocks');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), `---\ntitle: "A fictional interview"\ndate: 2024-03-31\n---\n\n${body}`);
  return toHtml((await loadManuscript(dir)).document.content);
}

describe('rehype-bold-leads', () => {
  it('marks a paragraph all in bold, with a note call after it too, in the body and in a quote', async () => {
    const html = await read('Text.\n\n**Why now?**\n\nBecause.\n\n__Why here?__[^1]\n\nBecause.\n\n> **And in a quote?**\n>\n> Yes.\n\n[^1]: A note.\n');
    expect(html.match(/<p class="bold-lead">/g)).toHaveLength(3);
  });

  it('leaves a run-in bold name, a bold list item, and a bold paragraph that becomes a table\'s caption', async () => {
    const html = await read('**Q:** Why now?\n\n- **An item**\n\n  Its text.\n\n**Table 1. Rain.**\n\n| A | B |\n|---|---|\n| 1 | 2 |\n');
    expect(html).not.toContain('bold-lead');
    expect(html).toContain('<caption class="table-caption">');
  });
});

describe('rehype-list-items', () => {
  it('marks a list with an item of more than one paragraph, and only that list', async () => {
    const html = await read('1. One.\n\n   More of one.\n2. Two.\n\n- A.\n- B.\n\n- C.\n\n- D.\n');
    expect(html).toContain('<ol class="long-items">');
    expect(html.match(/long-items/g)).toHaveLength(1);
  });

  it('marks an item\'s paragraph after a list inside it', async () => {
    expect(await read('- Steps:\n\n  - a\n  - b\n\n  Then rest.\n')).toContain('<ul class="long-items">');
  });
});
