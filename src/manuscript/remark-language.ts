/**
 * Language and script in the manuscript.
 *
 * - `:span[Сергей Волков]{lang=ru}` marks a run of text in another language:
 *   it becomes `<span lang="ru">` (and `xml:lang` in the e-book), with
 *   `dir` when that language is written the other way from the article's.
 * - A run of letters in a script the language in force is not written in
 *   (Cyrillic in an `en` article, Latin inside `:span[…]{lang=ar}`) is a
 *   warning: screen readers would speak it with the wrong voice. Web and
 *   e-mail addresses and DOIs are of no language and are not warned about.
 * - Characters that no shipped typeface draws (emoji, a rare script) are one
 *   warning per script, at the first of them (warnUncovered): the PDF and the
 *   cover would show them as boxes.
 */
import type { Node, Point, Position } from 'unist';
import type { Paragraph, Parent, Root, Text } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import type {} from 'mdast-util-to-hast';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { canonicalLanguage, directionOf, exampleLanguages, scriptName, scriptOfCharacter, scriptOfLetter, scriptsOf } from '../language.js';
import { describeCharacter } from '../typefaces.js';
import { fail, warn } from './diagnostics.js';
import { PANDOC as PANDOC_CAPTION } from './rehype-table-captions.js';

const EXAMPLE = ':span[Сергей Волков]{lang=ru}';

/**
 * Words of no language: a web address (with its scheme, or `www.`, or a
 * domain followed by a path), an e-mail address, a DOI. A screen reader spells
 * them out rather than speaking them in a voice, and the renderers isolate
 * them left to right, so a URL in an Arabic note needs no `lang` (marking it
 * `en` would have it read as English words). Code is no text node at all.
 */
const ADDRESSES = new RegExp(
  [
    String.raw`\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"]+`,
    String.raw`\b(?:mailto|doi|urn|tel):[^\s<>"]+`,
    String.raw`\bwww\.[^\s<>"]+`,
    String.raw`[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+`,
    String.raw`\b10\.\d{4,9}\/[^\s<>"]+`,
    String.raw`\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}\/[^\s<>"]*`,
  ].join('|'),
  'giu',
);
/**
 * Two Greek letters in a row: a Greek word. A Greek letter standing alone
 * (π, α, μ = 0.3, Ω, 5 μm, ΔT) is a symbol of mathematics or physics, which
 * a screen reader names in the text's own language; marked `el`, "π" would be
 * read in a Greek voice.
 */
const GREEK_WORD = /\p{Script=Greek}\p{M}*\p{Script=Greek}/u;
/**
 * A Roman numeral, in capitals: how Russian, Ukrainian, Polish, Georgian,
 * Greek… write a century, a monarch or a volume ("XIX века", "Людовик XIV",
 * "XIX საუკუნე"). A screen reader reads it in the text's own language, as a
 * number; marked `en`, as the warning advised, "XIX" was read in an English
 * voice, and a Russian history article had a warning at every century.
 */
const ROMAN_NUMERAL = /^M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;

/** A run of Latin letters that is only Roman numerals ("XIX", "XIX–XX", "II, IV"). */
function romanNumerals(run: string): boolean {
  const words = run.split(/[^\p{L}\p{M}]+/u).filter(Boolean);
  return words.length > 0 && words.every((word) => ROMAN_NUMERAL.test(word));
}
/** Stands in for an address's characters: it ends a run of letters and starts none. */
const MASK = '\u0000';
/** Numbers right after a run's last letter: each after at most one space (or no-break space) or hyphen, with `.` `,` `/` between digits. */
const TRAILING_NUMBER = /^(?:[ \u00a0\u2010\u2011-]?\p{Nd}+(?:[.,/]\p{Nd}+)*)+/u;
/** Made at first use: a text of marks is rare, and making a segmenter costs milliseconds. */
let graphemes: Intl.Segmenter | undefined;
const COMBINING_MARK = /\p{M}/u;

/** Whether `node` opens a paragraph right before or after a table: where pandoc's "Table:" marks the table's caption. */
function captionMarker(node: Text, ancestors: Array<Node | Parent>): boolean {
  const paragraph = ancestors[ancestors.length - 1];
  const parent = ancestors[ancestors.length - 2];
  if (paragraph?.type !== 'paragraph' || !parent || !('children' in parent)) return false;
  if ((paragraph as Paragraph).children[0] !== node) return false;
  const index = parent.children.indexOf(paragraph as Paragraph);
  return parent.children[index - 1]?.type === 'table' || parent.children[index + 1]?.type === 'table';
}

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
      // ":span[Łódź" with no "]" on its line is read as a span with no text or attributes, and "[Łódź" after it.
      const after = node.position?.end.offset;
      if (!tag && node.children.length === 0 && Object.keys(attributes).length === 0 && after !== undefined && source[after] === '[') {
        fail(file, `span: the "[" after :span is never closed with "]" on its line: write the text and its language as ${EXAMPLE}`, node, 'span-unclosed');
        return;
      }
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
    const otherLetters = new Map<string, { count: number; at: Point | Position; language: string; instead: string }>();
    // Those of the front matter and of the figures' credits and alt texts (remark-front-matter.ts, remark-figure.ts).
    for (const letter of file.data.languageLetters ?? []) {
      const seen = otherLetters.get(letter.char);
      if (seen) seen.count++;
      else otherLetters.set(letter.char, { count: 1, at: letter.at, language: letter.language, instead: letter.instead });
    }
    /** Whether `a` comes before `b` in the file: the first place of a letter is told, wherever it was found first. */
    const earlier = (a: Point | Position, b: Point | Position): boolean => {
      const [x, y] = [('start' in a ? a.start : a), ('start' in b ? b.start : b)];
      return x.line < y.line || (x.line === y.line && x.column < y.column);
    };

    /** Offset in the source of `needle`, looked for inside the node's own text; the node's start when it is not there literally. */
    const offsetOf = (node: Text, needle: string, from = 0): number => {
      const start = node.position?.start.offset ?? 0;
      const end = node.position?.end.offset ?? source.length;
      const found = source.slice(start, end).indexOf(needle, from);
      return start + (found >= 0 ? found : 0);
    };

    /**
     * A run ends at its last letter, but a number written on after it is part
     * of its name ("iPhone 15", "Windows 3.11", "COVID-19", "Galaxy S24
     * Ultra 2"): the quote and the span the warning suggests take it too, up
     * to the first character that is neither a digit nor a space, hyphen or
     * separator between digits ("Windows, 11 апреля" stops at the comma).
     */
    const closed = (run: { script: string; text: string; pending: string }) => ({
      script: run.script,
      text: run.text + (TRAILING_NUMBER.exec(run.pending)?.[0] ?? ''),
    });

    visitParents(tree, 'text', (node: Text, ancestors) => {
      if (!node.position) return;
      const span = [...ancestors].reverse().find((a): a is TextDirective => a.type === 'textDirective' && a.name === 'span');
      const inForce = (span?.data?.hProperties?.lang as string | undefined) ?? language;
      const expected = new Set(scriptsOf(inForce));
      // Control characters are refused before the text is parsed: MASK never occurs in it.
      let text = node.value.replace(ADDRESSES, (address) => MASK.repeat(address.length));
      // pandoc's "Table:" before a table's caption is markup, not English words (rehype-table-captions.ts takes it off).
      if (PANDOC_CAPTION.test(text) && captionMarker(node, ancestors)) text = text.replace(PANDOC_CAPTION, (marker) => MASK.repeat(marker.length));

      // A letter of another script inside one word (a Latin i typed in a Belarusian word): warned at the letter.
      const mixed = mixedLetters(text);
      for (const letter of mixed) {
        const offset = (node.position.start.offset ?? 0) + letter.index;
        // The node's text is the source's where it is written literally; else the warning stands at the word as found.
        const at = source.slice(offset, offset + letter.char.length) === letter.char ? offset : offsetOf(node, letter.word);
        warn(file, mixedLetterReason(letter), pointAt(at), 'script-mixed-word');
      }

      // A letter the language in force writes with another one (Persian typed on an Arabic keyboard): counted, told once after the walk.
      for (const { char, index, instead } of languageLetters(text, inForce)) {
        const offset = (node.position.start.offset ?? 0) + index;
        const at = source.slice(offset, offset + char.length) === char ? offset : offsetOf(node, char);
        const seen = otherLetters.get(char);
        const place = pointAt(at) ?? node.position;
        if (!seen) otherLetters.set(char, { count: 1, at: place, language: inForce, instead });
        else {
          seen.count++;
          if (earlier(place, seen.at)) Object.assign(seen, { at: place, language: inForce });
        }
      }

      // Runs of letters in a script the language in force is not written in.
      if (expected.size === 0) return;
      const runs: Array<{ script: string; text: string }> = [];
      let current: { script: string; text: string; pending: string } | undefined;
      // By grapheme clusters: a vowel sign or virama ending a word (नमस्ते, தமிழ்) belongs to its letter, not to the gap after the run.
      // Text without a combining mark is read by code points: the segmenter's first use costs more than the whole check
      // (17 ms for the seed's 5,500 characters, against 0.1 ms).
      for (const char of COMBINING_MARK.test(text) ? Array.from((graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' })).segment(text), (piece) => piece.segment) : text) {
        if (char === MASK) {
          if (current) runs.push(closed(current));
          current = undefined;
          continue;
        }
        const script = scriptOfLetter(String.fromCodePoint(char.codePointAt(0)!));
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
        if (current) runs.push(closed(current));
        current = { script, text: char, pending: '' };
      }
      if (current) runs.push(closed(current));
      let from = 0;
      for (const run of runs) {
        if (expected.has(run.script) || (run.script === 'Latn' && expected.size === 0)) continue;
        // A letter warned about above as a stray in its word is not a run of another language.
        if (mixed.some((letter) => letter.char === run.text)) continue;
        if (run.script === 'Grek' && !GREEK_WORD.test(run.text)) continue;
        if (run.script === 'Latn' && romanNumerals(run.text)) continue;
        const offset = offsetOf(node, run.text, from);
        from = offset - (node.position.start.offset ?? 0) + run.text.length;
        const examples = exampleLanguages(run.script, run.text);
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

    for (const [char, { count, at, language: inForce, instead }] of [...otherLetters].sort(([, a], [, b]) => (earlier(a.at, b.at) ? -1 : earlier(b.at, a.at) ? 1 : 0))) {
      const name = new Intl.DisplayNames('en', { type: 'language' }).of(inForce.split('-')[0]!) ?? inForce;
      const times = count === 1 ? 'once' : `${count} times, the first here`;
      warn(
        file,
        `"${char}" (${describeCharacter(char)}) in ${name} text, ${times}: ${name} writes "${instead}" (${describeCharacter(instead)}); ` +
          'replace it throughout, so that search finds the words and they are set as the language writes them',
        at,
        'language-letter',
      );
    }
  };
}

/**
 * Letters a language writes with another letter that an author's keyboard
 * types in its place: Persian and Urdu ی and ک, which an Arabic layout types
 * as ي and ك (drawn differently in some positions, and not found by a search
 * for the Persian word); Romanian ș and ț with a comma below, which old
 * keyboards and fonts gave as ş and ţ with a cedilla (Turkish letters).
 */
const LANGUAGE_LETTERS: Record<string, { letters: Record<string, string>; pattern: RegExp }> = Object.fromEntries(
  Object.entries<Record<string, string>>({
    fa: { '\u064a': '\u06cc', '\u0643': '\u06a9' },
    ur: { '\u064a': '\u06cc', '\u0643': '\u06a9' },
    ro: { '\u015f': '\u0219', '\u015e': '\u0218', '\u0163': '\u021b', '\u0162': '\u021a' },
  }).map(([language, letters]) => [language, { letters, pattern: new RegExp(`[${Object.keys(letters).join('')}]`, 'gu') }]),
);

/** Each letter of `text` that `language` writes with another one (LANGUAGE_LETTERS), where it is, and the letter to type. */
export function languageLetters(text: string, language: string): Array<{ char: string; index: number; instead: string }> {
  const wanted = LANGUAGE_LETTERS[language.split('-')[0]!.toLowerCase()];
  if (!wanted) return [];
  return [...text.matchAll(wanted.pattern)].map((match) => ({ char: match[0], index: match.index, instead: wanted.letters[match[0]]! }));
}

/** The scripts whose letters look alike: Latin, Cyrillic and Greek. */
const ALIKE = new Set(['Latn', 'Cyrl', 'Grek']);
const CYRILLIC_OR_GREEK = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Latin letters and the Cyrillic (and Greek) letters drawn the same: what a wrong keyboard layout types in their place. */
const LATIN_CYRILLIC: Record<string, string> = {
  a: 'а', c: 'с', e: 'е', i: 'і', j: 'ј', o: 'о', p: 'р', s: 'ѕ', x: 'х', y: 'у',
  A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', I: 'І', J: 'Ј', K: 'К', M: 'М', O: 'О', P: 'Р', S: 'Ѕ', T: 'Т', X: 'Х', Y: 'У',
};
const LATIN_GREEK: Record<string, string> = { A: 'Α', B: 'Β', E: 'Ε', H: 'Η', I: 'Ι', K: 'Κ', M: 'Μ', N: 'Ν', O: 'Ο', P: 'Ρ', T: 'Τ', X: 'Χ', Y: 'Υ', Z: 'Ζ', o: 'ο', v: 'ν' };
const invert = (table: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(table).map(([a, b]) => [b, a]));
/** LOOKALIKES[stray's script][word's script][stray] = the letter of the word's script that looks the same. */
const LOOKALIKES: Record<string, Record<string, Record<string, string>>> = {
  Latn: { Cyrl: LATIN_CYRILLIC, Grek: LATIN_GREEK },
  Cyrl: { Latn: invert(LATIN_CYRILLIC) },
  Grek: { Latn: invert(LATIN_GREEK) },
};

/**
 * Letters of one of the look-alike scripts (Latin, Cyrillic, Greek) inside a
 * word whose other letters are another of them: "ўнiверсітэцкі" with a Latin
 * i, "cоffee" with a Cyrillic о. The letters look the same, so neither author
 * nor proof-reader sees them, but the word is then found by no search and
 * read by a screen reader in two voices. The fewer letters are the strays
 * (one each); a word of letters as many in each script is left alone.
 */
export function mixedLetters(text: string): Array<{ char: string; index: number; script: string; among: string; word: string; inWord: number }> {
  const found: Array<{ char: string; index: number; script: string; among: string; word: string; inWord: number }> = [];
  // Two of the three scripts in one word: one of them is Cyrillic or Greek. A
  // text or word without either (most text in Latin) has no stray to find, and
  // looking up each letter's script took a batch's reader 2–8 ms an article.
  if (!CYRILLIC_OR_GREEK.test(text)) return found;
  for (const match of text.matchAll(/[\p{L}\p{M}]{2,}/gu)) {
    const word = match[0];
    if (!CYRILLIC_OR_GREEK.test(word)) continue;
    const letters: Array<{ char: string; index: number; script: string }> = [];
    let index = 0;
    for (const char of word) {
      const script = scriptOfLetter(char);
      if (script && ALIKE.has(script)) letters.push({ char, index: match.index + index, script });
      index += char.length;
    }
    const counts = new Map<string, number>();
    for (const letter of letters) counts.set(letter.script, (counts.get(letter.script) ?? 0) + 1);
    if (counts.size < 2) continue;
    const [first, second] = [...counts].sort((a, b) => b[1] - a[1]);
    if (!first || !second || first[1] === second[1]) continue;
    for (const letter of letters) if (letter.script !== first[0]) found.push({ ...letter, among: first[0], word, inWord: letter.index - match.index });
  }
  return found;
}

/** What the warning about a stray letter says: which letter, in which word, and the letter to type instead. */
export function mixedLetterReason(letter: { char: string; script: string; among: string; word: string }): string {
  const twin = LOOKALIKES[letter.script]?.[letter.among]?.[letter.char];
  return (
    `${scriptName(letter.script)} letter "${letter.char}" (${describeCharacter(letter.char)}) inside the ${scriptName(letter.among)} word "${letter.word}": ` +
    `${twin ? `type the ${scriptName(letter.among)} "${twin}" (${describeCharacter(twin)}), which looks the same, ` : 'type the word in one script, '}` +
    'so that search and screen readers find and speak it as one word'
  );
}

/** How many of a script's characters a warning names. */
const CHARACTERS_NAMED = 3;

/**
 * Warns once for each script of which a shipped face draws nothing
 * (src/typefaces.ts finds the characters by the fonts' own cmaps): how many
 * different characters, and the first place the manuscript has one. A script
 * met only in galley's own words (a date in the article's language) is told
 * without a place: there is none in the manuscript to fix.
 */
export function warnUncovered(file: VFile, characters: string[], language?: string): void {
  const own = language === undefined ? [] : scriptsOf(language);
  const source = String(file.value);
  const where = location(file);
  const groups = new Map<string, { characters: string[]; first: number }>();
  for (const char of characters) {
    const script = scriptOfCharacter(char);
    let group = groups.get(script);
    if (!group) groups.set(script, (group = { characters: [], first: -1 }));
    group.characters.push(char);
    const offset = firstOffsetOf(source, char);
    if (offset >= 0 && (group.first < 0 || offset < group.first)) group.first = offset;
  }
  // In the order an author meets them in the manuscript; those only in galley's words last.
  const ordered = [...groups].sort(([, a], [, b]) => (a.first < 0 ? Infinity : a.first) - (b.first < 0 ? Infinity : b.first));
  for (const [script, group] of ordered) {
    warn(file, uncoveredReason(script, group.characters, group.first >= 0, own.includes(script) ? language : undefined), group.first >= 0 ? where.toPoint(group.first) : undefined, 'character-uncovered');
  }
}

/**
 * Where the manuscript first writes `char`: as itself, or as a numeric
 * character reference (`&#x1F600;`, `&#128512;`; U+FFFD also stands for
 * `&#0;`, which Markdown reads as it). -1 when it does not: the character
 * is in galley's own words.
 */
function firstOffsetOf(source: string, char: string): number {
  const found = source.indexOf(char);
  if (found >= 0) return found;
  const code = char.codePointAt(0)!;
  const numbers = [`x0*${code.toString(16)}`, `0*${code}`];
  if (char === '\uFFFD') numbers.push('x?0+');
  const reference = new RegExp(`&#(?:${numbers.join('|')});`, 'i').exec(source);
  return reference ? reference.index : -1;
}

/** `ownLanguage`: the article's language, when the script is the one it is written in (nothing to leave out then). */
function uncoveredReason(script: string, characters: string[], inManuscript: boolean, ownLanguage?: string): string {
  const sorted = [...characters].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const named = sorted.slice(0, CHARACTERS_NAMED).map(describeCharacter).join(', ') + (sorted.length > CHARACTERS_NAMED ? ', …' : '');
  const what = script === 'Zsye' ? 'emoji' : script === 'Zsym' ? 'these symbols' : script === 'Zzzz' ? 'these characters' : `${scriptName(script)} script`;
  const count = `${characters.length} different character${characters.length === 1 ? '' : 's'}`;
  if (ownLanguage !== undefined) {
    return (
      `no shipped typeface draws ${what}, the script the article's language (\`${ownLanguage}\`) is written in: ${count} (${named})${inManuscript ? ', the first here' : ''}; ` +
      'the PDF and the cover print its text as empty boxes (never in a font of the building machine); the e-book and the download page show it as their reader\'s fonts can: ' +
      `publish the e-book alone (galley epub), or ship a face that draws ${what} (README, "Typefaces")`
    );
  }
  return (
    `no shipped typeface draws ${what}: ${count} (${named})${inManuscript ? ', the first here' : ', in galley\'s own words for the article\'s language'}; ` +
    'the PDF and the cover print each as an empty box (never in a font of the building machine), the e-book and the download page as their reader\'s fonts can; ' +
    'leave them out or write them in words (README, "Other languages and scripts")'
  );
}
