/** src/manuscript/remark-directives.ts: unknown text directives go back to their text, unknown block directives are errors. */
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import remarkGalleyDirectives from '../src/manuscript/remark-directives.js';
import { mdastOf, places } from './manuscript-harness.js';

describe('remark-directives', () => {
  it('gives prose with a colon back exactly as written, attributes and brackets included', async () => {
    const md = 'Note:this, at 10:30 the ratio was 3:1 and see:here[label]{x=1} — Uwaga:tutaj, Примечание:здесь.\n';
    const { tree, file } = await mdastOf(md, [remarkGalleyDirectives]);
    expect(file.messages).toEqual([]);
    expect(toString(tree)).toBe(md.trim());
    const types = JSON.stringify(tree);
    expect(types).not.toContain('textDirective');
  });

  it('keeps :span, the text directive galley knows, for remark-language', async () => {
    const { tree } = await mdastOf('A :span[Сергей]{lang=ru} here, not:this.\n', [remarkGalleyDirectives]);
    const paragraph = tree.children[0] as { children: Array<{ type: string; name?: string }> };
    expect(paragraph.children.filter((c) => c.type === 'textDirective').map((c) => c.name)).toEqual(['span']);
    expect(toString(tree)).toBe('A Сергей here, not:this.');
  });

  it('gives an unknown directive inside a list nested two deep and a note back too', async () => {
    const md = '- one\n  - two ratio:x\n\nCall[^1].\n\n[^1]: Time 12:45 was:late.\n';
    const { tree, file } = await mdastOf(md, [remarkGalleyDirectives]);
    expect(file.messages).toEqual([]);
    expect(toString(tree)).toContain('two ratio:x');
    expect(toString(tree)).toContain('was:late');
  });

  it('refuses unknown leaf and container directives where they start, and lets :::figure through', async () => {
    const md = 'Text.\n\n::video{src=x}\n\n:::aside\nLost content.\n:::\n\n:::figure{src=a.png}\nCaption.\n:::\n';
    const { file } = await mdastOf(md, [remarkGalleyDirectives]);
    expect(places(file.messages)).toEqual(['3:1 error directive-unknown', '5:1 error directive-unknown']);
    expect(file.messages[0]!.reason).toContain('unknown directive `::video`');
    expect(file.messages[1]!.reason).toContain('unknown directive `:::aside`');
    expect(file.messages[1]!.reason).toContain('escape the colon as \\:');
  });
});
