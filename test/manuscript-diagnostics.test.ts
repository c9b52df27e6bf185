/** src/manuscript/diagnostics.ts: errors and warnings with their place, printed as file:line:column. */
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { fail, formatMessage, ManuscriptError, warn } from '../src/manuscript/diagnostics.js';

describe('diagnostics', () => {
  it('fail records a fatal message at a point, a position or a node, with its rule and source', () => {
    const file = new VFile({ path: '/work/m/article.md', value: 'x' });
    const atPoint = fail(file, 'bad', { line: 3, column: 7 }, 'rule-a');
    const atNode = fail(file, 'worse', { type: 'text', position: { start: { line: 5, column: 2 }, end: { line: 5, column: 9 } } }, 'rule-b');
    const nowhere = fail(file, 'anywhere', undefined, 'rule-c');
    expect([atPoint, atNode, nowhere].map((m) => [m.fatal, m.line, m.column, m.ruleId, m.source])).toEqual([
      [true, 3, 7, 'rule-a', 'galley'],
      [true, 5, 2, 'rule-b', 'galley'],
      [true, undefined, undefined, 'rule-c', 'galley'],
    ]);
    expect(file.messages).toHaveLength(3);
  });

  it('warn records a message that is not fatal', () => {
    const file = new VFile({ path: '/work/m/article.md' });
    const message = warn(file, 'look', { start: { line: 2, column: 1 }, end: { line: 2, column: 4 } }, 'rule-w');
    expect(message.fatal).toBeFalsy();
    expect(formatMessage(message, '/work')).toBe('m/article.md:2:1: warning: look');
  });

  it('formatMessage prints file:line:column relative to cwd, no line and column when the message has no place, <input> without a file', () => {
    const file = new VFile({ path: '/work/m/article.md' });
    expect(formatMessage(fail(file, 'Źle', { line: 12, column: 34 }, 'r'), '/work')).toBe('m/article.md:12:34: error: Źle');
    expect(formatMessage(fail(file, 'no place', undefined, 'r'), '/work')).toBe('m/article.md: error: no place');
    expect(formatMessage(fail(file, 'at cwd', undefined, 'r'), '/work/m/article.md')).toBe('/work/m/article.md: error: at cwd');
    expect(formatMessage(fail(new VFile(), 'anonymous', { line: 2, column: 3 }, 'r'))).toBe('<input>:2:3: error: anonymous');
  });

  it('ManuscriptError carries every message and lists them all in its text', () => {
    const file = new VFile({ path: `${process.cwd()}/m/article.md` });
    fail(file, 'one', { line: 1, column: 2 }, 'r');
    fail(file, 'two', { line: 3, column: 4 }, 'r');
    const error = new ManuscriptError(file.messages);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ManuscriptError');
    expect(error.messages).toHaveLength(2);
    expect(error.message).toBe('m/article.md:1:2: error: one\nm/article.md:3:4: error: two');
  });
});
