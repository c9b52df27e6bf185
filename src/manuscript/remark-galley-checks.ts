/**
 * Checks on the Markdown that would otherwise give silently wrong editions:
 * an article with no body, a code fence never closed (CommonMark lets it run
 * to the end of its container, so the rest of the article, headings and all,
 * would be set as code), a footnote call whose note is not defined (it
 * prints as a literal `[^name]`), a note nothing calls or one whose label
 * another note has already (it vanishes), and a
 * first-level heading in the body (set as large as the headline, a second title).
 */
import type { Code, FootnoteDefinition, FootnoteReference, Heading, Html, List, Root, RootContent, TableRow, Text } from 'mdast';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { fail, warn } from './diagnostics.js';

/** An unescaped `[^label]` left in the text, which the parser did not take for a footnote call. */
const FOOTNOTE_CALL = /(?<!\\)\[\^([^\]\s]+)\](?!:)/g;

/**
 * Where a fenced code block opened and, when no fence of its own ends it, the
 * fence it needed. An indented block has no fence; a fence is closed by a line
 * of the same character, at least as long, with nothing after it but spaces.
 */
function missingFence(node: Code, source: string): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return undefined;
  const text = source.slice(start, end);
  const opening = /^(`{3,}|~{3,})/.exec(text)?.[1];
  if (!opening) return undefined;
  const lines = text.trimEnd().split('\n');
  if (lines.length > 1) {
    const last = lines[lines.length - 1]!.replace(/^[ \t>]*(?:[-*+]|\d+[.)])?[ \t]*/, '');
    const fence = new RegExp(`^\\${opening[0]}{${opening.length},}[ \t]*$`);
    if (fence.test(last)) return undefined;
  }
  return opening;
}

function isBody(node: RootContent): boolean {
  if (node.type === 'yaml' || node.type === 'definition' || node.type === 'footnoteDefinition') return false;
  if (node.type === 'html') return !/^\s*(<!--[\s\S]*?-->\s*)*$/.test(node.value);
  return true;
}

/** What may stand before a mark that opens emphasis or a link: the start of the text, a space, an opening bracket or quote, a dash. */
const BEFORE_OPENER = /[\s(\[{"'“‘„«‹—–]/u;
/** `**` or `__` before a word: bold opened. */
const STRONG_OPENER = /(\*\*|__)(?=[\p{L}\p{N}])/gu;
/**
 * `_` before a word of letters that ends at a space or a sentence's punctuation:
 * italics opened. Not `_config.yml`, `_id2` or `snake_case`.
 */
const EM_OPENER = /_(?=\p{L}[\p{L}\p{M}'’-]*(?:[\s,;:!?)]|[.…](?:\s|$)|$))/gu;
/**
 * A lone `*` before a word of letters that ends at a space or a sentence's
 * punctuation: italics opened. Not `**` (bold, above), `5 * 3` or a list's
 * `* ` (a space after it), nor a footnote-style `*` after a word ("word*").
 */
const STAR_EM_OPENER = /(?<!\*)\*(?=\p{L}[\p{L}\p{M}'’-]*(?:[\s,;:!?)]|[.…](?:\s|$)|$))/gu;
/** A `*` that stands for letters, not emphasis: `*nix`, `*BSD`. */
const STAR_WILDCARD = /^\*(?:nix|ix|bsd)(?![\p{L}])/iu;
/** A note's mark at the start of a line, before its label and colon: "*Source: …", "*Note: …", as print sets a note under a table. */
const STAR_NOTE = /^\*\p{L}[\p{L}\p{M}'’-]*(?: \p{L}[\p{L}\p{M}'’-]*)?:/u;
/** At a "[" (sticky: tried where lastIndex is): words and then "(https://…" with no "]": a link whose "]" is missing. */
const LINK_WITHOUT_BRACKET = /\[[^[\]\n]{1,200}?\((?:https?:\/\/|mailto:|www\.)/uy;
/** At a "[" left as text: "[words](https://…", a link whose ")" is missing (or whose address has a space). */
const LINK_WITHOUT_PAREN = /\[[^[\]\n]{1,200}\]\((?:https?:\/\/|mailto:|www\.|\/|#)/uy;

/**
 * Emphasis or a link opened and never closed, which CommonMark prints as it
 * is ("**bold…", "[words(https://…"): a warning at the mark. Only clear
 * cases: a mark before a word, after a space (or the start, a bracket, a
 * quote), with no mark of the same kind after it in its paragraph; so
 * "5 * 3", "*nix", a note's "*Source:" line, snake_case, `_config.yml`,
 * "[sic]" and a "**" with a closer somewhere are left alone. Marks in code are no text and are not looked at.
 */
function warnUnclosedMarks(tree: Root, file: VFile, source: string): void {
  const where = location(file);
  const opens = (offset: number): boolean => offset === 0 || BEFORE_OPENER.test(source[offset - 1]!);
  visit(tree, (node) => node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell', (block) => {
    const blockStart = block.position?.start.offset;
    const blockEnd = block.position?.end.offset;
    if (blockStart === undefined || blockEnd === undefined || !('children' in block)) return;
    // The block's own text is what no inline node of its covers: marks in code, a link,
    // emphasis or raw HTML are theirs. (Text split off by an address read as a link has
    // no place of its own, hence the source.)
    const taken: Array<[number, number]> = [];
    visit(block, (node) => {
      if (node === block || node.type === 'text') return;
      const from = node.position?.start.offset;
      const to = node.position?.end.offset;
      if (from !== undefined && to !== undefined) taken.push([from, to]);
      return 'skip';
    });
    taken.sort((a, b) => a[0] - b[0]);
    // The ranges are apart and in order: the last that starts at or before an offset is the only one that may hold it.
    const inside = (offset: number): boolean => {
      let low = 0;
      let high = taken.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if (taken[middle]![0] <= offset) low = middle + 1;
        else high = middle - 1;
      }
      return high >= 0 && offset < taken[high]![1];
    };
    const free = (offset: number): boolean => source[offset - 1] !== '\\' && !inside(offset);
    const raw = source.slice(blockStart, blockEnd);
    const closedLater = (mark: string, index: number): boolean => raw.indexOf(mark, index + mark.length) >= 0;
    const report = (index: number, reason: string, rule: string): void => {
      warn(file, reason, where.toPoint(blockStart + index), rule);
    };
    for (const match of raw.matchAll(STRONG_OPENER)) {
      const mark = match[1]!;
      const at = blockStart + match.index;
      if (!free(at) || !free(at + 1) || !opens(at) || closedLater(mark, match.index)) continue;
      const escaped = mark === '**' ? '\\*\\*' : '\\_\\_';
      report(match.index, `"${mark}" opens bold that is never closed in its paragraph, so it prints as "${mark}": close it with "${mark}" after the words, or write ${escaped} for the characters themselves`, 'emphasis-unclosed');
    }
    for (const match of raw.matchAll(EM_OPENER)) {
      const at = blockStart + match.index;
      if (!free(at) || !opens(at) || closedLater('_', match.index)) continue;
      report(match.index, '"_" opens italics that are never closed in its paragraph, so it prints as "_": close it with "_" after the words, or write \\_ for the underscore itself', 'emphasis-unclosed');
    }
    for (const match of raw.matchAll(STAR_EM_OPENER)) {
      const at = blockStart + match.index;
      if (!free(at) || !opens(at) || closedLater('*', match.index)) continue;
      const rest = raw.slice(match.index);
      const lineStart = match.index === 0 || raw[match.index - 1] === '\n';
      if (STAR_WILDCARD.test(rest) || (lineStart && STAR_NOTE.test(rest))) continue;
      report(match.index, '"*" opens italics that are never closed in its paragraph, so it prints as "*": close it with "*" after the words, or write \\* for the asterisk itself', 'emphasis-unclosed');
    }
    // A "[" in text: the link after it (whose address may have been read as a link of its own) did not parse.
    for (let index = raw.indexOf('['); index >= 0; index = raw.indexOf('[', index + 1)) {
      const at = blockStart + index;
      if (!free(at) || source[at - 1] === '!') continue;
      LINK_WITHOUT_BRACKET.lastIndex = index;
      LINK_WITHOUT_PAREN.lastIndex = index;
      if (LINK_WITHOUT_BRACKET.test(raw)) {
        report(index, 'this "[" opens a link whose "]" is missing, so it prints as it is: write [the words](https://…), or \\[ for the bracket itself', 'link-unclosed');
      } else if (LINK_WITHOUT_PAREN.test(raw)) {
        report(index, 'this link is not read, so it prints as it is: its address needs a ")" after it and no spaces in it (write %20 for a space), e.g. [the words](https://example.org/page)', 'link-unclosed');
      }
    }
  });
}

/**
 * Whether an indented code block's text reads as a sentence: three words or
 * more, ending in a stop (with a closing quote or bracket), and none of the
 * marks of code (braces, semicolons, "=", "<", "$", a backslash, "()",
 * a comment or a prompt opening a line).
 */
function looksLikeProse(text: string): boolean {
  const words = text.match(/\p{L}[\p{L}\p{M}'’-]*/gu) ?? [];
  if (words.length < 3) return false;
  if (!/[.!?…。][»"”’)]?$/u.test(text.trim())) return false;
  return !/[{};=<>$\\|`_]|\(\)|^\s*(\/\/|#|--|>>>)/mu.test(text);
}

export default function remarkGalleyChecks() {
  return (tree: Root, file: VFile): void => {
    if (!tree.children.some(isBody)) {
      const yaml = tree.children.find((node) => node.type === 'yaml');
      const line = (yaml?.position?.end.line ?? 0) + 1;
      fail(file, 'the article has no body: write its text below the front matter', { line, column: 1 }, 'body-empty');
    }

    const source = String(file.value);
    visit(tree, 'code', (node: Code) => {
      const fence = missingFence(node, source);
      if (fence === undefined) return;
      const first = (node.position?.start.line ?? 1) + 1;
      // The block's end may be the line after the file's last newline.
      const start = node.position?.start.offset ?? 0;
      const last = first - 1 + (source.slice(start, node.position?.end.offset ?? start).trimEnd().match(/\n/g)?.length ?? 0);
      const taken = last < first ? '' : `; without it, ${last > first ? `lines ${first}–${last}` : `line ${first}`} would be set as code`;
      fail(file, `code block not closed: end it with a line holding only "${fence}"${taken}`, node, 'code-unclosed');
    });
    // A paragraph indented with a tab or four spaces (a word processor's first-line indent) is an
    // indented code block to CommonMark, set in the code face: told when it reads as prose.
    visit(tree, 'code', (node: Code, index, parent) => {
      const start = node.position?.start.offset;
      if (start === undefined || /^[ \t]*(`{3,}|~{3,})/.test(source.slice(start, start + 40))) return;
      const before = parent && index !== undefined ? parent.children[index - 1] : undefined;
      if (before && !['paragraph', 'heading', 'yaml', 'thematicBreak'].includes(before.type)) return;
      if (!looksLikeProse(node.value)) return;
      const indent = /^[ \t]*/.exec(source.slice(start))![0];
      const how = indent.includes('\t') ? 'a tab' : 'spaces';
      warn(file, `this paragraph is indented by ${how}, so it is set as code: remove the indent for a paragraph, or fence it with \`\`\` for code`, node, 'code-indented');
    });
    const called = new Set<string>();
    const defined = new Set<string>();
    visit(tree, 'footnoteReference', (node: FootnoteReference) => {
      called.add(node.identifier); // identifiers are normalised labels
    });
    // A label defined twice: every call shows the first note, and the second is lost.
    const firstDefinition = new Map<string, FootnoteDefinition>();
    // A heading that skips a level is read one below the heading before it (rehype-heading-levels); the headline is the first.
    let previousLevel = 1;
    visit(tree, 'heading', (node: Heading) => {
      const read = Math.min(node.depth, previousLevel + 1);
      if (read !== node.depth) {
        const marks = (depth: number): string => '#'.repeat(depth);
        warn(
          file,
          `a heading of level ${node.depth} (\`${marks(node.depth)}\`) right under one of level ${previousLevel} skips a level: screen readers and the PDF read it as level ${read}, set in the look of level ${node.depth}: write \`${marks(read)}\`, or add the level between`,
          node,
          'heading-skipped-level',
        );
      }
      previousLevel = read;
    });
    visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
      defined.add(node.identifier);
      const first = firstDefinition.get(node.identifier);
      if (!first) {
        firstDefinition.set(node.identifier, node);
        return;
      }
      const label = node.label ?? node.identifier;
      const at = first.position ? ` (first at ${first.position.start.line}:${first.position.start.column})` : '';
      fail(file, `footnote \`[^${label}]\` is defined twice${at}: every call would show the first note and this one would be lost; give it a label of its own and call it, or delete one`, node, 'footnote-duplicate');
    });
    // In text, `[^label]` is left as it is only when no note has that label; in
    // raw HTML (a line that starts with a tag is HTML up to the next blank
    // line) it is never read as a call, whether or not the note exists.
    visit(tree, (node) => node.type === 'text' || node.type === 'html', (node) => {
      const { value, position } = node as Text | Html;
      const inHtml = node.type === 'html';
      const start = position?.start;
      const end = position?.end;
      if (start?.offset === undefined || end?.offset === undefined || !value.includes('[^')) return;
      const raw = source.slice(start.offset, end.offset);
      for (const match of raw.matchAll(FOOTNOTE_CALL)) {
        const before = source.slice(start.offset, start.offset + match.index);
        const newlines = before.split('\n');
        const line = start.line + newlines.length - 1;
        const column = newlines.length === 1 ? start.column + match.index : newlines[newlines.length - 1]!.length + 1;
        const label = match[1]!;
        const reason = inHtml && defined.has(normalizeIdentifier(label).toLowerCase())
          ? `footnote call \`[^${label}]\` is inside raw HTML, where Markdown is not read, so it would print as it is: move it out of the HTML (a line that starts with a tag is HTML up to the next blank line)`
          : `footnote \`[^${label}]\` is not defined: add its note on a line of its own, \`[^${label}]: The note.\`, or write \\[^${label}] for the brackets themselves`;
        fail(file, reason, { line, column, offset: start.offset + match.index }, 'footnote-undefined');
      }
    });
    warnUnclosedMarks(tree, file, source);
    warnYearLists(tree, file, source);
    warnPipesInCode(tree, file, source);
    visit(tree, 'heading', (node: Heading) => {
      if (node.depth !== 1) return;
      warn(
        file,
        'a first-level heading (`#`) in the body is set as large as the headline, like a second title: the headline is the front matter\'s `title`; start a section with `##` (and a subsection with `###`)',
        node,
        'heading-first-level',
      );
    });
    visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
      if (!called.has(node.identifier)) {
        warn(file, `footnote \`[^${node.label ?? node.identifier}]\` is never called, so no edition shows it: call it with [^${node.label ?? node.identifier}] in the text, or delete it`, node, 'footnote-unused');
      }
    });
  };
}

/**
 * The smallest start of a one-item numbered list taken for a paragraph that
 * opens with a number and a full stop: "1986. A great year for the town…".
 * CommonMark makes it a list starting at 1986; print hangs "1986." in the
 * margin, a reading app that ignores `start` shows "1.", and calibre's text
 * lost the year. A list continued after a paragraph ("7. Then…") starts lower.
 */
const YEAR_LIST_START = 100;

/** Warns at a one-item numbered list that starts at a year (or any number from 100): a paragraph, most likely. */
function warnYearLists(tree: Root, file: VFile, source: string): void {
  visit(tree, 'list', (node: List) => {
    if (!node.ordered || (node.start ?? 1) < YEAR_LIST_START || node.children.length !== 1) return;
    const offset = node.position?.start.offset;
    if (offset === undefined) return;
    const marker = /^(\d+)([.)])/.exec(source.slice(offset));
    if (!marker) return;
    warn(
      file,
      `"${marker[0]}" at the start of this paragraph makes it a numbered list starting at ${marker[1]}: print hangs the number in the margin, and a reading app that ignores the start shows "1." or nothing: write "${marker[1]}\\${marker[2]}" for a paragraph that opens with the number`,
      node,
      'list-year',
    );
  });
}

/**
 * Warns at a "|" inside inline code in a table row: GFM ends the cell there
 * even inside backticks, so the code is cut, its backtick printed, and what
 * follows goes to the next cell, or, past the table's last column, is lost.
 */
function warnPipesInCode(tree: Root, file: VFile, source: string): void {
  const where = location(file);
  visit(tree, 'tableRow', (node: TableRow) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const row = source.slice(start, end);
    const runs = [...row.matchAll(/(?<!\\)`+/g)];
    for (let i = 0; i < runs.length; i++) {
      const open = runs[i]!;
      const close = runs.findIndex((run, j) => j > i && run[0].length === open[0].length);
      if (close < 0) continue;
      const from = open.index + open[0].length;
      const inside = row.slice(from, runs[close]!.index);
      for (const pipe of inside.matchAll(/(?<!\\)\|/g)) {
        warn(
          file,
          'a "|" inside inline code ends its table cell (GFM reads the cells before the code), so the code is cut and what follows it moves to the next cell or, past the last column, is lost: write \\| for the character, inside code too',
          where.toPoint(start + from + pipe.index),
          'table-pipe-in-code',
        );
      }
      i = close;
    }
  });
}

