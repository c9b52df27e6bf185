/**
 * src/manuscript/rehype-details.ts: a raw <details> is opened, its summary
 * set as a bold paragraph before what it holds, with a warning at its place.
 */
import { describe, expect, it } from 'vitest';
import rehypeSanitize from 'rehype-sanitize';
import rehypeGalleyDetails from '../src/manuscript/rehype-details.js';
import { sanitizeSchema } from '../src/manuscript/sanitize-schema.js';
import { hastOf, places } from './manuscript-harness.js';

const open = (markdown: string) => hastOf(markdown, [[rehypeSanitize, sanitizeSchema], rehypeGalleyDetails]);

describe('rehype-details', () => {
  it('opens a details block of Markdown paragraphs, its summary first, in bold', async () => {
    const { html, file } = await open('Before.\n\n<details><summary>The *full* statement</summary>\n\nFirst.\n\nSecond.\n\n</details>\n\nAfter.\n');
    expect(html.replace(/\n/g, '')).toBe('<p>Before.</p><p><strong>The *full* statement</strong></p><p>First.</p><p>Second.</p><p>After.</p>');
    expect(places(file.messages)).toEqual(['3:1 warning html-details-open']);
    expect(file.messages[0]!.reason).toContain('its summary "The *full* statement"');
  });

  it('opens one inside another, in a list item, and one without a summary', async () => {
    const { html, file } = await open('- Item\n\n  <details><summary>Outer</summary><p>Out.</p><details><p>In.</p></details></details>\n');
    expect(html).not.toMatch(/details|summary/);
    expect(html).toContain('<p><strong>Outer</strong></p><p>Out.</p><p>In.</p>');
    expect(places(file.messages)).toEqual(['3:3 warning html-details-open', '3:47 warning html-details-open']);
  });

  it('keeps a summary that is a heading as that heading', async () => {
    const { html } = await open('<details><summary><h3>Transcript</h3></summary><p>Words.</p></details>\n');
    expect(html).toBe('<h3>Transcript</h3><p>Words.</p>');
  });
});
