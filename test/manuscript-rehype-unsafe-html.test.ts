/** src/manuscript/rehype-unsafe-html.ts: tells the author, with the place, what rehype-sanitize is about to remove. */
import { describe, expect, it } from 'vitest';
import rehypeGalleyUnsafeHtml, { sourceKey } from '../src/manuscript/rehype-unsafe-html.js';
import { hastOf, places } from './manuscript-harness.js';

describe('rehype-unsafe-html', () => {
  it('warns about each forbidden element where it stands', async () => {
    const md = 'Text.\n\n<script>alert(1)</script>\n\n<iframe src="https://example.org"></iframe>\n\nA <svg></svg> and <video></video>.\n';
    const { file } = await hastOf(md, [rehypeGalleyUnsafeHtml]);
    expect(places(file.messages)).toEqual(['3:1 warning html-unsafe-element', '5:1 warning html-unsafe-element', '7:3 warning html-unsafe-element', '7:19 warning html-unsafe-element']);
    expect(file.messages.map((m) => m.reason.slice(0, 18))).toEqual(['raw HTML <script> ', 'raw HTML <iframe> ', 'raw HTML <svg> is ', 'raw HTML <video> i']);
    expect(file.messages.every((m) => !m.fatal)).toBe(true);
  });

  it('warns about event handlers, style attributes and script or file links', async () => {
    const md = '<p onclick="x()" style="color:red">Hi <a href="javascript:alert(1)">there</a> <a href=" FILE:///etc/passwd">f</a> <a href="https://example.org">ok</a></p>\n';
    const { file } = await hastOf(md, [rehypeGalleyUnsafeHtml]);
    expect(places(file.messages)).toEqual(['1:1 warning html-unsafe-attribute', '1:1 warning html-unsafe-attribute', '1:39 warning html-unsafe-url', '1:79 warning html-unsafe-url']);
    expect(file.messages[0]!.reason).toBe('raw HTML event attribute `onclick` on <p> is not allowed and was removed');
    expect(file.messages[1]!.reason).toContain('`style` attribute on <p> was removed');
    expect(file.messages[2]!.reason).toContain('link to `javascript:alert(1)` on <a>');
  });

  it('keeps an unsafe picture source by place for rehype-figures, without a warning', async () => {
    const { file, tree } = await hastOf('Before.\n\n  <img src="data:image/png;base64,AAAA" alt="x"> <img src="images/ok.png" alt="y">\n', [rehypeGalleyUnsafeHtml]);
    expect(file.messages).toEqual([]);
    expect(file.data.unsafeSources).toEqual({ '3:3': 'data:image/png;base64,AAAA' });
    const img = (tree.children[2] as { children: Array<{ type: string }> }).children[0];
    expect(sourceKey(img as never)).toBe('3:3');
  });

  it('says nothing about safe HTML, and still records an empty source list', async () => {
    const { file } = await hastOf('<p title="t"><em>fine</em> <abbr title="x">X</abbr></p>\n', [rehypeGalleyUnsafeHtml]);
    expect(file.messages).toEqual([]);
    expect(file.data.unsafeSources).toEqual({});
  });
});
