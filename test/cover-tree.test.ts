/** The cover's element tree as satori takes it: references decoded, holes gone. */
import { describe, expect, it } from 'vitest';
import { cleanTree, decodeReferences, elements, type VNode } from '../src/cover-tree.js';

describe('the cover element tree', () => {
  it('decodes the references EJS and templates produce, as HTML does', () => {
    expect(decodeReferences('Mattis&#39;s &amp; &lt;NATO&gt; &#34;x&#34; &mdash; &#x2019; &unknown;')).toBe('Mattis\'s & <NATO> "x" \u2014 \u2019 &unknown;');
    expect(decodeReferences('caf&eacute; &hellip; &nbsp;|')).toBe('caf\u00e9 \u2026 \u00a0|');
    expect(decodeReferences('no references')).toBe('no references');
  });

  it('decodes text and attribute values, drops empty children and rewrites attributes', async () => {
    const { html } = await import('satori-html');
    const tree = html('<div class="a"><p title="Q&amp;A">Mattis&#39;s</p> <img src="placeholder" alt="&lt;b&gt;" /><span>Q&amp;A <b>bold</b></span></div>') as unknown as VNode;
    cleanTree(tree, (value) => (value === 'placeholder' ? 'data:image/png;base64,AAAA' : value));
    const found = elements(tree);
    const p = found.find((node) => node.type === 'p')!;
    const img = found.find((node) => node.type === 'img')!;
    expect(p.props.children).toBe('Mattis\'s');
    expect(p.props.title).toBe('Q&A');
    expect(img.props.src).toBe('data:image/png;base64,AAAA');
    expect(img.props.alt).toBe('<b>');
    const span = found.find((node) => node.type === 'span')!;
    expect((span.props.children as unknown[])[0]).toBe('Q&A');
    // No null, undefined or lone-element arrays left for satori to trip on.
    for (const node of found) {
      const children = node.props.children;
      if (Array.isArray(children)) {
        expect(children.length).not.toBe(1);
        for (const child of children) expect(child === null || child === undefined).toBe(false);
      }
    }
  });
});
