/**
 * src/manuscript/rehype-paragraphs.ts: a raw `<p>` inside a paragraph ends
 * it; the words after it get a paragraph of their own, and the empty
 * paragraph the outer `</p>` makes is dropped.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import rehypeSanitize from 'rehype-sanitize';
import { toHtml } from 'hast-util-to-html';
import type { PluggableList } from 'unified';
import { describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import rehypeGalleyParagraphs from '../src/manuscript/rehype-paragraphs.js';
import { sanitizeSchema } from '../src/manuscript/sanitize-schema.js';
import { tempDir } from './helpers.js';
import { hastOf } from './manuscript-harness.js';

const plugins: PluggableList = [[rehypeSanitize, sanitizeSchema], rehypeGalleyParagraphs];

describe('rehype-paragraphs', () => {
  it('gives the words after a nested <p> a paragraph, and leaves no empty one', async () => {
    const { html } = await hastOf('Before <p>inner</p> after *this*.\n', plugins);
    expect(html).toBe('<p>Before </p><p>inner</p><p>after <em>this</em>.</p>');
  });

  it('mends a block quote and a list item the same way, and leaves a figure, a tight item and other text alone', async () => {
    const { html } = await hastOf('> quote <p>q</p> end\n\n- item <p>x</p> y\n- tight *item*\n\n<figure><img src="a.png" alt="A"><p>Caption</p></figure>\n\nPlain <em>text</em>.\n', plugins);
    expect(html).toContain('<blockquote>\n<p>quote </p><p>q</p><p>end</p>\n</blockquote>');
    expect(html).toContain('<li><p>item</p><p>x</p><p>y</p></li>');
    expect(html).toContain('<li>tight <em>item</em></li>');
    expect(html).toContain('<figure><img src="a.png" alt="A"><p>Caption</p></figure>');
    expect(html).toContain('<p>Plain <em>text</em>.</p>');
    expect(html).not.toMatch(/<p>\s*<\/p>/);
  });

  it('is part of the reader: the article has no empty paragraph and no words outside one', async () => {
    const dir = path.join(tempDir(), 'nested-p');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'article.md'), '---\ntitle: "A fictional note"\ndate: 2024-03-31\n---\n\nFirst words <p>a raw paragraph</p> last words.\n');
    const { document } = await loadManuscript(dir);
    const html = toHtml(document.content);
    expect(html).not.toMatch(/<p>\s*<\/p>/);
    expect(html).toMatch(/<p>last words\.<\/p>/);
  });
});
