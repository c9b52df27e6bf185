/**
 * src/manuscript/yaml-errors.ts on its own: what a YAML parse error tells an
 * author, and the offset the diagnostic points at. The errors are real ones,
 * from the yaml parser the reader uses, on small snippets.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument, YAMLParseError } from 'yaml';
import { yamlProblem } from '../src/manuscript/yaml-errors.js';

function problems(text: string, prettyErrors = false) {
  const doc = parseDocument(text, { prettyErrors, uniqueKeys: true });
  return doc.errors.map((error) => ({ code: error.code, ...yamlProblem(error, text) }));
}

describe('yamlProblem', () => {
  it('points an unclosed double quote at the quote that opens the value, not at the end of the text', () => {
    const text = 'title: "Open\ndate: 2017-02-19\n';
    const [problem] = problems(text);
    expect(problem).toEqual({ code: 'MISSING_CHAR', reason: 'this " quote is never closed; end the value with " on the same line', offset: text.indexOf('"') });
  });

  it('names a single quote when that is the one left open', () => {
    const text = "title: 'Open\n";
    expect(problems(text)).toEqual([{ code: 'MISSING_CHAR', reason: "this ' quote is never closed; end the value with ' on the same line", offset: 7 }]);
  });

  it('finds the last opening quote before the error, past closed quotes on earlier lines', () => {
    const text = 'title: "Closed"\nsubtitle: "Open\n';
    const [problem] = problems(text);
    expect(problem!.offset).toBe(text.lastIndexOf('"'));
    expect(text.slice(problem!.offset)).toBe('"Open\n');
  });

  it('passes other errors through in the parser’s words, at the parser’s offset', () => {
    const text = 'a: 1\na: 2\n';
    expect(problems(text)).toEqual([{ code: 'DUPLICATE_KEY', reason: 'Map keys must be unique', offset: 5 }]);
  });

  it('drops the parser’s own "at line …, column …" and code excerpt when errors are pretty', () => {
    const text = 'a: 1\na: 2\n';
    expect(problems(text, true)).toEqual([{ code: 'DUPLICATE_KEY', reason: 'Map keys must be unique', offset: 5 }]);
    const [flow] = problems('a: [1, 2\n', true);
    expect(flow!.reason).toBe('Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(flow!.reason).not.toMatch(/line \d|\n/);
  });

  it('keeps a quote inside a value out of it: only a MISSING_CHAR error is about quotes', () => {
    const [problem] = problems('key: "one" "two"\n');
    expect(problem!.code).toBe('UNEXPECTED_TOKEN');
    expect(problem!.reason).not.toContain('never closed');
    expect(problem!.offset).toBe(11);
  });

  it('reads the quote from the message only for a missing character', () => {
    // Another kind of error whose words happen to speak of a closing quote keeps them.
    const error = new YAMLParseError([4, 5], 'BAD_SCALAR_START', 'Missing closing "quote');
    expect(yamlProblem(error, 'a: "b"\n')).toEqual({ reason: 'Missing closing "quote', offset: 4 });
  });
});
