/** src/manuscript/rehype-table-captions.ts: a short paragraph all in bold right before a table is its caption. */
import { describe, expect, it } from 'vitest';
import rehypeGalleyTableCaptions from '../src/manuscript/rehype-table-captions.js';
import { hastOf } from './manuscript-harness.js';

const TABLE = '| A | B |\n| - | - |\n| 1 | 2 |\n';

describe('rehype-table-captions', () => {
  it('makes a short bold paragraph right before a table its caption, at the top, in place of the paragraph', async () => {
    const { html } = await hastOf(`Before.\n\n**Table 1. Rain, in mm.**\n\n${TABLE}`, [rehypeGalleyTableCaptions]);
    expect(html).toMatch(/^<p>Before\.<\/p>\s*<table><caption class="table-caption"><strong>Table 1\. Rain, in mm\.<\/strong><\/caption>/);
    expect(html).not.toContain('<p><strong>');
  });

  it('does the same inside a list item or a quote', async () => {
    const { html } = await hastOf(`> **Table 2.**\n>\n> ${TABLE.replace(/\n(?=.)/g, '\n> ')}`, [rehypeGalleyTableCaptions]);
    expect(html).toContain('<caption class="table-caption"><strong>Table 2.</strong></caption>');
  });

  it('leaves a paragraph only partly bold, a long one, one away from the table, and a table that has a caption', async () => {
    for (const md of [
      `**Table 1.** Rain.\n\n${TABLE}`,
      `**${'A very long sentence in bold. '.repeat(8).trim()}**\n\n${TABLE}`,
      `**Table 1.**\n\nText between.\n\n${TABLE}`,
      '**Table 1.**\n\n<table><caption>Own</caption><tr><td>1</td></tr></table>\n',
    ]) {
      const { html } = await hastOf(md, [rehypeGalleyTableCaptions]);
      expect(html, md).toContain('<p><strong>');
      expect(html, md).not.toContain('table-caption');
    }
  });
});
