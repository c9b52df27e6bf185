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

  it('refuses an unknown inline directive written as one (a name after a space, then a label or attributes), where it starts', async () => {
    const md = 'More :abbr[NATO]{title="x"} text and ::note[hi] too.\n\n:kbd[Ctrl] opens a line, (:sup{x=1}) a bracket.\n';
    const { file } = await mdastOf(md, [remarkGalleyDirectives]);
    const messages = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    expect(places(messages)).toEqual(['1:6 error directive-unknown', '1:38 error directive-unknown', '3:1 error directive-unknown', '3:27 error directive-unknown']);
    expect(messages.map((message) => /^unknown directive `(::?\w+)`/.exec(message.reason)?.[1])).toEqual([':abbr', '::note', ':kbd', ':sup']);
    expect(messages[0]!.reason).toContain('galley knows `:::figure{…}` and `:span[…]{lang=…}`; to write the text literally, escape the colon as \\:');
  });

  it('leaves text with colons alone: times, ratios, addresses, notes and C++', async () => {
    const md = [
      'At 10:30, Note:[1] and ratio 3:2, key:value[^1] foo:bar e.g.:x and https://example.com/a:b[1].',
      '', 'Note:see[1], the set A:B{x}, Windows C:\\x, :smile: and std::vector[3], a::b, 2:08:41, doi:10.1000/x{y}.',
      '', '[^1]: A note.', '',
    ].join('\n');
    const { file } = await mdastOf(md, [remarkGalleyDirectives]);
    expect(file.messages).toEqual([]);
  });

  it('refuses unknown leaf and container directives where they start, and lets :::figure through', async () => {
    const md = 'Text.\n\n::video{src=x}\n\n:::aside\nLost content.\n:::\n\n:::figure{src=a.png}\nCaption.\n:::\n';
    const { file } = await mdastOf(md, [remarkGalleyDirectives]);
    expect(places(file.messages)).toEqual(['3:1 error directive-unknown', '5:1 error directive-unknown']);
    expect(file.messages[0]!.reason).toContain('unknown directive `::video`');
    expect(file.messages[1]!.reason).toContain('unknown directive `:::aside`');
    expect(file.messages[1]!.reason).toContain('escape the colon as \\:');
  });

  it('refuses a container left open where it opens, whether it would run to the end of the article, a quote or a list item', async () => {
    const md = [
      'Text.', '', ':::figure{src=a.png}', 'Caption never closed.', '', 'More text.', '', '## A heading', '', 'Last.', '',
    ].join('\n');
    const { file } = await mdastOf(md, [remarkGalleyDirectives]);
    expect(places(file.messages)).toEqual(['3:1 error directive-unclosed']);
    expect(file.messages[0]!.reason).toBe('figure not closed: end it with a line holding only ":::"; without it, lines 4–10 would be taken into it as its caption');

    const quoted = await mdastOf('> :::figure{src=a.png}\n> Caption.\n\nAfter.\n', [remarkGalleyDirectives]);
    expect(places(quoted.file.messages)).toEqual(['1:3 error directive-unclosed']);
    const listed = await mdastOf('- :::figure{src=a.png}\n  Caption.\n- next\n', [remarkGalleyDirectives]);
    expect(places(listed.file.messages)).toEqual(['1:3 error directive-unclosed']);
    const bare = await mdastOf('Text.\n\n:::figure{src=a.png}\n', [remarkGalleyDirectives]);
    expect(places(bare.file.messages)).toEqual(['3:1 error directive-unclosed']);
    expect(bare.file.messages[0]!.reason).toBe('figure not closed: end it with a line holding only ":::"');
  });

  it('refuses an outer container whose only fence closed the one inside it, and an unknown one left open', async () => {
    const nested = await mdastOf('::::figure{src=a.png}\n:::figure{src=b.png}\nInner.\n:::\n', [remarkGalleyDirectives]);
    expect(places(nested.file.messages)).toEqual(['1:1 error directive-unclosed']);
    expect(nested.file.messages[0]!.reason).toContain('a line holding only "::::"');
    const unknown = await mdastOf(':::aside\nLost.\n', [remarkGalleyDirectives]);
    expect(places(unknown.file.messages)).toEqual(['1:1 error directive-unclosed', '1:1 error directive-unknown']);
    expect(unknown.file.messages[0]!.reason).toContain('directive `:::aside` not closed');
  });

  it('takes a container closed in a quote, a list item, with a longer fence or trailing spaces as closed', async () => {
    for (const md of [
      ':::figure{src=a.png}\nCaption.\n:::\n\nAfter.\n',
      '> :::figure{src=a.png}\n> Caption.\n> :::\n',
      '1. Item.\n\n   :::figure{src=a.png}\n   Caption.\n   :::\n2. Next.\n',
      ':::figure{src=a.png}\nCaption.\n:::::   \n',
      '::::figure{src=a.png}\n:::figure{src=b.png}\nInner.\n:::\n::::\n',
    ]) {
      const { file } = await mdastOf(md, [remarkGalleyDirectives]);
      expect(file.messages, md).toEqual([]);
    }
  });

  it('refuses a line that opens like a figure but is not read as one, naming what is wrong and where', async () => {
    const cases: Array<[string, string, string]> = [
      [':::figure{src="a.png" alt="A" credit="Anon/Agency}\nCaption.\n:::\n', '1:1', 'the quote opened at 1:38 is never closed: end the value with " before the "}"'],
      [':::figure{src="a.png" alt="A"\nCaption.\n:::\n', '1:1', 'the "{" opened at 1:10 is never closed with "}" on its line'],
      [':::figure {src="a.png"}\nCaption.\n:::\n', '1:1', 'a space stands between `:::figure` and its "{" at 1:10'],
      ['::: figure{src="a.png"}\nCaption.\n:::\n', '1:1', 'a space stands between ":::" and the name at 1:4'],
      [':::figure{src="a.png"}}\nCaption.\n:::\n', '1:1', '"}" at 1:23: nothing may follow the attribute list\'s "}" on the line'],
      ['- Item.\n\n  :::figure{src=\'a.png}\n  Caption.\n  :::\n', '3:3', 'the quote opened at 3:17 is never closed'],
      ['> Quoted.\n> :::figure{src="a.png\n> Caption.\n', '2:3', 'the quote opened at 2:17 is never closed'],
    ];
    for (const [md, place, why] of cases) {
      const { file } = await mdastOf(md, [remarkGalleyDirectives]);
      expect(places(file.messages), md).toEqual([`${place} error directive-malformed`]);
      expect(file.messages[0]!.reason, md).toContain('figure not read, so its picture and credit would be lost and its markup printed as text: ');
      expect(file.messages[0]!.reason, md).toContain(why);
    }
    const other = await mdastOf(':::sidebar{class="x}\nText.\n:::\n', [remarkGalleyDirectives]);
    expect(places(other.file.messages)).toEqual(['1:1 error directive-malformed']);
    expect(other.file.messages[0]!.reason).toContain('directive `:::sidebar` not read, so its markup would be printed as text: the quote opened at 1:18');
  });

  it('refuses a figure opened with two colons, which would publish nothing', async () => {
    const { file } = await mdastOf('Text.\n\n::figure{src="a.png" alt="A" credit="A/B"}\n\nMore.\n', [remarkGalleyDirectives]);
    expect(places(file.messages)).toEqual(['3:1 error directive-malformed']);
    expect(file.messages[0]!.reason).toBe('figure opened with two colons, so its picture and credit would be lost: write `:::figure{…}`, then its caption, then a line holding only ":::"');
  });

  it('leaves prose that merely starts with colons alone', async () => {
    const md = 'Ratio 3:2 and\n::: note the colons\n\n::this is prose\n\n:: a line\n';
    const { file } = await mdastOf(md, [remarkGalleyDirectives]);
    expect(file.messages).toEqual([]);
  });
});
