/** src/manuscript/remark-galley-checks.ts: no body, code fences left open, undefined footnote calls (also in raw HTML), notes never called or defined twice. */
import { describe, expect, it } from 'vitest';
import remarkGalleyChecks from '../src/manuscript/remark-galley-checks.js';
import { formatMessage } from '../src/manuscript/diagnostics.js';
import { mdastOf, places } from './manuscript-harness.js';

const FRONT = '---\ntitle: T\ndate: 2017-02-16\n---\n';

describe('remark-galley-checks', () => {
  it('reports an article with no body on the line after the front matter', async () => {
    for (const body of ['', '\n\n', '<!-- draft -->\n\n<!-- more -->\n', '[ref]: https://example.org\n']) {
      const { file } = await mdastOf(FRONT + body, [remarkGalleyChecks]);
      expect(places(file.messages)).toEqual(['5:1 error body-empty']);
    }
    const { file } = await mdastOf('', [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['1:1 error body-empty']);
  });

  it('warns at a paragraph indented by a tab or spaces, which is set as code, and leaves indented code alone', async () => {
    const prose = FRONT + '\n\tIndented with a tab, as Word exports a first-line indent.\n\nBody.\n\n## Section\n\n    Four spaces before a sentence too.\n';
    const { file } = await mdastOf(prose, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['6:1 warning code-indented', '12:1 warning code-indented']);
    expect(file.messages[0]!.reason).toBe('this paragraph is indented by a tab, so it is set as code: remove the indent for a paragraph, or fence it with ``` for code');
    expect(file.messages[1]!.reason).toContain('indented by spaces');
    const code = FRONT + '\nRun this:\n\n\tnpm install --save galley\n\nOr in code:\n\n    const x = f(a);\n    if (x) { return; }\n\nA prompt:\n\n    $ galley build manuscript.\n';
    const quiet = await mdastOf(code, [remarkGalleyChecks]);
    expect(quiet.file.messages).toEqual([]);
  });

  it('takes a heading, a list or raw HTML other than comments for a body', async () => {
    for (const body of ['## Heading\n', '- item\n', '<p>Raw</p>\n']) {
      const { file } = await mdastOf(FRONT + body, [remarkGalleyChecks]);
      expect(file.messages).toEqual([]);
    }
  });

  it('refuses a code fence never closed, at its opening, naming the lines it would take', async () => {
    const md = `${FRONT}Run:\n\n~~~~ sh\ngalley build\n~~~\n\n## Later\n\nText.\n`;
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['7:1 error code-unclosed']);
    expect(file.messages[0]!.reason).toBe('code block not closed: end it with a line holding only "~~~~"; without it, lines 8–13 would be set as code');
    const inQuote = await mdastOf(`${FRONT}> \`\`\`js\n> let a;\n\nAfter.\n`, [remarkGalleyChecks]);
    expect(places(inQuote.file.messages)).toEqual(['5:3 error code-unclosed']);
  });

  it('takes fences closed in a list, a quote, with a longer fence or trailing spaces, and indented or empty blocks, for closed', async () => {
    for (const body of [
      '```\ncode\n```\n',
      '```\n```\n',
      '````md\n```\ninner\n```\n`````  \n',
      '1. Step:\n\n   ```sh\n   run\n   ```\n2. Next.\n',
      '> ~~~\n> quoted\n> ~~~\n',
      '    indented code\n',
    ]) {
      const { file } = await mdastOf(FRONT + body, [remarkGalleyChecks]);
      expect(file.messages, body).toEqual([]);
    }
  });

  it('warns at a heading that skips a level, which is read one below the heading before it', async () => {
    const { file } = await mdastOf(`${FRONT}### Under the headline\n\n## Section\n\n#### Four\n\n###### Six\n\n### Three\n`, [remarkGalleyChecks]);
    // The headline is the first level: ### right after it, #### under ##, ###### under what is read as the third.
    expect(places(file.messages)).toEqual(['5:1 warning heading-skipped-level', '9:1 warning heading-skipped-level', '11:1 warning heading-skipped-level']);
    expect(file.messages[2]!.reason).toBe('a heading of level 6 (`######`) right under one of level 3 skips a level: screen readers and the PDF read it as level 4, set in the look of level 6: write `####`, or add the level between');
    const { file: quiet } = await mdastOf(`${FRONT}## A\n\n### B\n\n#### C\n\n## D\n\n### E\n`, [remarkGalleyChecks]);
    expect(quiet.messages).toEqual([]);
  });

  it('warns about a first-level heading in the body, at its place: the headline is the title', async () => {
    const { file } = await mdastOf(`${FRONT}Text.\n\n# A second title\n\n## A section\n\nSetext heading\n==============\n`, [remarkGalleyChecks]);
    const line = `${FRONT}Text.\n\n`.split('\n').length;
    expect(places(file.messages)).toEqual([`${line}:1 warning heading-first-level`, `${line + 4}:1 warning heading-first-level`]);
    expect(file.messages[0]!.reason).toMatch(/^a first-level heading \(`#`\) in the body is set as large as the headline.*start a section with `##`/);
  });

  it('reports an undefined footnote call at its line and column, in a paragraph, a nested list and a table', async () => {
    const md = `${FRONT}Łódź says[^1] and Київ[^brak].\n\n- one\n  - two[^x]\n\n| a |\n|---|\n| b[^t] |\n\n[^1]: Defined.\n`;
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['5:23 error footnote-undefined', '8:8 error footnote-undefined', '12:4 error footnote-undefined']);
    expect(formatMessage(file.messages[0]!, '/manuscripts')).toBe(
      'example/article.md:5:23: error: footnote `[^brak]` is not defined: add its note on a line of its own, `[^brak]: The note.`, or write \\[^brak] for the brackets themselves',
    );
  });

  it('finds the column on a later line of a multi-line paragraph, and lets an escaped call be', async () => {
    const md = `${FRONT}First line,\nsecond line [^gone] and \\[^literal].\n`;
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['6:13 error footnote-undefined']);
  });

  it('tells the author that a defined note called inside raw HTML would print as it is', async () => {
    const md = `${FRONT}<p>Raw text[^1]\nand more[^none]</p>\n\nCalled[^1].\n\n[^1]: The note.\n`;
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['5:12 error footnote-undefined', '6:9 error footnote-undefined']);
    expect(file.messages[0]!.reason).toContain('footnote call `[^1]` is inside raw HTML');
    expect(file.messages[1]!.reason).toContain('footnote `[^none]` is not defined');
  });

  it('warns about a note nothing calls, at the note', async () => {
    const md = `${FRONT}Text[^a].\n\n[^a]: Called.\n\n[^Ünused]: Never called.\n`;
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['9:1 warning footnote-unused']);
    expect(file.messages[0]!.reason).toContain('footnote `[^Ünused]` is never called');
  });

  it('refuses a note whose label another note has already (whatever its case), at the second, naming the first', async () => {
    const md = `${FRONT}One[^a], two[^b].\n\n[^a]: First.\n\n[^b]: Other.\n\n- item\n\n  [^A]: Second, with other words.\n`;
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['13:3 error footnote-duplicate']);
    expect(file.messages[0]!.reason).toBe('footnote `[^A]` is defined twice (first at 7:1): every call would show the first note and this one would be lost; give it a label of its own and call it, or delete one');
  });

  it('warns at bold, italics or a link left open, where they open', async () => {
    const md = `${FRONT}This has **bold that never closes and _italic that never closes either.\n\nA link [that never closes(https://example.com).\n\nSee [the page](https://example.org/a b) now.\n\n> Quoted __strong never closed.\n\n| a |\n|---|\n| **cell |\n`;
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual([
      '5:10 warning emphasis-unclosed', '5:39 warning emphasis-unclosed', '7:8 warning link-unclosed',
      '9:5 warning link-unclosed', '11:10 warning emphasis-unclosed', '15:3 warning emphasis-unclosed',
    ]);
    expect(file.messages[0]!.reason).toBe('"**" opens bold that is never closed in its paragraph, so it prints as "**": close it with "**" after the words, or write \\*\\* for the characters themselves');
    expect(file.messages[1]!.reason).toContain('"_" opens italics that are never closed');
    expect(file.messages[2]!.reason).toContain('this "[" opens a link whose "]" is missing');
    expect(file.messages[3]!.reason).toContain('its address needs a ")" after it and no spaces in it');
  });

  it('warns at a lone "*" that opens italics never closed, at the start of a paragraph too', async () => {
    const md = `${FRONT}It was *really never closed, they said.\n\n*Opens the paragraph and never closes.\n\nA quote, "*stressed words, never closed.\n`;
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['5:8 warning emphasis-unclosed', '7:1 warning emphasis-unclosed', '9:11 warning emphasis-unclosed']);
    expect(file.messages[0]!.reason).toBe('"*" opens italics that are never closed in its paragraph, so it prints as "*": close it with "*" after the words, or write \\* for the asterisk itself');
  });

  it('leaves asterisks, underscores and brackets that open nothing alone', async () => {
    const md = `${FRONT}${[
      '5 * 3 = 15 and 2**10 and a ** b, snake_case and __init__ and _config.yml and _id2 here.',
      'Text [sic] and [1] and a [bracket]. And \\*\\*escaped and \\_escaped.',
      '**Bold** and _italic_ and [a link](https://example.org/A_(b)) and ![a picture](p.png).',
      'Code `**open` and `_open` and `[x(https://a.b)`; an address https://example.org/__x/_y.',
      '**Bold over\ntwo lines** and _this_ and __that__.',
      'A **starred word* alone.',
      // A lone "*" that is no italics: a wildcard, a note's mark before its label, a list's marker, a mark after a word.
      'On *nix systems and *BSD ones, *.txt files, 5 * 3 and a footnote mark* here.',
      '*Source: the statistical office, 2024.',
      '*Note:\nfigures are rounded.',
      '* a list item\n* another',
      '*Italics* closed, and \\*escaped, and `*code`.',
    ].join('\n\n')}\n`;
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(file.messages.map((message) => `${message.line}:${message.column} ${message.reason}`)).toEqual([]);
  });

  it('warns at a paragraph that opens with a year and a full stop, set as a one-item list, and leaves real lists alone', async () => {
    const md = FRONT + '\nThe year was this one:\n\n1986. A great year for the town.\n\n> 2024) Another, in a quote.\n\n1. One\n2. Two\n\n7. Continued after a paragraph.\n\n1990. First\n1991. Second\n';
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['8:1 warning list-year', '10:3 warning list-year']);
    expect(file.messages[0]!.reason).toContain('"1986." at the start of this paragraph makes it a numbered list starting at 1986');
    expect(file.messages[0]!.reason).toContain('write "1986\\." for a paragraph');
    expect(file.messages[1]!.reason).toContain('write "2024\\)"');
  });

  it('warns at each "|" inside inline code in a table row, and not at an escaped one or one outside code', async () => {
    const md = FRONT + '\n| A | B |\n|---|---|\n| a | `code | pipe` |\n| b | `x \\| y` and `` z`|`w `` |\n| c | d \\| e |\n';
    const { file } = await mdastOf(md, [remarkGalleyChecks]);
    expect(places(file.messages)).toEqual(['8:13 warning table-pipe-in-code', '9:25 warning table-pipe-in-code']);
    expect(file.messages[0]!.reason).toContain('write \\| for the character, inside code too');
  });
});
