/**
 * src/manuscript/rehype-task-lists.ts: a task list's boxes are kept, each
 * labelled by its item's words (DAISY Ace reports an unlabelled box), and the
 * reader does not mistake them for raw HTML.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { formatMessage, loadManuscript } from '../src/manuscript/index.js';
import { tempDir } from './helpers.js';

async function read(body: string) {
  const dir = path.join(tempDir(), 'tasks');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), `---\ntitle: "A fictional checklist"\ndate: 2024-03-31\n---\n\n${body}`);
  const { document, warnings } = await loadManuscript(dir);
  return { html: toHtml(document.content), warnings: warnings.map((message) => formatMessage(message, dir)) };
}

describe('rehype-task-lists', () => {
  it('labels each box with its item\'s words, ticked or not, up to a nested list', async () => {
    const { html, warnings } = await read('- [x] Chairs on the *deck*\n- [ ] A microphone\n  - that works in the wind\n');
    expect(warnings).toEqual([]);
    expect(html).toContain('<li class="task-list-item"><label><input type="checkbox" checked disabled> Chairs on the <em>deck</em></label></li>');
    expect(html).toMatch(/<li class="task-list-item"><label><input type="checkbox" disabled> A microphone<\/label>\s*<ul>/);
  });

  it('labels the box of a loose item inside its paragraph', async () => {
    const { html } = await read('- [x] Tea\n\n- [ ] Coffee\n');
    expect(html).toContain('<p><label><input type="checkbox" checked disabled> Tea</label></p>');
    expect(html).toContain('<p><label><input type="checkbox" disabled> Coffee</label></p>');
  });

  it('still warns about a raw <input>, at its place, and removes it', async () => {
    const { html, warnings } = await read('Text <input type="checkbox" checked> here.\n');
    expect(warnings).toEqual(['article.md:6:6: warning: raw HTML <input> is not allowed in a manuscript and was removed (editions load nothing from outside and run no scripts)']);
    expect(html).not.toContain('<input');
  });
});
