/** src/manuscript/rehype-empty-classes.ts: a class list the sanitizer emptied is dropped, not written as class="". */
import rehypeSanitize from 'rehype-sanitize';
import { describe, expect, it } from 'vitest';
import rehypeGalleyEmptyClasses from '../src/manuscript/rehype-empty-classes.js';
import { sanitizeSchema } from '../src/manuscript/sanitize-schema.js';
import { hastOf } from './manuscript-harness.js';

describe('rehype-empty-classes', () => {
  it('drops the class the sanitizer emptied and keeps the names it allowed', async () => {
    const md = '<figure class="wide"><p>A</p></figure>\n\n<figure class="figure extra"><p>B</p></figure>\n\n<p class="credit">C</p>\n\nText <span class="x">D</span>.\n';
    const { html } = await hastOf(md, [[rehypeSanitize, sanitizeSchema], rehypeGalleyEmptyClasses]);
    expect(html).not.toContain('class=""');
    expect(html).toContain('<figure><p>A</p></figure>');
    expect(html).toContain('<figure class="figure"><p>B</p></figure>');
    expect(html).toContain('<p class="credit">C</p>');
    expect(html).toContain('<span>D</span>');
  });
});
