/**
 * A PDF content stream read a token at a time (ISO 32000-1, 7.2 and 7.8.2),
 * for ./artifacts.ts and ./off-page-lines.ts: each token is told by its first
 * character, strings and dictionaries are skipped whole, comments left out,
 * and no token is sliced out of the stream (most are numbers).
 */

/** What a token is. A word is an operator, or true, false or null. */
export type TokenKind = 'number' | 'string' | 'hex' | 'dictionary' | 'name' | 'bracket' | 'word';

/** White space: space, line feed, carriage return, tab, form feed, NUL. */
const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0c || code === 0x00;

/** A delimiter: ( ) < > [ ] { } / %. */
const isDelimiter = (code: number): boolean =>
  code === 0x28 || code === 0x29 || code === 0x3c || code === 0x3e || code === 0x5b || code === 0x5d || code === 0x7b || code === 0x7d || code === 0x2f || code === 0x25;

/** Where the literal string that begins at `i` (its opening parenthesis) ends: after its closing one, past nested pairs and escapes. */
function endOfString(content: string, i: number): number {
  let end = i;
  for (let depth = 0; end < content.length; end++) {
    const c = content[end];
    if (c === '\\') end++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) break;
  }
  return end + 1;
}

/**
 * Calls `token` with each token of `content` in turn: its kind, where it
 * starts and where it ends. A dictionary (`<<…>>`, a mark's properties) is
 * one token, the strings inside it skipped whole. Stops when `token` returns false.
 */
export function forEachToken(content: string, token: (kind: TokenKind, start: number, end: number) => boolean | void): void {
  const length = content.length;
  let i = 0;
  while (i < length) {
    const code = content.charCodeAt(i);
    if (isSpace(code)) {
      i++;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    if (code === 0x25 /* % */) {
      while (i < length && content[i] !== '\n' && content[i] !== '\r') i++;
      continue;
    } else if (code === 0x28 /* ( */) {
      i = endOfString(content, i);
      kind = 'string';
    } else if (content.startsWith('<<', i)) {
      let depth = 0;
      for (; i < length; i++) {
        if (content.startsWith('<<', i)) {
          depth++;
          i++;
        } else if (content.startsWith('>>', i)) {
          depth--;
          i++;
          if (depth === 0) break;
        } else if (content[i] === '(') i = endOfString(content, i) - 1;
      }
      i++;
      kind = 'dictionary';
    } else if (code === 0x3c /* < */) {
      i = content.indexOf('>', i) + 1 || length;
      kind = 'hex';
    } else if (code === 0x2f /* / */) {
      i++;
      while (i < length && !isSpace(content.charCodeAt(i)) && !isDelimiter(content.charCodeAt(i))) i++;
      kind = 'name';
    } else if (code === 0x5b || code === 0x5d /* [ ] */) {
      i++;
      kind = 'bracket';
    } else {
      while (i < length && !isSpace(content.charCodeAt(i)) && !isDelimiter(content.charCodeAt(i))) i++;
      if (i === start) i++;
      kind = (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2b || code === 0x2e ? 'number' : 'word';
    }
    if (token(kind, start, i) === false) return;
  }
}
