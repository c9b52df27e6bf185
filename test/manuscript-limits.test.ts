/** src/manuscript/limits.ts: size, markup, control characters and nesting, refused before the parser recurses, at the place that breaks the limit. */
import { describe, expect, it } from 'vitest';
import { checkCharacters, checkMarkup, checkNesting, checkSize, checkTree, LIMITS } from '../src/manuscript/limits.js';
import { mdastOf, places, vfile } from './manuscript-harness.js';

function run(check: (file: ReturnType<typeof vfile>, text: string) => boolean, text: string) {
  const file = vfile(text);
  return { ok: check(file, text), file };
}

describe('limits', () => {
  it('checkSize: up to the limit passes; just over names the bytes, far over the megabytes', () => {
    const at = vfile('');
    expect(checkSize(at, LIMITS.manuscriptBytes)).toBe(true);
    expect(at.messages).toEqual([]);
    const just = vfile('');
    expect(checkSize(just, LIMITS.manuscriptBytes + 1)).toBe(false);
    expect(places(just.messages)).toEqual(['1:1 error limit-size']);
    expect(just.messages[0]!.reason).toBe('article.md is 1,000,001 bytes; galley publishes articles of up to 1.0 MB (1,000,000 bytes, about 150,000 words): split it into several manuscripts');
    const far = vfile('');
    checkSize(far, 3_456_789);
    expect(far.messages[0]!.reason).toBe('article.md is 3.5 MB; galley publishes articles of up to 1.0 MB (about 150,000 words): split it into several manuscripts');
  });

  it('checkMarkup: refuses too many blocks at the block that passes the limit', () => {
    const blocks = Array.from({ length: LIMITS.blocks + 1 }, (_, i) => `- item ${i}`).join('\n');
    const { ok, file } = run(checkMarkup, blocks);
    expect(ok).toBe(false);
    expect(places(file.messages)).toEqual([`${LIMITS.blocks + 1}:1 error limit-markup`]);
    expect(file.messages[0]!.reason).toContain('more than 10,000 paragraphs, list items, headings and table rows by here');
    expect(run(checkMarkup, blocks.split('\n').slice(1).join('\n')).ok).toBe(true);
  });

  it('checkMarkup: counts lines of one paragraph as lines, not blocks, and marks wherever they stand', () => {
    const lines = Array.from({ length: LIMITS.lines + 1 }, () => 'word').join('\n');
    const { file } = run(checkMarkup, lines);
    expect(places(file.messages)).toEqual([`${LIMITS.lines + 1}:1 error limit-markup`]);
    expect(file.messages[0]!.reason).toContain('more than 40,000 lines of text');
    const marks = `Intro\n  ${'*'.repeat(LIMITS.markup + 5)}`;
    const { file: marked } = run(checkMarkup, marks);
    expect(places(marked.messages)).toEqual([`2:${LIMITS.markup + 3} error limit-markup`]);
    expect(marked.messages[0]!.reason).toContain('more than 50,000 marks of Markdown or HTML');
  });

  it('checkCharacters: names each control character where it stands, at most ten, then counts the rest', () => {
    const { ok, file } = run(checkCharacters, 'Łódź\u0000 ok\n\tx\u000b\r\ny\u001b\ufffe');
    expect(ok).toBe(false);
    expect(places(file.messages)).toEqual(['1:5 error control-character', '2:3 error control-character', '3:2 error control-character', '3:3 error control-character']);
    expect(file.messages.map((m) => m.reason.split(' in the text')[0])).toEqual(['NUL byte (U+0000)', 'vertical tab (U+000B)', 'control character U+001B', 'control character U+FFFE']);
    const many = run(checkCharacters, 'a\u0001'.repeat(13));
    expect(many.file.messages).toHaveLength(11);
    expect(places(many.file.messages)[10]).toBe('1:2 error control-character');
    expect(many.file.messages[10]!.reason).toBe('3 more control characters after these: delete them all');
    expect(run(checkCharacters, 'tab\tnew line\ncarriage\r\n').ok).toBe(true);
  });

  it('checkNesting: lists and quotes nested past the limit, at the marker that passes it', () => {
    const quotes = `Intro.\n\n${'>'.repeat(LIMITS.blockNesting + 1)} deep\n`;
    const { ok, file } = run(checkNesting, quotes);
    expect(ok).toBe(false);
    expect(places(file.messages)).toEqual([`3:${LIMITS.blockNesting + 1} error limit-nesting`]);
    const list = Array.from({ length: LIMITS.blockNesting + 1 }, (_, depth) => `${'  '.repeat(depth)}- level ${depth + 1}`).join('\n');
    const { file: listed } = run(checkNesting, list);
    expect(places(listed.messages)).toEqual([`${LIMITS.blockNesting + 1}:${2 * LIMITS.blockNesting + 1} error limit-nesting`]);
    expect(listed.messages[0]!.reason).toContain(`lists and block quotes nested more than ${LIMITS.blockNesting} deep`);
    // As many items, each at the top level: no nesting at all.
    expect(run(checkNesting, Array.from({ length: 200 }, (_, i) => `- item ${i}`).join('\n')).ok).toBe(true);
    expect(run(checkNesting, list.split('\n').slice(0, LIMITS.blockNesting).join('\n')).ok).toBe(true);
  });

  it('checkNesting: brackets and emphasis within a paragraph, not across a blank line, not in code fences, not escaped', () => {
    const deep = `Text ${'['.repeat(LIMITS.inlineNesting + 1)}x`;
    const { file } = run(checkNesting, deep);
    expect(places(file.messages)).toEqual([`1:${6 + LIMITS.inlineNesting} error limit-nesting`]);
    expect(file.messages[0]!.reason).toContain(`nested more than ${LIMITS.inlineNesting} deep in one paragraph`);
    const half = '['.repeat(LIMITS.inlineNesting / 2 + 1);
    expect(run(checkNesting, `${half}\n\n${half}`).ok).toBe(true);
    expect(run(checkNesting, `${half}\n${half}`).ok).toBe(false);
    expect(run(checkNesting, `\`\`\`\n${'['.repeat(100)}\n\`\`\`\n`).ok).toBe(true);
    expect(run(checkNesting, '\\['.repeat(100)).ok).toBe(true);
    expect(run(checkNesting, `${'*'.repeat(LIMITS.inlineNesting + 1)}word`).ok).toBe(false);
    expect(run(checkNesting, `a ${'[x] '.repeat(200)}`).ok).toBe(true);
  });

  it('checkTree: refuses raw HTML nested past the limit at the block, and a tree past its depth', async () => {
    const html = `<div>\n${'<span>'.repeat(LIMITS.htmlNesting + 1)}x<br><img src=a.png/>\n</div>\n`;
    const { tree, file } = await mdastOf(`Intro.\n\n${html}`);
    expect(checkTree(file, tree)).toBe(false);
    expect(places(file.messages)).toEqual(['3:1 error limit-nesting']);
    expect(file.messages[0]!.reason).toContain(`raw HTML elements nested more than ${LIMITS.htmlNesting} deep`);
    // Closed elements and void ones (br, img, hr) hold nothing open.
    const fine = await mdastOf(`<div>\n${'<span>'.repeat(LIMITS.htmlNesting - 2)}${'<br><hr>'.repeat(10)}${'<span>x</span>'.repeat(200)}\n</div>\n`);
    expect(checkTree(fine.file, fine.tree)).toBe(true);

    let node: { type: string; children: unknown[] } = { type: 'paragraph', children: [] };
    const root = { type: 'root', children: [node] };
    for (let depth = 0; depth < LIMITS.treeDepth + 2; depth++) {
      const child = { type: 'emphasis', children: [], position: { start: { line: depth + 1, column: 1 }, end: { line: depth + 1, column: 2 } } };
      node.children.push(child);
      node = child;
    }
    const deep = vfile('');
    expect(checkTree(deep, root as never)).toBe(false);
    expect(places(deep.messages)).toEqual([`${LIMITS.treeDepth}:1 error limit-nesting`]);
  });
});
