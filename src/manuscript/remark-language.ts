/**
 * Language and script in the manuscript.
 *
 * - `:span[Сергей Волков]{lang=ru}` marks a run of text in another language:
 *   it becomes `<span lang="ru">` (and `xml:lang` in the e-book), with
 *   `dir` when that language is written the other way from the article's.
 * - A run of letters in a script the language in force is not written in
 *   (Cyrillic in an `en` article, Latin inside `:span[…]{lang=ar}`) is a
 *   warning: screen readers would speak it with the wrong voice.
 * - A character that no shipped typeface draws (an emoji, a rare script) is a
 *   warning naming the character where it stands (warnUncovered): the
 *   editions would borrow a font from whatever machine renders them.
 */
import type { Root, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import type {} from 'mdast-util-to-hast';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { canonicalLanguage, directionOf, exampleLanguages, scriptName, scriptOfLetter, scriptsOf } from '../language.js';
import { describeCharacter } from '../typefaces.js';
import { fail, warn } from './diagnostics.js';

const EXAMPLE = ':span[Сергей Волков]{lang=ru}';

export default function remarkGalleyLanguage() {
  return (tree: Root, file: VFile): void => {
    const source = String(file.value);
    const where = location(file);
    const language = file.data.frontMatter?.language ?? 'en';
    const direction = directionOf(language);

    // Spans first: their language is in force for the text inside them.
    visitParents(tree, 'textDirective', (node: TextDirective) => {
      if (node.name !== 'span') return;
      const attributes = node.attributes ?? {};
      for (const name of Object.keys(attributes)) {
        if (name !== 'lang') fail(file, `span: unknown attribute \`${name}\`; a span takes \`lang\`, e.g. ${EXAMPLE}`, node, 'span-attribute');
      }
      const raw = attributes.lang ?? '';
      const tag = raw.trim() === '' ? undefined : canonicalLanguage(raw);
      if (!tag) {
        const why = raw.trim() === '' ? 'span without `lang`' : `span: \`${raw}\` is not a BCP 47 language tag`;
        fail(file, `${why}: say which language the text is in, e.g. ${EXAMPLE}`, node, 'span-lang');
        return;
      }
      const spanDirection = directionOf(tag);
      node.data = {
        ...node.data,
        hName: 'span',
        hProperties: { lang: tag, ...(spanDirection !== direction ? { dir: spanDirection } : {}) },
      };
    });

    const pointAt = (offset: number) => where.toPoint(offset);

    /** Offset in the source of `needle`, looked for inside the node's own text; the node's start when it is not there literally. */
    const offsetOf = (node: Text, needle: string, from = 0): number => {
      const start = node.position?.start.offset ?? 0;
      const end = node.position?.end.offset ?? source.length;
      const found = source.slice(start, end).indexOf(needle, from);
      return start + (found >= 0 ? found : 0);
    };

    visitParents(tree, 'text', (node: Text, ancestors) => {
      if (!node.position) return;
      const span = [...ancestors].reverse().find((a): a is TextDirective => a.type === 'textDirective' && a.name === 'span');
      const inForce = (span?.data?.hProperties?.lang as string | undefined) ?? language;
      const expected = new Set(scriptsOf(inForce));
      const text = node.value;

      // Runs of letters in a script the language in force is not written in.
      if (expected.size === 0) return;
      const runs: Array<{ script: string; text: string }> = [];
      let current: { script: string; text: string; pending: string } | undefined;
      for (const char of text) {
        const script = scriptOfLetter(char);
        if (script === undefined) {
          // Digits, spaces, punctuation and marks carry a run on.
          if (current) current.pending += char;
          continue;
        }
        if (current && current.script === script) {
          current.text += current.pending + char;
          current.pending = '';
          continue;
        }
        if (current) runs.push(current);
        current = { script, text: char, pending: '' };
      }
      if (current) runs.push(current);
      let from = 0;
      for (const run of runs) {
        if (expected.has(run.script) || (run.script === 'Latn' && expected.size === 0)) continue;
        const offset = offsetOf(node, run.text, from);
        from = offset - (node.position.start.offset ?? 0) + run.text.length;
        const examples = exampleLanguages(run.script);
        const where = span ? `inside a span marked \`${inForce}\`` : `in an article in \`${language}\``;
        warn(
          file,
          `${scriptName(run.script)} text "${run.text}" ${where} has no language mark: write :span[${run.text}]{lang=…}` +
            `${examples ? ` with its language (e.g. ${examples})` : ''}, so that screen readers and hyphenation treat it as that language`,
          pointAt(offset),
          'script-unmarked',
        );
      }
    });
  };
}

/** How many places to name for one character no face draws. */
const PLACES_PER_CHARACTER = 3;

/**
 * Warns about each character no shipped face draws (src/typefaces.ts finds
 * them by the fonts' own cmaps), where it stands in the manuscript.
 */
export function warnUncovered(file: VFile, characters: string[]): void {
  const source = String(file.value);
  const where = location(file);
  for (const char of characters) {
    let from = 0;
    let found = 0;
    for (;;) {
      const offset = source.indexOf(char, from);
      if (offset < 0) break;
      warn(file, uncoveredReason(char), where.toPoint(offset), 'character-uncovered');
      from = offset + char.length;
      if (++found === PLACES_PER_CHARACTER) break;
    }
    // Only in text galley made from the manuscript (a date, a list): no place to name.
    if (found === 0) warn(file, uncoveredReason(char), { line: 1, column: 1 }, 'character-uncovered');
  }
}

function uncoveredReason(char: string): string {
  return `no shipped typeface draws ${describeCharacter(char)}: the editions would borrow it from the machine that renders them; leave it out or write it in words`;
}
