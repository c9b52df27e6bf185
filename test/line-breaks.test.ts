/** Where a line may break (src/line-breaks.ts): number ranges and URLs. */
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { breakableCode, breakableUrl, breakableUrlHtml, codePieces, joinNumberRanges, URL_IN_TEXT, urlPieces, WORD_JOINER } from '../src/line-breaks.js';

describe('line breaks', () => {
  it('keeps a range of numbers on one line, and nothing else', () => {
    expect(joinNumberRanges('won 7–2 in 1987–2017')).toBe(`won 7–${WORD_JOINER}2 in 1987–${WORD_JOINER}2017`);
    expect(joinNumberRanges('north–south, 7 – 2, 7-2')).toBe('north–south, 7 – 2, 7-2');
  });

  it('finds URLs in running text without the punctuation after them', () => {
    const text = 'See https://example.org/a/b. Or www.example.com/x-y, (http://a.b/c) and “https://q.example/z”.';
    expect(text.match(URL_IN_TEXT)).toEqual(['https://example.org/a/b', 'www.example.com/x-y', 'http://a.b/c', 'https://q.example/z']);
  });

  it('breaks a URL only after / . or -, keeping a run of slashes and the last character together', () => {
    expect(urlPieces('https://www.example.org/long-path/page.html')).toEqual(['https://', 'www.', 'example.', 'org/', 'long-', 'path/', 'page.', 'html']);
    expect(urlPieces('a/b/')).toEqual(['a/', 'b/']);
    expect(urlPieces('plain')).toEqual(['plain']);
    expect(urlPieces('https://example.org/a/b').join('')).toBe('https://example.org/a/b');
  });

  it('marks each break with <wbr>, as markup escaped for HTML and XHTML, and as a tree', () => {
    expect(breakableUrlHtml('https://x.org/?a=1&b="2"<')).toBe('https://<wbr/>x.<wbr/>org/<wbr/>?a=1&amp;b=&quot;2&quot;&lt;');
    expect(toHtml({ type: 'root', children: breakableUrl('a.b/c') })).toBe('a.<wbr>b/<wbr>c');
  });

  it('breaks a long run of code after / . - _ = ( inside it and between camel-case humps, and leaves a short one whole', () => {
    expect(codePieces('aVeryLongIdentifierName')).toEqual(['aVery', 'Long', 'Identifier', 'Name']);
    expect(codePieces('--template=/etc/news/article.html')).toEqual(['--template=', '/etc/', 'news/', 'article.', 'html']);
    expect(codePieces('publishAll(directory)')).toEqual(['publish', 'All(', 'directory)']);
    expect(codePieces('snake_case_name_here')).toEqual(['snake_', 'case_', 'name_', 'here']);
    // Never inside "--", "==", "=>", "//" or "()", nor before the run's last three characters.
    expect(codePieces('x==y&&z=>w||--v()uuuu')).toEqual(['x==y&&z=>w||--v()uuuu']);
    expect(codePieces('see//aaaa')).toEqual(['see//aaaa']);
    expect(codePieces('comment//aaaaaaaaaaaaa')).toEqual(['comment//', 'aaaaaaaaaaaaa']);
    expect(codePieces('https://example.org/x')).toEqual(['https://', 'example.', 'org/x']);
    expect(codePieces('options.dryRun')).toEqual(['options.dryRun']);
    expect(codePieces('aVeryLongIdentifierName').join('')).toBe('aVeryLongIdentifierName');
  });

  it('keeps the spaces of inline code and puts <wbr> only inside its long runs', () => {
    expect(toHtml({ type: 'root', children: breakableCode('x = aVeryLongIdentifierName;') })).toBe('x = aVery<wbr>Long<wbr>Identifier<wbr>Name;');
    expect(toHtml({ type: 'root', children: breakableCode('short one') })).toBe('short one');
  });
});
