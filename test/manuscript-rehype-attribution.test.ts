/** src/manuscript/rehype-attribution.ts: a block quote's last paragraph that opens with a dash is its attribution. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { tempDir } from './helpers.js';

async function read(body: string): Promise<string> {
  const dir = path.join(tempDir(), 'quote');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), `---\ntitle: "A fictional quote"\ndate: 2024-03-31\n---\n\n${body}`);
  return toHtml((await loadManuscript(dir)).document.content);
}

describe('rehype-attribution', () => {
  it('marks the last paragraph of a quote that opens with a dash (em, en, or a horizontal bar)', async () => {
    expect(await read('> Come tomorrow, when the sea calms down.\n>\n> — A poet, in an invented poem\n')).toContain('<p class="attribution">— A poet, in an invented poem</p>');
    expect(await read('> Words.\n>\n> ― *Someone*\n')).toContain('<p class="attribution">― <em>Someone</em></p>');
    // Typed as "--", which becomes an em dash; an en dash opens one too.
    expect(await read('> Words.\n>\n> – Someone\n')).toContain('<p class="attribution">– Someone</p>');
    expect(await read('> Words.\n>\n> -- Someone\n')).toContain('<p class="attribution">— Someone</p>');
  });

  it('leaves a quote of one paragraph, a dash inside a sentence and a last paragraph without one', async () => {
    const html = await read('> — A quote that is all dialogue\n\nText.\n\n> One.\n>\n> Two — and more.\n');
    expect(html).not.toContain('attribution');
  });
});
