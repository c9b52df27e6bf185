/**
 * The typefaces galley sets every edition in, and the one place that decides
 * which font files an edition ships and how style sheets name them.
 *
 * Literata (SIL Open Font License 1.1) sets Latin, Cyrillic, Greek and
 * Vietnamese. For the scripts it lacks, a Noto face of the same serif kind
 * follows it: Amiri for Arabic, Noto Nastaliq Urdu for Urdu, Noto Serif for Hebrew, Devanagari, Simplified
 * Chinese, Japanese, Thai, Korean, Traditional Chinese, Armenian, Georgian,
 * Bangla, Tamil, Khmer, Gujarati, Telugu, Malayalam, Sinhala, Myanmar, Lao and
 * Tibetan, Noto Sans for Ethiopic, Gurmukhi, Kannada and Odia. Noto Emoji, last,
 * draws emoji and the symbols none of them has, in one colour like the text.
 * Every face comes from its npm package (@fontsource; Noto Emoji's whole
 * TrueType files from @expo-google-fonts), never from the machine: a
 * character none of them draws prints as Literata's empty box (see
 * lastResortFontDir).
 *
 * @fontsource splits each face into files by script (`latin`, `cyrillic`,
 * `[57]` for a slice of Chinese, …) and says in unicode.json which characters
 * each file holds. An edition ships only the files its text needs:
 * - Literata's files whole (each is a few tens of kilobytes);
 * - the other faces' files cut down to the very characters the article uses,
 *   with harfbuzz (subset-font). Their layout tables stay, so Arabic still
 *   joins and Devanagari still forms its conjuncts.
 * Each file is declared with its `unicode-range`, so a reader or a browser
 * loads it only for the characters it holds.
 *
 * Code (inline code, code blocks) is set in JetBrains Mono (SIL Open Font
 * License 1.1), which draws Latin, Cyrillic, Greek and Vietnamese, and ships
 * only with an article that has code: cut down to the code's characters and
 * printable ASCII (file names the e-book's colophon sets as code). A code
 * character it lacks falls back to the text faces, which draw every visible
 * character anyway.
 *
 * Regular, italic, bold and bold italic are all declared: a missing face makes
 * renderers fake it (Chromium then writes a Type 3 font into the PDF). The
 * Noto serif faces have no italic, so their upright files also stand for italic.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readCacheFile, readCacheFileSync, writeCacheFile, writeCacheFileSync } from './cache-file.js';
import type { FontAsset, Typeface } from './document.js';
import { withAccentRoom } from './accent-room.js';
import { withLocalForms } from './cover-local-forms.js';
import { writtenLanguage } from './language.js';
import { localeFacts } from './intl-answers.js';

const require = createRequire(import.meta.url);

type Range = [number, number];
type Style = 'normal' | 'italic';

interface FamilySpec {
  family: string;
  /** The @fontsource package that ships it. */
  package: string;
  /** Which of the package's files (unicode.json keys) galley uses. */
  uses: (subset: string) => boolean;
  italic: boolean;
  /** Cut the files down to the characters used (true), or ship them whole. */
  trim: boolean;
  /**
   * Languages for which this face comes before the ones that cover the same
   * characters: a primary subtag (`ja`), or one with its script (`zh-Hant`),
   * which wins over the primary subtag alone (see languageKey).
   */
  preferredFor?: string[];
  /** Of the languages in preferredFor, those set in this face in place of Literata: it comes first, for every character it draws. */
  firstFor?: string[];
  /** Its files whose capitals get room for their accents (src/accent-room.ts): Literata's Greek. */
  accentRoom?: (subset: string) => boolean;
  /**
   * Languages (as languageKey gives them) whose own letter forms the face
   * draws through its `locl` feature, with that feature's OpenType script and
   * language tags: the cover's fonts map their characters to those forms
   * (src/cover-local-forms.ts), as satori tells harfbuzz no language.
   */
  localForms?: Record<string, [script: string, language: string]>;
  /**
   * Of the languages in preferredFor, those whose text takes its quotation
   * marks (QUOTATION_MARKS) from this face before Literata's (see quotesFirst).
   */
  quotesFor?: string[];
  /** A file of the face's (unicode.json key) used for the quotation marks alone, where its slices lack some of them. */
  quotesFile?: string;
  /**
   * The cover's drawing (satori, whose shaping is opentype.js's) cannot set the face: it draws Nastaliq's letters
   * unjoined, their dots astray. The cover sets its characters in the next face that draws them (Amiri).
   */
  noCover?: boolean;
  /**
   * The face's size against the text's (CSS `size-adjust` on its @font-face rules): a face whose letters are
   * smaller than Literata's at one font size is drawn larger, so that its capitals stand as tall as Literata's.
   */
  sizeAdjust?: number;
  /** How many times the text face's line height the face's lines need, for the languages it is preferred for. */
  leading?: number;
  /** Leave out the glyphs only layout substitutions reach (JetBrains Mono's programming ligatures): code prints as typed. */
  noLigatures?: boolean;
  /**
   * A face that comes as whole TrueType files, one a weight, rather than as
   * @fontsource's script files: its one "file" (`subset`) holds every
   * character the font's cmap maps; `license` is the licence's file name.
   */
  whole?: { subset: string; file: (weight: number) => string; license: string };
  /** The face has one weight, 400: its files stand for bold too. */
  regularOnly?: boolean;
  /**
   * The whole font @fontsource's files were sliced from, a TrueType file a
   * weight and style: the characters it draws that none of the files holds
   * make one more file (MORE), cut to the characters used like a trimmed
   * face's. Literata's slices leave out ≤ ≥ ≈ ≠ ∑ ∂ ∫ √ ∞ ₀–₉ ⁰ ⅓ ⅔ ⅛, which its
   * font draws in its own weight: they came from the Chinese face's thin cut.
   */
  beyond?: (weight: 400 | 700, style: Style) => string;
  /**
   * The face takes emoji sequences whole (Unicode's RGI_Emoji: a keycap, a
   * flag, a skin tone, a joined sequence, a character with its emoji
   * selector): every character of one goes into its file, the digit of 1️⃣
   * and the joiners of 👩🏽‍💻 included, which the text face would otherwise
   * take or which need no glyph alone. Cut without them, the font's
   * sequences fall apart into their parts.
   */
  sequences?: boolean;
}

const LITERATA_SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'];
/** The name of a face's file of the characters its whole font has beyond its slices (FamilySpec.beyond). */
const MORE = 'more';
const numbered = (subset: string): boolean => /^\[\d+\]$/.test(subset);

/** The faces, in the order a character looks for one. */
const FAMILIES: FamilySpec[] = [
  {
    family: 'Literata', package: '@fontsource/literata', uses: (s) => LITERATA_SUBSETS.includes(s), italic: true, trim: false,
    beyond: (weight, style) => wholeLiterata(weight, style), accentRoom: (s) => s === 'greek' || s === 'greek-ext',
  },
  // Amiri rather than Noto Naskh Arabic: Naskh's cursive attachment leaves gaps that text extraction (pdftotext)
  // reads as spaces inside words; Amiri's letters join without them. It also has an italic.
  { family: 'Amiri', package: '@fontsource/amiri', uses: (s) => s === 'arabic', italic: true, trim: true },
  // Urdu, and the languages of Pakistan and Kashmir written like it (Shahmukhi Punjabi, Kashmiri, Saraiki), in
  // Nastaliq, as their newspapers and books are set, not in Amiri's Naskh, which reads to them as Arabic. Each word
  // descends from its first letter to its last and reaches far above and below the line (1.8 em above the
  // baseline): its lines need 1.65 times the leading, or the tops of a page's first line print at the foot of the
  // page before. Chromium's PDF maps most of its glyphs to no character; finishing mends the words'
  // text (src/pdf/unmapped-words.ts). Regular and bold, no italic (upright stands for it).
  {
    family: 'Noto Nastaliq Urdu', package: '@fontsource/noto-nastaliq-urdu', uses: (s) => s === 'arabic', italic: false, trim: true,
    preferredFor: ['ur', 'pa-Arab', 'ks', 'skr'], leading: 1.65, noCover: true,
  },
  { family: 'Noto Serif Hebrew', package: '@fontsource/noto-serif-hebrew', uses: (s) => s === 'hebrew', italic: false, trim: true },
  { family: 'Noto Serif Devanagari', package: '@fontsource/noto-serif-devanagari', uses: (s) => s === 'devanagari', italic: false, trim: true },
  // Serbian and Macedonian: Noto Serif, whose italic has their Cyrillic forms (OpenType `locl` for SRB and MKD: italic
  // б г д п т as Serbian and Macedonian write them), where Literata has none and set the Russian shapes. First for `sr`
  // and `mk`; for other text it only draws a Latin or Cyrillic character that every face before it lacks, and from its
  // math file the signs Literata lacks (⁺ ⁻ ⁱ ℃ ℉), in the text's weight. Before the Chinese and Japanese faces, which
  // drew those in their thin cut (Noto Serif SC's files are its ExtraLight master) and ≤ ≥ in their slanted form.
  {
    family: 'Noto Serif', package: '@fontsource/noto-serif', uses: (s) => ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'math'].includes(s), italic: true,
    trim: true, preferredFor: ['sr', 'mk'], firstFor: ['sr', 'mk'], localForms: { sr: ['cyrl', 'SRB '], mk: ['cyrl', 'MKD '] },
  },
  // The mathematical signs neither draws (⇌ ⇒ ↔ ≡ ∈ ∇ ∝, maths letters 𝑥): Noto Sans Math, one weight. Its one
  // @fontsource file holds them all, though unicode.json lists only its Latin: read by its cmap, as a whole file.
  {
    family: 'Noto Sans Math', package: '@fontsource/noto-sans-math', uses: () => true, italic: false, trim: true, regularOnly: true,
    whole: { subset: 'math', file: () => 'files/noto-sans-math-latin-400-normal.woff2', license: 'LICENSE' },
  },
  // Its numbered slices lack ‘ and ’: they come from its Latin file, which draws them a full em wide too.
  { family: 'Noto Serif SC', package: '@fontsource/noto-serif-sc', uses: (s) => numbered(s) || s === 'latin', italic: false, trim: true, preferredFor: ['zh'], quotesFor: ['zh'], quotesFile: 'latin' },
  { family: 'Noto Serif JP', package: '@fontsource/noto-serif-jp', uses: numbered, italic: false, trim: true, preferredFor: ['ja'], quotesFor: ['ja'] },
  // After the faces above, so that an article that needs none of these three ships and sets what it did before.
  { family: 'Noto Serif Thai', package: '@fontsource/noto-serif-thai', uses: (s) => s === 'thai', italic: false, trim: true },
  { family: 'Noto Serif KR', package: '@fontsource/noto-serif-kr', uses: numbered, italic: false, trim: true, preferredFor: ['ko'] },
  // Traditional Chinese (zh-TW, zh-HK, zh-Hant): Taiwan's forms of the characters, where Noto Serif SC draws the mainland's.
  { family: 'Noto Serif TC', package: '@fontsource/noto-serif-tc', uses: (s) => numbered(s) || s === 'latin', italic: false, trim: true, preferredFor: ['zh-Hant'], quotesFor: ['zh-Hant'], quotesFile: 'latin' },
  // Armenian and Georgian: their script files only (Literata draws the Latin and punctuation around them). Armenian
  // first: Noto Serif Georgian's file lists the Armenian full stop (U+0589) too, which would bring it into an Armenian article.
  { family: 'Noto Serif Armenian', package: '@fontsource/noto-serif-armenian', uses: (s) => s === 'armenian', italic: false, trim: true },
  { family: 'Noto Serif Georgian', package: '@fontsource/noto-serif-georgian', uses: (s) => s === 'georgian', italic: false, trim: true },
  // Bangla, Tamil, Ethiopic and Khmer: their script files only. Bangla's and Tamil's list the danda (। ॥), which the
  // Devanagari face, earlier, would take: first for their own languages, so that their full stop is of their face.
  // Ethiopic has no serif Noto face on npm: Noto Sans Ethiopic, whose strokes are as even as the serifs' faces'.
  { family: 'Noto Serif Bengali', package: '@fontsource/noto-serif-bengali', uses: (s) => s === 'bengali', italic: false, trim: true, preferredFor: ['bn', 'as'] },
  { family: 'Noto Serif Tamil', package: '@fontsource/noto-serif-tamil', uses: (s) => s === 'tamil', italic: true, trim: true, preferredFor: ['ta'] },
  { family: 'Noto Sans Ethiopic', package: '@fontsource/noto-sans-ethiopic', uses: (s) => s === 'ethiopic', italic: false, trim: true },
  { family: 'Noto Serif Khmer', package: '@fontsource/noto-serif-khmer', uses: (s) => s === 'khmer', italic: false, trim: true },
  // The other scripts of South and South-East Asia and Tibet, their script files only, first for their languages
  // as Bangla's: most of these files list the danda (। ॥) too. Noto Sans where npm has no serif face (Gurmukhi,
  // Kannada, Odia); a Punjabi, Telugu or Tibetan article printed boxes, and its PDF's text lost letters.
  { family: 'Noto Sans Gurmukhi', package: '@fontsource/noto-sans-gurmukhi', uses: (s) => s === 'gurmukhi', italic: false, trim: true, preferredFor: ['pa'] },
  { family: 'Noto Serif Gujarati', package: '@fontsource/noto-serif-gujarati', uses: (s) => s === 'gujarati', italic: false, trim: true, preferredFor: ['gu'] },
  { family: 'Noto Sans Oriya', package: '@fontsource/noto-sans-oriya', uses: (s) => s === 'oriya', italic: false, trim: true, preferredFor: ['or'] },
  { family: 'Noto Serif Telugu', package: '@fontsource/noto-serif-telugu', uses: (s) => s === 'telugu', italic: false, trim: true, preferredFor: ['te'] },
  { family: 'Noto Sans Kannada', package: '@fontsource/noto-sans-kannada', uses: (s) => s === 'kannada', italic: false, trim: true, preferredFor: ['kn'] },
  { family: 'Noto Serif Malayalam', package: '@fontsource/noto-serif-malayalam', uses: (s) => s === 'malayalam', italic: false, trim: true, preferredFor: ['ml'] },
  { family: 'Noto Serif Sinhala', package: '@fontsource/noto-serif-sinhala', uses: (s) => s === 'sinhala', italic: false, trim: true, preferredFor: ['si'] },
  { family: 'Noto Serif Myanmar', package: '@fontsource/noto-serif-myanmar', uses: (s) => s === 'myanmar', italic: false, trim: true },
  { family: 'Noto Serif Lao', package: '@fontsource/noto-serif-lao', uses: (s) => s === 'lao', italic: false, trim: true },
  { family: 'Noto Serif Tibetan', package: '@fontsource/noto-serif-tibetan', uses: (s) => s === 'tibetan', italic: false, trim: true },
  // Then: emoji and the symbols none of the text faces draws (❤ ⚡ ✅ ⏱, flags, skin tones, joined sequences), in
  // one colour like the text. Google's monochrome Noto Emoji, from its whole TrueType files: @fontsource's slices
  // of it split a joined sequence's parts across files, and a cut of one slice loses the sequence.
  {
    family: 'Noto Emoji', package: '@expo-google-fonts/noto-emoji', uses: () => true, italic: false, trim: true,
    whole: { subset: 'emoji', file: (weight) => (weight === 700 ? '700Bold/NotoEmoji_700Bold.ttf' : '400Regular/NotoEmoji_400Regular.ttf'), license: 'LICENSE_FONT' },
    sequences: true,
  },
  // Last: the symbols no face above draws (★ ✓ ✗ ♔ ☐ ⇒ ⌘, Braille), which printed as Literata's empty box. One
  // weight: its upright stands for bold too (regularOnly), rather than a renderer's smeared fake bold.
  { family: 'Noto Sans Symbols 2', package: '@fontsource/noto-sans-symbols-2', uses: (s) => ['symbols', 'math', 'braille'].includes(s), italic: false, trim: true, regularOnly: true },
  // Hausa: Gentium Book Plus (SIL, OFL 1.1), drawn for the hooked letters of West African orthographies. Literata has
  // none of ɓ ɗ ƙ ƴ; Noto Serif's capitals Ƙ and Ƴ are K and Y with a hair-thin curl, which read as K and Y at reading
  // size ("Ƙasimu" as "Kasimu", "Ƴan" as "Yan", the credit's "ƊANLADI" as "DANLADI"), and set each of those letters
  // in a second face inside a Literata word. Gentium's arm of Ƙ and of Ƴ ends in a hook. First for `ha`, which it
  // sets whole but for ɓ and ɗ, which Google's slice of it leaves out (Noto Serif draws them, their hooks plain).
  // Its capitals stand 0.615 em to Literata's 0.701: drawn at 114%, its capitals and its x-height (0.52 em to
  // Literata's 0.51) match Literata's, where at 100% a Hausa article read a size smaller than any other. After
  // every other face for any other text, so an article that needs it for nothing is set as before. Not on the cover:
  // satori, which draws it, knows no size-adjust, and drew Gentium's capitals a size small among Literata's letters.
  {
    family: 'Gentium Book Plus', package: '@fontsource/gentium-book-plus', uses: (s) => s === 'latin' || s === 'latin-ext', italic: true, trim: true,
    preferredFor: ['ha'], firstFor: ['ha'], sizeAdjust: 1.14, noCover: true,
  },
];

/**
 * The face for code: not in the text faces' order, used only by the code style (codeFontStack). Its whole font
 * (beyond) draws what @fontsource's slices leave out: box drawing and block elements (├── │ └── ┌─┐ ▇ █ ░ ▁▂▃),
 * arrows; a directory tree, a table drawn in a terminal or a bar of █ took them from the text faces, Noto Serif
 * SC's thin full-width forms, and its lines no longer met nor its columns stood one above another.
 */
const CODE_FAMILY: FamilySpec = {
  family: 'JetBrains Mono', package: '@fontsource/jetbrains-mono', uses: (s) => LITERATA_SUBSETS.includes(s), italic: true, trim: true, noLigatures: true,
  beyond: (weight, style) => wholeJetBrainsMono(weight, style),
};

/** What the mono face always carries when it ships: printable ASCII (the e-book's colophon names its licence files as code). */
const CODE_ALWAYS = String.fromCharCode(...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i));

const WEIGHTS = [400, 700] as const;

/**
 * The text face's average character width, spaces included, in em (Literata's
 * is about 0.47): what the print layout reckons a line holds. A new text face
 * brings its own figure here.
 */
export const TEXT_FACE_AVERAGE_ADVANCE_EM = 0.47;

/**
 * The text face's word space, in em (Literata's space advance is 0.2 em; the
 * typefaces test reads it from the font): what a loose line is judged against
 * when an article has too few lines of its own to tell (see loose-lines.ts).
 */
export const TEXT_FACE_SPACE_EM = 0.2;

interface LoadedFamily extends FamilySpec {
  readonly dir: string;
  /** fontsource's file stem, e.g. `noto-serif-sc`. */
  stem: string;
  readonly subsets: Array<{ name: string; ranges: Range[]; css: string }>;
}

let loaded: LoadedFamily[] | undefined;
let loadedCode: LoadedFamily | undefined;

/** "U+0400-045F,U+2116" → [[0x400, 0x45f], [0x2116, 0x2116]] */
export function parseUnicodeRange(css: string): Range[] {
  return css.split(',').flatMap((part): Range[] => {
    const match = /^U\+([0-9a-f]+)(?:-([0-9a-f]+))?$/i.exec(part.trim());
    return match ? [[parseInt(match[1]!, 16), parseInt(match[2] ?? match[1]!, 16)]] : [];
  });
}

/** Code points → the shortest `unicode-range` value naming exactly them. */
export function unicodeRangeOf(codePoints: Iterable<number>): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const hex = (n: number): string => n.toString(16).toUpperCase();
    parts.push(i === j ? `U+${hex(sorted[i]!)}` : `U+${hex(sorted[i]!)}-${hex(sorted[j]!)}`);
    i = j + 1;
  }
  return parts.join(',');
}

function loadFamily(spec: FamilySpec): LoadedFamily {
  // Found the first time a file of the family is wanted: resolving a package
  // costs Node's loader a few file lookups, and an article that needs one or
  // two of the 32 families paid about 5 ms of CPU to find them all.
  let found: string | undefined;
  const packageDir = (): string => (found ??= path.dirname(require.resolve(`${spec.package}/package.json`)));
  // A family's table is read the first time a character gets that far down
  // the order: most articles never reach the Chinese and Japanese faces,
  // whose tables (hundreds of files, 75 kB each) took longer to parse than
  // the rest of the article's characters to place.
  let subsets: LoadedFamily['subsets'] | undefined;
  return {
    ...spec,
    get dir() {
      return packageDir();
    },
    stem: spec.package.replace(/^@[^/]+\//, ''),
    get subsets() {
      if (!subsets && spec.whole) {
        // The font's own characters, as ranges (read once and kept in the font cache: see factsOf).
        const characters = factsOf(readFileSync(path.join(packageDir(), spec.whole.file(400)))).characters;
        subsets = [{ name: spec.whole.subset, ranges: parseUnicodeRange(unicodeRangeOf(characters)), css: unicodeRangeOf(characters) }];
      }
      if (!subsets) {
        const table = JSON.parse(readFileSync(path.join(packageDir(), 'unicode.json'), 'utf8')) as Record<string, string>;
        subsets = Object.entries(table)
          .filter(([name]) => spec.uses(name))
          .map(([name, css]) => ({ name, ranges: parseUnicodeRange(css), css }));
        if (spec.beyond) {
          // Last, so that a character a slice draws is still taken from it. Every character of the whole
          // font, those the slices' ranges list too: a range lists characters its file lacks (Literata's
          // latin names U+2000–206F, and draws no ‐ ‒ ― ‰), which the face would otherwise pass over for
          // the next face that draws them: Amiri's hyphen, Noto Serif SC's per mille (settle, below).
          const more = factsOf(readFileSync(spec.beyond(400, 'normal'))).characters.filter((code) => !needsNoGlyph(code));
          if (more.length > 0) {
            const css = unicodeRangeOf(more);
            subsets.push({ name: MORE, ranges: parseUnicodeRange(css), css });
          }
        }
      }
      return subsets;
    },
  };
}

function families(): LoadedFamily[] {
  loaded ??= FAMILIES.map(loadFamily);
  return loaded;
}

function codeFamily(): LoadedFamily {
  loadedCode ??= loadFamily(CODE_FAMILY);
  return loadedCode;
}

/**
 * Whether `code` falls in one of `ranges`. Asked for every character of a
 * text and of a face's files (Literata's 1,164 characters against its
 * slices' 67 ranges, on every run): an indexed loop, as a build's short run
 * leaves such code to V8's interpreter (scripts/load-bundle.cjs), where
 * `ranges.some(([from, to]) => …)` took each range apart through the
 * iterator protocol, four times slower.
 */
function within(ranges: Range[], code: number): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!;
    if (code >= range[0] && code <= range[1]) return true;
  }
  return false;
}

/** Characters that need no glyph: controls, format characters, line and paragraph separators. */
function needsNoGlyph(code: number): boolean {
  return /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u.test(String.fromCodePoint(code));
}

/**
 * Which of the faces' preferredFor entries a language tag falls under: its
 * primary subtag with its script (`zh-TW` → `zh-Hant`, by the likely script
 * ICU gives it) when a face names that, else its primary subtag (`zh-CN` → `zh`).
 */
export function languageKey(language: string): string {
  // Cantonese looks for its faces as the written Chinese it is set in (yue → zh-Hant).
  const primary = writtenLanguage(language.toLowerCase().split('-')[0]!);
  let script: string | undefined;
  try {
    script = localeFacts(language).script;
  } catch {
    script = undefined;
  }
  const withScript = script ? `${primary}-${script}` : undefined;
  return withScript && FAMILIES.some((family) => family.preferredFor?.includes(withScript)) ? withScript : primary;
}

/**
 * Quotation marks that Chinese and Japanese text takes from its own face:
 * Literata, first for every character it draws, drew them narrow and
 * proportional (0.53 em “, 0.33 em ‘) in the middle of full-width Chinese
 * characters, where Noto Serif SC and TC draw them a full em wide, as
 * Chinese is set; Noto Serif JP draws them in its own design, proportional
 * (0.43 em “), as Japanese fonts do for these Western marks (Japanese quotes
 * with 「」, which only the Japanese face draws anyway). Korean keeps
 * Literata's, as Korean is set with proportional Western quotes.
 */
const QUOTATION_MARKS: ReadonlySet<number> = new Set([
  0x2018, 0x2019, 0x201c, 0x201d,
  // So do the ellipsis and the dash, which Chinese doubles (…… ——) and sets a full em each, centred: Literata's
  // are narrow and sit on the baseline.
  0x2026, 0x2014,
]);

/** The faces in the order a quotation mark looks for one, for text in `language`: its own face first when it takes its marks from it (quotesFor). */
function quotesFirst(language: string): LoadedFamily[] {
  const key = languageKey(language);
  const order = familiesFor(language);
  const own = order.filter((family) => family.quotesFor?.includes(key));
  return own.length === 0 ? order : [...own, ...order.filter((family) => !own.includes(family))];
}

/** The faces in the order a character looks for one, for an article in `language`. */
function familiesFor(language: string): LoadedFamily[] {
  const key = languageKey(language);
  const all = families();
  const preferred = all.filter((family) => family.preferredFor?.includes(key));
  // A face that sets the language in place of Literata comes before it (firstFor); the others right after it.
  const first = preferred.filter((family) => family.firstFor?.includes(key));
  return [
    ...first,
    ...all.filter((family) => !preferred.includes(family)).slice(0, 1),
    ...preferred.filter((family) => !first.includes(family)),
    ...all.slice(1).filter((family) => !preferred.includes(family)),
  ];
}

/**
 * Whether text in `language` inside an article in `article` looks for its
 * faces in another order: Japanese in an English or a Chinese article is set
 * in Noto Serif JP, not in the Simplified Chinese forms of Noto Serif SC.
 */
export function prefersOtherFaces(language: string, article: string): boolean {
  const names = (tag: string): string => familiesFor(tag).map((family) => family.family).join('\0');
  return names(language) !== names(article);
}

/** Whether a face's file may set a character: any of its characters, but the quotation marks alone from its quotesFile. */
function serves(family: FamilySpec, subset: string, code: number): boolean {
  return subset !== family.quotesFile || QUOTATION_MARKS.has(code);
}

/** Which face and file set a character, or undefined when no shipped face has it. */
function placeOf(code: number, order: LoadedFamily[], passOver?: Set<LoadedFamily>): { family: LoadedFamily; subset: string } | undefined {
  for (const family of order) {
    if (passOver?.has(family)) continue;
    const subset = family.subsets.find((candidate) => serves(family, candidate.name, code) && within(candidate.ranges, code));
    if (subset) return { family, subset: subset.name };
  }
  return undefined;
}

/** Whether a shipped face draws this character (or it needs no glyph at all). */
export function isCovered(char: string): boolean {
  const code = char.codePointAt(0)!;
  return needsNoGlyph(code) || placeOf(code, families()) !== undefined;
}

/** The distinct characters of `text` that no shipped face draws, in order of first use. */
export function uncoveredCharacters(text: string): string[] {
  return [...new Set(text)].filter((char) => !isCovered(char));
}

/** U+1F600 😀 */
export function describeCharacter(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${char}`;
}

/** What a face's files are called inside @fontsource's `files/` folder. */
function sourceFile(family: LoadedFamily, subset: string, weight: number, style: Style, extension: 'woff2' | 'woff'): string {
  // A whole TrueType file, cut to WOFF2 (or TrueType for the cover) like a trimmed face's.
  if (family.whole) return path.join(family.dir, family.whole.file(weight));
  if (subset === MORE && family.beyond) return family.beyond(weight === 700 ? 700 : 400, style);
  const fileWeight = family.regularOnly ? 400 : weight;
  return path.join(family.dir, 'files', `${family.stem}-${subset.replace(/^\[(\d+)\]$/, '$1')}-${fileWeight}-${style}.${extension}`);
}

/** Whether a face's file is cut to the characters used: every file of a trimmed face, and a whole face's MORE. */
function isCut(family: FamilySpec, subset: string): boolean {
  return family.trim || (subset === MORE && family.beyond !== undefined);
}

interface Placement {
  family: LoadedFamily;
  /** subset name → the text's characters in it */
  subsets: Map<string, Set<number>>;
}

/** Text in another language than the article's, which looks for its faces in that language's order (see prefersOtherFaces). */
export interface LanguageRun {
  language: string;
  text: string;
}

/**
 * Characters a shaper draws with others' glyphs: harfbuzz sets Thai SARA AM
 * (ำ) as NIKHAHIT + SARA AA, and Lao's likewise, so a file cut without those
 * two draws น้ำ as boxes.
 */
const SHAPER_PARTS: ReadonlyMap<string, string> = new Map([
  ['\u0E33', '\u0E4D\u0E32'],
  ['\u0EB3', '\u0ECD\u0EB2'],
]);

function withShaperParts(chars: Set<string>): Set<string> {
  const all = new Set(chars);
  for (const char of chars) for (const part of SHAPER_PARTS.get(char) ?? '') all.add(part);
  return all;
}

/**
 * An emoji sequence as Unicode recommends it for interchange (RGI_Emoji, ES2024's `v` flag, which TypeScript's ES2022 target does not parse).
 * Made at its first use: V8 takes 13-14 ms of CPU to make it and 7 ms for its first search of the seed's text.
 */
let emojiSequence: RegExp | undefined;
const emojiSequences = (): RegExp => (emojiSequence ??= new RegExp('\\p{RGI_Emoji}', 'gv'));
/**
 * A character that every RGI emoji sequence has: an emoji (\p{Emoji}) other
 * than the digits, `#` and `*`, which are sequences only as keycaps, and
 * those carry U+20E3. Text without one has no sequence to look for (checked
 * against every sequence of Unicode's emoji-test.txt, and every code point).
 */
const MAYBE_EMOJI = /(?![#*0-9])[\p{Emoji}\u20E3]/u;

/**
 * Sorts the characters of `text` into faces and files, and those of each run
 * in the order of the run's language; Literata's Latin file always comes along.
 */
function place(text: string, language: string, runs: LanguageRun[] = [], passOver: Map<number, Set<LoadedFamily>> = new Map(), cover = false): Placement[] {
  // The cover leaves out the faces its drawing cannot shape (FamilySpec.noCover).
  const drawn = (order: LoadedFamily[]): LoadedFamily[] => (cover ? order.filter((family) => !family.noCover) : order);
  const order = drawn(familiesFor(language));
  const byFamily = new Map<LoadedFamily, Map<string, Set<number>>>();
  const literata = families()[0]!;
  byFamily.set(literata, new Map([['latin', new Set<number>()]]));
  for (const run of [{ text, language }, ...runs]) {
    const runOrder = run.language === language ? order : drawn(familiesFor(run.language));
    const quoteOrder = drawn(quotesFirst(run.language));
    for (const char of withShaperParts(new Set(run.text))) {
      const code = char.codePointAt(0)!;
      if (needsNoGlyph(code)) continue;
      const where = placeOf(code, QUOTATION_MARKS.has(code) ? quoteOrder : runOrder, passOver.get(code));
      if (!where) continue;
      let subsets = byFamily.get(where.family);
      if (!subsets) byFamily.set(where.family, (subsets = new Map()));
      let codes = subsets.get(where.subset);
      if (!codes) subsets.set(where.subset, (codes = new Set()));
      codes.add(code);
    }
  }
  // Emoji sequences whole, in the face that draws every character of one (see FamilySpec.sequences).
  for (const family of order.filter((candidate) => candidate.sequences)) {
    for (const part of [text, ...runs.map((run) => run.text)]) {
      if (!MAYBE_EMOJI.test(part)) continue;
      for (const [sequence] of part.matchAll(emojiSequences())) {
        const codes = [...sequence].map((char) => char.codePointAt(0)!);
        const home = family.subsets.find((subset) => codes.every((code) => within(subset.ranges, code)));
        if (!home) continue;
        let subsets = byFamily.get(family);
        if (!subsets) byFamily.set(family, (subsets = new Map()));
        let wanted = subsets.get(home.name);
        if (!wanted) subsets.set(home.name, (wanted = new Set()));
        for (const code of codes) wanted.add(code);
      }
    }
  }
  // In the faces' own order (the style sheet lists them so), each face's files in @fontsource's order.
  return order
    .filter((family) => byFamily.has(family))
    .map((family) => {
      const wanted = byFamily.get(family)!;
      return { family, subsets: new Map(family.subsets.filter((s) => wanted.has(s.name)).map((s) => [s.name, wanted.get(s.name)!])) };
    });
}

/**
 * place(), with each character in a face whose file really draws it. A
 * face's unicode.json may list a character its files lack (Noto Serif SC's
 * slices list Thai letters, Noto Serif TC's the Simplified forms): such a
 * character goes on to the next face in the order that draws it, and only
 * one that none draws is left out of the placements (`missing`).
 */
async function placeSettled(text: string, language: string, runs: LanguageRun[] = [], cover = false): Promise<{ placements: Placement[]; missing: number[] }> {
  const passOver = new Map<number, Set<LoadedFamily>>();
  for (;;) {
    const placements: Placement[] = [];
    let lacking = 0;
    for (const { family, subsets } of place(text, language, runs, passOver, cover)) {
      const settled = await settle(family, subsets);
      placements.push({ family, subsets: settled.subsets });
      for (const code of settled.missing) {
        if (!passOver.has(code)) passOver.set(code, new Set());
        passOver.get(code)!.add(family);
        lacking++;
      }
    }
    if (lacking === 0) {
      const placed = new Set(placements.flatMap(({ subsets }) => [...subsets.values()].flatMap((codes) => [...codes])));
      return { placements, missing: [...passOver.keys()].filter((code) => !placed.has(code)) };
    }
  }
}

// ---------------------------------------------------------------------------
// Cutting fonts down, with a cache: harfbuzz is fast, but Chinese needs one
// cut per file per weight, and the same article is built again and again.

const cuts = new Map<string, Promise<Buffer>>();

/** Where cut fonts are kept between runs: GALLEY_CACHE_DIR, else `.galley-cache/`, then `fonts/`. */
export function fontCacheDir(): string {
  return path.join(path.resolve(process.env.GALLEY_CACHE_DIR ?? '.galley-cache'), 'fonts');
}

const SUBSET_FONT_VERSION = (require('subset-font/package.json') as { version: string }).version;

/** `source` cut down to `text`'s characters, as WOFF2 (e-book, PDF) or TrueType (cover). */
function cut(source: string, text: string, format: 'woff2' | 'sfnt', noLigatures = false): Promise<Buffer> {
  const key = createHash('sha256').update(`${SUBSET_FONT_VERSION}\0${source}\0${format}\0${noLigatures ? 'no-ligatures\0' : ''}${text}`).digest('hex');
  // Cut before (a damaged file is cut again).
  return inFontCache(cuts, key, `${key}.${format === 'woff2' ? 'woff2' : 'ttf'}`, async () => {
    const { default: subsetFont } = await import('subset-font');
    return subsetFont(readFileSync(source), text, { targetFormat: format, noLayoutClosure: noLigatures });
  });
}

/**
 * The font file `name` of the font cache, made by `make` where the cache has
 * none (or a damaged one) and written there; asked for again in this process
 * under the same `key`, the same promise, so that it is made once. One that
 * failed is forgotten: the next call tries again.
 */
function inFontCache(made: Map<string, Promise<Buffer>>, key: string, name: string, make: () => Promise<Buffer>): Promise<Buffer> {
  let result = made.get(key);
  if (!result) {
    result = (async () => {
      const cached = path.join(fontCacheDir(), name);
      const kept = await readCacheFile(cached);
      if (kept) return kept;
      const bytes = await make();
      await writeCacheFile(cached, bytes);
      return bytes;
    })();
    made.set(key, result);
    result.catch(() => made.delete(key));
  }
  return result;
}

// ---------------------------------------------------------------------------
// What a document ships.

const licences = new Map<string, { licenseText: string; copyright: string }>();

function licenceOf(family: LoadedFamily, sample: string): { licenseText: string; copyright: string } {
  let licence = licences.get(family.family);
  if (!licence) {
    const licenseText = readFileSync(path.join(family.dir, family.whole?.license ?? 'LICENSE'), 'utf8');
    licence = { licenseText, copyright: copyrightOf(readFileSync(sample)) ?? licenseText.split('\n')[0]!.trim() };
    licences.set(family.family, licence);
  }
  return licence;
}

/** The copyright notice a font carries in its name table (name ID 0). */
function copyrightOf(bytes: Buffer): string | undefined {
  return factsOf(bytes).copyright;
}

/** What galley reads from a font file: the characters its cmap maps, and its copyright notice. */
interface FontFacts {
  characters: number[];
  copyright?: string;
}

/** An installed package's version, for cache keys (not every package lists its package.json among its exports: found from its entry point). */
function packageVersion(name: string): string {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version ?? '';
    } catch {
      // No package.json here: look further up.
    }
  }
  return '';
}
let fontkitVersionSeen: string | undefined;
let wawoff2VersionSeen: string | undefined;
const fontFacts = new Map<string, FontFacts>();

/**
 * A font file's facts, read with fontkit once per file and kept in the font
 * cache by the file's content: loading fontkit and decoding a WOFF2 (brotli,
 * in JavaScript) costs about a fifth of a second, more than the rest of
 * choosing an edition's faces.
 */
function factsOf(bytes: Buffer): FontFacts {
  const key = createHash('sha256').update(`facts\0${(fontkitVersionSeen ??= packageVersion('fontkit'))}\0`).update(bytes).digest('hex');
  let facts = fontFacts.get(key);
  if (facts) return facts;
  const cached = path.join(fontCacheDir(), `${key}.json`);
  try {
    const kept = readCacheFileSync(cached);
    if (kept) facts = JSON.parse(kept.toString('utf8')) as FontFacts;
  } catch {
    // Unreadable: read the font again.
  }
  if (!facts || !Array.isArray(facts.characters)) {
    const fontkit = require('fontkit') as typeof import('fontkit');
    let font: ReturnType<typeof fontkit.create> | undefined;
    try {
      font = fontkit.create(bytes);
    } catch {
      // A cut left with no character at all has no cmap to read.
    }
    let characters: number[] = [];
    try {
      characters = font ? [...font.characterSet] : [];
    } catch {
      // No cmap.
    }
    // Templates end the sentence themselves: "(c) 2017-2024 Adobe." not "….".
    const copyright = font?.copyright?.trim().replace(/\.+$/, '') || undefined;
    facts = { characters, ...(copyright ? { copyright } : {}) };
    writeCacheFileSync(cached, Buffer.from(JSON.stringify(facts)));
  }
  fontFacts.set(key, facts);
  return facts;
}

/**
 * The typefaces an edition with this text ships: every face and file its
 * characters need, the Noto files cut down to those characters. `text` is all
 * the reader will see (body, metadata, credits, dates); `code` is the part of
 * it set as code, which brings the mono face along when it is not empty.
 */
export async function typefacesFor(text: string, language: string, code = '', runs: LanguageRun[] = []): Promise<{ typefaces: Typeface[]; uncovered: string[] }> {
  const typefaces: Typeface[] = [];
  let codeTypeface: Typeface | undefined;
  if ([...code].some((char) => !/\s/u.test(char))) {
    const family = codeFamily();
    const subsets = new Map<string, Set<number>>();
    for (const char of new Set(code + CODE_ALWAYS)) {
      const codePoint = char.codePointAt(0)!;
      const subset = family.subsets.find((candidate) => within(candidate.ranges, codePoint));
      if (!subset || needsNoGlyph(codePoint)) continue;
      let codes = subsets.get(subset.name);
      if (!codes) subsets.set(subset.name, (codes = new Set()));
      codes.add(codePoint);
    }
    const ordered = new Map(family.subsets.filter((s) => subsets.has(s.name)).map((s) => [s.name, subsets.get(s.name)!]));
    // Code is part of `text`: a character the mono face lacks falls back to the text faces. One it draws and the
    // reader sees nowhere but in code needs no text face: a directory tree's ├ and │, drawn by the mono face's
    // whole font, brought Noto Serif SC into the e-book and its name into the colophon, with nothing set in it.
    const { typeface, missing } = await typefaceOf(family, ordered, 'code');
    codeTypeface = typeface;
    const drawn = new Set([...ordered.values()].flatMap((codes) => [...codes]).filter((codePoint) => !missing.includes(codePoint)));
    const count = (of: string): Map<number, number> => {
      const counts = new Map<number, number>();
      for (const char of of) {
        const codePoint = char.codePointAt(0)!;
        if (drawn.has(codePoint)) counts.set(codePoint, (counts.get(codePoint) ?? 0) + 1);
      }
      return counts;
    };
    const inCode = count(code);
    const elsewhere = count([text, ...runs.map((run) => run.text)].join('\n'));
    const onlyCode = new Set([...inCode].filter(([codePoint, times]) => codePoint > 0x7e && elsewhere.get(codePoint) === times).map(([codePoint]) => codePoint));
    if (onlyCode.size > 0) text = [...text].filter((char) => !onlyCode.has(char.codePointAt(0)!)).join('');
  }
  const uncovered = new Set<number>(uncoveredCharacters([text, ...runs.map((run) => run.text)].join('\n')).map((char) => char.codePointAt(0)!));
  const { placements, missing: unplaced } = await placeSettled(text, language, runs);
  for (const codePoint of unplaced) uncovered.add(codePoint);
  for (const { family, subsets } of placements) {
    // placeSettled has put each character in a file that draws it already.
    const { typeface, missing } = await typefaceOf(family, subsets, 'text', true);
    for (const codePoint of missing) uncovered.add(codePoint);
    if (typeface) typefaces.push(typeface);
  }
  if (codeTypeface) typefaces.push(codeTypeface);
  return { typefaces, uncovered: [...uncovered].map((codePoint) => String.fromCodePoint(codePoint)) };
}

/**
 * Each wanted character in a file that draws it. @fontsource's unicode.json
 * lets files' ranges overlap, and a file may lack characters its range lists:
 * Literata's latin-ext range names Œ œ ı ʻ ˆ ˚ ˜, which only its latin file
 * draws. place() takes the first file whose range lists a character; here a
 * character its file lacks moves to the face's next file that draws it, and
 * only a character none of them draws is `missing`. The files keep their
 * order, and each file of `subsets` stays, emptied or not.
 */
async function settle(family: LoadedFamily, subsets: Map<string, Set<number>>): Promise<{ subsets: Map<string, Set<number>>; missing: number[] }> {
  const settled = new Map<string, Set<number>>([...subsets.keys()].map((name) => [name, new Set<number>()]));
  const homeless: number[] = [];
  for (const [subset, wanted] of subsets) {
    const has = await charactersOf(family, subset, wanted);
    for (const code of wanted) {
      if (has.has(code)) settled.get(subset)!.add(code);
      else homeless.push(code);
    }
  }
  const missing: number[] = [];
  for (const code of homeless) {
    let home: string | undefined;
    for (const other of family.subsets) {
      if (!serves(family, other.name, code) || !within(other.ranges, code) || (subsets.get(other.name)?.has(code) ?? false)) continue;
      if ((await charactersOf(family, other.name, new Set([code]))).has(code)) {
        home = other.name;
        break;
      }
    }
    if (home === undefined) missing.push(code);
    else {
      if (!settled.has(home)) settled.set(home, new Set());
      settled.get(home)!.add(code);
    }
  }
  const ordered = new Map(family.subsets.filter((s) => settled.has(s.name)).map((s) => [s.name, settled.get(s.name)!]));
  return { subsets: ordered, missing };
}

/** One face's files for the characters wanted of each of its files; `missing`, wanted characters the files lack. */
async function typefaceOf(
  family: LoadedFamily,
  subsets: Map<string, Set<number>>,
  role: Typeface['role'],
  alreadySettled = false,
): Promise<{ typeface: Typeface | undefined; missing: number[] }> {
  const fonts: FontAsset[] = [];
  // unicode.json names ranges; a file may lack some of their characters (Chinese slices list whole symbol blocks).
  const { subsets: settled, missing } = alreadySettled ? { subsets, missing: [] } : await settle(family, subsets);
  let sample = '';
  for (const [subset, wanted] of settled) {
    const codes = [...wanted];
    if (codes.length === 0 && !(family === families()[0] && subset === 'latin')) continue;
    const chars = codes.sort((a, b) => a - b).map((code) => String.fromCodePoint(code)).join('');
    const styles: Style[] = family.italic ? ['normal', 'italic'] : ['normal'];
    for (const weight of WEIGHTS) {
      for (const style of styles) {
        const source = sourceFile(family, subset, weight, style, 'woff2');
        sample ||= source;
        // Named by weight where one file stands for two (a whole file's face, a face with one weight): two entries, two names.
        let fileName = family.whole || family.regularOnly || subset === MORE ? `${family.stem}-${subset}-${weight}-${style}.woff2` : path.basename(source);
        let bytes: Buffer;
        let unicodeRange = family.subsets.find((s) => s.name === subset)!.css;
        if (isCut(family, subset)) {
          bytes = await cut(source, chars, 'woff2', family.noLigatures);
          const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
          fileName = fileName.replace(/\.woff2$/, `-${digest}.woff2`);
          unicodeRange = unicodeRangeOf(codes);
        } else {
          bytes = await wholeFile(family, subset, source, 'woff2');
          unicodeRange = wholeFileRange(family, subset, settled);
        }
        const face: FontAsset = { family: family.family, weight, style, fileName, path: source, mediaType: 'font/woff2', bytes, unicodeRange };
        fonts.push(face);
        // No italic in this face: its upright stands for italic, so that nothing is slanted by the renderer.
        if (!family.italic) fonts.push({ ...face, style: 'italic' });
      }
    }
  }
  const typeface = fonts.length > 0 ? { family: family.family, role, license: 'SIL Open Font License 1.1', ...licenceOf(family, sample), fonts } : undefined;
  return { typeface, missing };
}

/**
 * The `unicode-range` of one of a whole face's files (Literata's), less the
 * combining marks that would let it set, by their parts, a letter the text
 * takes from another of the face's files. Chromium shapes a run in the file
 * of its first letter, and harfbuzz draws a letter that file lacks as its
 * canonical decomposition when the file's range holds the parts: Literata's
 * latin file lists U+0304 and U+0308, so "Rīga" was set R, dotless i (by the
 * `ccmp` feature), a combining macron, g, a, and the PDF's text read "Rı̄ga"
 * (pdf.js) or "Rī ga" (pdftotext), never the letter ī its latin-ext file
 * draws whole. Without those marks in its range, the latin file cannot set
 * ī, and Chromium takes it from the file that has it. Less, too, the
 * characters its range lists that the text takes from another of the face's
 * files (the whole font's MORE draws the ‐ and ‰ the latin file lacks): two
 * files of one face claiming a character, a reading app may take the first
 * and draw it from a file without it.
 */
function wholeFileRange(family: LoadedFamily, subset: string, settled: Map<string, Set<number>>): string {
  const declared = family.subsets.find((s) => s.name === subset)!;
  const leftOut = new Set<number>();
  for (const [other, codes] of settled) {
    if (other === subset) continue;
    for (const code of codes) {
      // A character the range lists that the whole font's file (MORE) draws for it, the file lacking it: left out,
      // so that no two of the face's files claim it. Not one another slice took: a mark two slices list (U+0301,
      // cyrillic's and vietnamese's) settles in the first, and stays in the other's range, which sets it with that
      // file's letters (without it, ẹ́ was set with its mark apart: "lẹ́ yìn" in the text).
      if (within(declared.ranges, code)) {
        if (other === MORE) leftOut.add(code);
        continue;
      }
      const parts = [...String.fromCodePoint(code).normalize('NFD')].map((char) => char.codePointAt(0)!);
      if (parts.length < 2 || !parts.every((part) => within(declared.ranges, part))) continue;
      for (const part of parts.slice(1)) leftOut.add(part);
    }
  }
  if (leftOut.size === 0) return declared.css;
  const kept = declared.ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i)).filter((code) => !leftOut.has(code));
  return unicodeRangeOf(kept);
}

const roomy = new Map<string, Promise<Buffer>>();

/**
 * One of a whole face's files as it ships: as @fontsource has it, but for
 * Literata's Greek, whose capitals get room for their accents
 * (src/accent-room.ts), kept in the font cache by the file's content.
 */
async function wholeFile(family: FamilySpec, subset: string, source: string, format: 'woff2' | 'sfnt'): Promise<Buffer> {
  const bytes = readFileSync(source);
  if (!family.accentRoom?.(subset)) return format === 'woff2' ? bytes : sfntFromWoff2(bytes);
  const key = createHash('sha256').update(`accent-room 1\0${format}\0${(wawoff2VersionSeen ??= packageVersion('wawoff2'))}\0${(fontkitVersionSeen ??= packageVersion('fontkit'))}\0`).update(bytes).digest('hex');
  return inFontCache(roomy, key, `${key}.${format === 'woff2' ? 'woff2' : 'ttf'}`, async () => {
    const sfnt = withAccentRoom(await sfntFromWoff2(bytes));
    return format === 'sfnt' ? sfnt : compressWoff2(sfnt);
  });
}

/** TrueType bytes compressed to WOFF2 (wawoff2), one at a time as sfntFromWoff2 decompresses (it reuses its memory). */
function compressWoff2(sfnt: Buffer): Promise<Buffer> {
  return inWoff2Turn(async () => {
    const { compress } = await import('wawoff2');
    return Buffer.from(await compress(sfnt));
  });
}

/** The characters of Literata's files, read once per process. */
const wholeFiles = new Map<string, Promise<Set<number>>>();

/** Which of `wanted` a file really draws, by its cmap: Literata's whole file, or the cut of a trimmed face. */
async function charactersOf(family: LoadedFamily, subset: string, wanted: Set<number>): Promise<Set<number>> {
  const source = sourceFile(family, subset, 400, 'normal', 'woff2');
  if (!isCut(family, subset)) {
    let characters = wholeFiles.get(source);
    if (!characters) wholeFiles.set(source, (characters = (async () => cmapOf(readFileSync(source)))()));
    return characters;
  }
  const chars = [...wanted].sort((a, b) => a - b).map((code) => String.fromCodePoint(code)).join('');
  try {
    return cmapOf(await cut(source, chars, 'woff2', family.noLigatures));
  } catch {
    // harfbuzz refuses a cut with no character of the file in it.
    return new Set();
  }
}

let woff2Queue: Promise<unknown> = Promise.resolve();
const sfnts = new Map<string, Promise<Buffer>>();

/** `work` once every wawoff2 call asked for before it has ended: wawoff2 reuses its WebAssembly memory from one call to the next. */
function inWoff2Turn(work: () => Promise<Buffer>): Promise<Buffer> {
  const done = woff2Queue.then(work);
  woff2Queue = done.catch(() => undefined);
  return done;
}

/**
 * A WOFF2 file decompressed back to the TrueType/OpenType font it was made
 * from (wawoff2), kept in the font cache by content: the e-book ships such
 * fonts, and satori reads them without inflating a WOFF first. wawoff2
 * returns a view into its WebAssembly memory, which the next call reuses:
 * one decompression at a time, copied out before the next starts.
 */
export function sfntFromWoff2(bytes: Buffer): Promise<Buffer> {
  const key = createHash('sha256').update(`sfnt\0${(wawoff2VersionSeen ??= packageVersion('wawoff2'))}\0`).update(bytes).digest('hex');
  // Decompressed before (a damaged file is decompressed again).
  return inFontCache(sfnts, key, `${key}.ttf`, () =>
    inWoff2Turn(async () => {
      const { decompress } = await import('wawoff2');
      return Buffer.from(await decompress(bytes));
    }),
  );
}

function cmapOf(bytes: Buffer): Set<number> {
  return new Set(factsOf(bytes).characters);
}

let latinOnly: Typeface[] | undefined;

/** Literata's Latin faces alone: what a page with no article of its own (the empty download page) needs. */
export function defaultTypefaces(): Typeface[] {
  if (!latinOnly) {
    const family = families()[0]!;
    const fonts: FontAsset[] = [];
    for (const weight of WEIGHTS) {
      for (const style of ['normal', 'italic'] as const) {
        const source = sourceFile(family, 'latin', weight, style, 'woff2');
        fonts.push({
          family: family.family, weight, style, fileName: path.basename(source), path: source, mediaType: 'font/woff2',
          bytes: readFileSync(source), unicodeRange: family.subsets.find((s) => s.name === 'latin')!.css,
        });
      }
    }
    latinOnly = [{ family: family.family, role: 'text', license: 'SIL Open Font License 1.1', ...licenceOf(family, fonts[0]!.path), fonts }];
  }
  return latinOnly;
}

let pageCode: Typeface | undefined;

/**
 * JetBrains Mono's Latin files whole, regular and bold: what the download page
 * sets its file names, digests and commands in, rather than whichever
 * monospace face the reader's machine has. Whole files (about 20 KB each), so
 * that writing the page cuts no font.
 */
export function pageCodeTypeface(): Typeface {
  if (!pageCode) {
    const family = codeFamily();
    const fonts: FontAsset[] = WEIGHTS.map((weight) => {
      const source = sourceFile(family, 'latin', weight, 'normal', 'woff2');
      return {
        family: family.family, weight, style: 'normal' as const, fileName: path.basename(source), path: source, mediaType: 'font/woff2' as const,
        bytes: readFileSync(source), unicodeRange: family.subsets.find((s) => s.name === 'latin')!.css,
      };
    });
    pageCode = { family: family.family, role: 'code', license: 'SIL Open Font License 1.1', ...licenceOf(family, fonts[0]!.path), fonts };
  }
  return pageCode;
}

// ---------------------------------------------------------------------------
// How style sheets name them.

/** A CSS string literal: "…" with quotes, backslashes and line breaks escaped. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;
}

/**
 * `"Literata", "Amiri"`: the text faces in the order characters look for a
 * face; with `language`, in that language's order (Japanese: Noto Serif JP
 * before Noto Serif SC).
 */
export function fontStack(typefaces: Typeface[], language?: string): string {
  const text = typefaces.filter((typeface) => typeface.role !== 'code');
  if (language !== undefined) {
    // A face that draws the language's quotation marks comes before Literata: its files' unicode-range lists
    // only the characters placed in it (Literata lacks all others of them), so it takes no letter of Literata's.
    const order = quotesFirst(language).map((family) => family.family);
    const rank = (typeface: Typeface): number => (order.includes(typeface.family) ? order.indexOf(typeface.family) : order.length);
    text.sort((a, b) => rank(a) - rank(b));
  }
  return text.map((typeface) => cssString(typeface.family)).join(', ');
}

/**
 * How many times the page's line height a document in `language` is set at:
 * more than 1 for a language whose face draws taller than Literata
 * (Nastaliq), else 1.
 */
export function leadingFor(language: string): number {
  const key = languageKey(language);
  return FAMILIES.find((family) => family.preferredFor?.includes(key) && family.leading !== undefined)?.leading ?? 1;
}

/** The languages that look for their faces in an order of their own (see prefersOtherFaces): zh, ja, ko, zh-Hant. */
export function languagesWithOwnFaces(): string[] {
  return FAMILIES.flatMap((family) => family.preferredFor ?? []);
}

/** `"JetBrains Mono", "Literata", "Amiri"`: the code face, then the text faces for what it lacks; empty without code. */
export function codeFontStack(typefaces: Typeface[]): string {
  const code = typefaces.filter((typeface) => typeface.role === 'code').map((typeface) => cssString(typeface.family));
  return code.length > 0 ? [...code, fontStack(typefaces)].filter((part) => part !== '').join(', ') : '';
}

/**
 * The @font-face rules for these typefaces; `url` says where each file is
 * (inside the e-book, the print sandbox or the download page).
 */
export function fontFaceRules(typefaces: Typeface[], url: (font: FontAsset) => string, display: 'block' | 'swap' | undefined = undefined): string {
  return typefaces
    .flatMap((typeface) =>
      typeface.fonts.map(
        (font) =>
          `@font-face { font-family: ${cssString(font.family)}; font-weight: ${font.weight}; font-style: ${font.style}; ` +
          (display ? `font-display: ${display}; ` : '') +
          sizeAdjustOf(font.family) +
          `src: url(${cssString(url(font))}) format(${cssString(FONT_FORMATS[font.mediaType])}); ` +
          `unicode-range: ${font.unicodeRange}; }`,
      ),
    )
    .join('\n');
}

/** A face's `size-adjust` declaration (FamilySpec.sizeAdjust), or nothing. */
function sizeAdjustOf(family: string): string {
  const adjust = FAMILIES.find((spec) => spec.family === family)?.sizeAdjust;
  return adjust === undefined ? '' : `size-adjust: ${Math.round(adjust * 100)}%; `;
}

const FONT_FORMATS: Record<FontAsset['mediaType'], string> = { 'font/woff2': 'woff2', 'font/woff': 'woff', 'font/ttf': 'truetype', 'font/otf': 'opentype' };

/** Each file once (italic may stand in for upright with the same file). */
export function fontFiles(typefaces: Typeface[]): FontAsset[] {
  const seen = new Map<string, FontAsset>();
  for (const font of typefaces.flatMap((typeface) => typeface.fonts)) if (!seen.has(font.fileName)) seen.set(font.fileName, font);
  return [...seen.values()];
}

// ---------------------------------------------------------------------------
// The cover: satori takes TrueType or WOFF (not WOFF2), and falls back to any
// loaded family for a missing letter, but not to another file of the same
// family: each file gets a family name of its own.

export interface CoverFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: Style;
}

/** Headline and dek: regular, bold and italic. */
const COVER_FACES: Array<{ weight: 400 | 700; style: Style }> = [
  { weight: 400, style: 'normal' },
  { weight: 700, style: 'normal' },
  { weight: 400, style: 'italic' },
];

const coverFontSets = new Map<string, Promise<CoverFont[]>>();

/**
 * The faces the cover's text needs, for satori; the same array for the same
 * needs, so satori reuses what it parsed. Keyed by where each character is
 * settled (placeSettled), not by where unicode.json first places it: Literata's
 * latin-ext range lists all of U+0100-02BA, which its file does not all draw,
 * so a Hausa headline (ɓ ɗ ƙ ƴ, drawn by Noto Serif) and a Czech one placed
 * alike, and in a batch the Hausa cover took the Czech one's faces and drew
 * boxes.
 */
export async function coverFonts(text: string, language = 'en'): Promise<CoverFont[]> {
  const { placements } = await placeSettled(text, language, [], true);
  const languageForms = (family: FamilySpec): [string, string] | undefined => family.localForms?.[languageKey(language)];
  const key = JSON.stringify(
    placements.map(({ family, subsets }) => [family.family, languageForms(family) ?? null, [...subsets].map(([name, codes]) => [name, isCut(family, name) ? [...codes].sort() : codes.size > 0])]),
  );
  let fonts = coverFontSets.get(key);
  if (!fonts) {
    fonts = (async () => {
      const result: CoverFont[] = [];
      for (const { family, subsets } of placements) {
        for (const [subset, wanted] of subsets) {
          const codes = [...wanted];
          if (codes.length === 0 && !(family === families()[0] && subset === 'latin')) continue;
          const chars = codes.sort((a, b) => a - b).map((code) => String.fromCodePoint(code)).join('');
          for (const { weight, style } of COVER_FACES) {
            const fileStyle: Style = family.italic ? style : 'normal';
            const source = sourceFile(family, subset, weight, fileStyle, 'woff2');
            let data: Buffer;
            try {
              // TrueType, which satori parses as it is (a WOFF it would inflate first).
              data = isCut(family, subset) ? await cut(source, chars, 'sfnt') : await wholeFile(family, subset, source, 'sfnt');
              const forms = languageForms(family);
              // The language's own forms, which the editions take from `locl` (Serbian italic б г д п т).
              if (forms) data = withLocalForms(data, ...forms);
            } catch {
              // None of these characters is really in the file (see charactersOf): satori draws nothing for them.
              continue;
            }
            const name = family.family === 'Literata' && subset === 'latin' ? 'Literata' : `${family.family} ${subset}`;
            result.push({ name, data, weight, style });
          }
        }
      }
      return result;
    })();
    coverFontSets.set(key, fonts);
    fonts.catch(() => coverFontSets.delete(key));
  }
  return fonts;
}

/**
 * The characters of `text` that none of `fonts` (the cover's, from
 * coverFonts) draws in the weight and style `faces` asks for: the cover
 * shows them as empty boxes. Characters that need no glyph are left out.
 */
export function undrawnCharacters(text: string, fonts: CoverFont[], faces: Array<{ weight: 400 | 700; style: Style }> = COVER_FACES): string[] {
  const cmaps = fonts.map((font) => ({ font, characters: cmapOf(font.data) }));
  return [...new Set(text)].filter((char) => {
    const code = char.codePointAt(0)!;
    if (needsNoGlyph(code) || /\s/u.test(char)) return false;
    return faces.some(({ weight, style }) => !cmaps.some(({ font, characters }) => font.weight === weight && font.style === style && characters.has(code)));
  });
}

/** Literata's cover faces for every script it has: for drawings made without an article (the stand-in picture). */
export function allLiterataCoverFonts(): Promise<CoverFont[]> {
  const literata = families()[0]!;
  return Promise.all(
    literata.subsets.filter((subset) => subset.name !== MORE).flatMap((subset) =>
      COVER_FACES.map(async ({ weight, style }): Promise<CoverFont> => ({
        name: subset.name === 'latin' ? 'Literata' : `Literata ${subset.name}`,
        data: readFileSync(sourceFile(literata, subset.name, weight, style, 'woff')),
        weight,
        style,
      })),
    ),
  );
}

// ---------------------------------------------------------------------------
// Text inside SVG pictures: drawn as outlines (src/manuscript/svg-text.ts).
// resvg takes TrueType, not WOFF, and falls back from one file to another
// without regard to weight or style: a bold label whose letters sit in two of
// @fontsource's script files would come out half regular. So Literata comes
// from Google Fonts' whole TrueType files (the same version, 3.103, as
// @fontsource's), one file per weight and style, cut to the picture's
// characters; the Noto faces, one script each, from their @fontsource files.

/** Literata's whole TrueType file for a weight and style. */
function wholeLiterata(weight: 400 | 700, style: Style): string {
  const dir = path.dirname(require.resolve('@expo-google-fonts/literata/package.json'));
  const name = `${weight}${weight === 400 ? 'Regular' : 'Bold'}${style === 'italic' ? '_Italic' : ''}`;
  return path.join(dir, name, `Literata_${name}.ttf`);
}

/** JetBrains Mono's whole TrueType file for a weight and style (Google Fonts', as @fontsource's slices). */
function wholeJetBrainsMono(weight: 400 | 700, style: Style): string {
  const dir = path.dirname(require.resolve('@expo-google-fonts/jetbrains-mono/package.json'));
  const name = `${weight}${weight === 400 ? 'Regular' : 'Bold'}${style === 'italic' ? '_Italic' : ''}`;
  return path.join(dir, name, `JetBrainsMono_${name}.ttf`);
}

/**
 * The folder of the one font the print browser may fall back on for a
 * character no shipped face draws (src/pdf/browser.ts, browserEnv): Literata's
 * regular TrueType file alone, whose .notdef glyph is an empty box. So such a
 * character prints as a box, never in a font of the building machine.
 */
export function lastResortFontDir(): string {
  return path.dirname(wholeLiterata(400, 'normal'));
}

export interface OutlineFace {
  family: string;
  /** How many of the text's characters this face draws. */
  characters: number;
  /** TrueType files: regular, italic, bold and bold italic (upright only for the Noto faces). */
  fonts: Buffer[];
}

/** The shipped faces that draw `text`, as TrueType files cut to its characters. */
export async function outlineFonts(text: string, language = 'en'): Promise<OutlineFace[]> {
  const faces: OutlineFace[] = [];
  const literata = families()[0]!;
  for (const { family, subsets } of (await placeSettled(text, language)).placements) {
    const fonts: Buffer[] = [];
    const characters = [...subsets.values()].reduce((sum, codes) => sum + codes.size, 0);
    faces.push({ family: family.family, characters, fonts });
    const chars = (codes: Iterable<number>): string => [...codes].sort((a, b) => a - b).map((code) => String.fromCodePoint(code)).join('');
    const styles = family.italic ? (['normal', 'italic'] as const) : (['normal'] as const);
    if (family === literata) {
      // Always something to cut: a picture whose text is all in other scripts still has Literata as its base face.
      const all = `${chars(new Set([...subsets.values()].flatMap((codes) => [...codes])))} `;
      for (const weight of [400, 700] as const) for (const style of styles) fonts.push(await cut(wholeLiterata(weight, style), all, 'sfnt'));
      continue;
    }
    for (const [subset, wanted] of subsets) {
      for (const weight of [400, 700] as const) {
        for (const style of styles) {
          try {
            fonts.push(await cut(sourceFile(family, subset, weight, style, 'woff2'), chars(wanted), 'sfnt'));
          } catch {
            // None of these characters is in the file: the caller reports them as uncovered.
          }
        }
      }
    }
  }
  return faces.filter((face) => face.fonts.length > 0);
}
