/**
 * Languages and their scripts, from the locale data Node carries (ICU): which
 * way a language is written, and which scripts its text is expected in.
 */
import { localeFacts } from './intl-answers.js';

/** Scripts written right to left (ISO 15924). */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Samr', 'Mand']);

function likelyScript(language: string): string | undefined {
  try {
    return localeFacts(language).script;
  } catch {
    return undefined;
  }
}

/**
 * Languages written in another language's written form: Cantonese (`yue`,
 * likely `yue-Hant-HK`) in written Chinese, in Hong Kong's Traditional
 * characters. They take that language's faces and words in their script.
 */
const WRITTEN_AS: Readonly<Record<string, string>> = { yue: 'zh' };

/** The language whose written form `primary` (a primary subtag) is written in: `yue` → zh; itself for most. */
export function writtenLanguage(primary: string): string {
  return WRITTEN_AS[primary] ?? primary;
}

/** `rtl` for Arabic, Hebrew, Persian, Urdu and every language written in a right-to-left script. */
export function directionOf(language: string): 'ltr' | 'rtl' {
  const script = likelyScript(language);
  return script && RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
}

/** The scripts (ISO 15924) a language's text is written in: `ja` → Han, Hiragana, Katakana. */
export function scriptsOf(language: string): string[] {
  const script = likelyScript(language);
  if (!script) return [];
  if (script === 'Hans' || script === 'Hant') return ['Hani'];
  if (script === 'Jpan') return ['Hani', 'Hira', 'Kana'];
  if (script === 'Kore') return ['Hang', 'Hani'];
  return [script];
}

/** Scripts galley tells apart in running text; a letter of any other script is not checked. */
const KNOWN_SCRIPTS = [
  'Latn', 'Cyrl', 'Grek', 'Arab', 'Hebr', 'Hani', 'Hira', 'Kana', 'Hang', 'Deva', 'Beng', 'Guru', 'Gujr', 'Taml', 'Telu',
  'Knda', 'Mlym', 'Sinh', 'Thai', 'Laoo', 'Khmr', 'Mymr', 'Tibt', 'Geor', 'Armn', 'Ethi', 'Syrc', 'Thaa',
].map((code) => ({ code, pattern: new RegExp(`^\\p{Script=${code}}$`, 'u') }));

/** The script of a letter (ISO 15924), or undefined for digits, punctuation, marks and unknown scripts. */
export function scriptOfLetter(char: string): string | undefined {
  if (!/^\p{L}$/u.test(char)) return undefined;
  return KNOWN_SCRIPTS.find(({ pattern }) => pattern.test(char))?.code;
}

/** Scripts (ISO 15924) a character may be told to be in, for a warning; Zinh and Zyyy are the marks and symbols shared by all. */
const ANY_SCRIPT = [
  'Latn', 'Cyrl', 'Grek', 'Arab', 'Hebr', 'Hani', 'Hira', 'Kana', 'Hang', 'Bopo', 'Deva', 'Beng', 'Guru', 'Gujr', 'Orya', 'Taml', 'Telu',
  'Knda', 'Mlym', 'Sinh', 'Thai', 'Laoo', 'Khmr', 'Mymr', 'Tibt', 'Geor', 'Armn', 'Ethi', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Samr',
  'Mand', 'Mong', 'Cher', 'Cans', 'Tfng', 'Vaii', 'Yiii', 'Java', 'Bali', 'Sund', 'Tglg', 'Olck', 'Copt', 'Goth', 'Runr', 'Ogam', 'Brai',
  'Lana', 'Tavt', 'Cham', 'Lisu', 'Mtei', 'Bamu', 'Hmnp', 'Osge', 'Zinh', 'Zyyy',
].flatMap((code) => {
  try {
    return [{ code, pattern: new RegExp(`^\\p{Script=${code}}$`, 'u') }];
  } catch {
    return [];
  }
});

/**
 * The script a character is in (ISO 15924), for telling an author which
 * script lacks a typeface: `Zsye` for an emoji, `Zsym` for another symbol or
 * a mark used by every script, `Zzzz` when galley cannot tell.
 */
export function scriptOfCharacter(char: string): string {
  if (/^\p{Extended_Pictographic}$/u.test(char)) return 'Zsye';
  const code = ANY_SCRIPT.find(({ pattern }) => pattern.test(char))?.code;
  if (code === 'Zyyy' || code === 'Zinh') return 'Zsym';
  return code ?? 'Zzzz';
}

// Made at the first use: loading the display names takes tens of milliseconds, and only warnings need them.
let scriptNames: Intl.DisplayNames | undefined;

/** "Cyrillic", "Han" */
export function scriptName(code: string): string {
  scriptNames ??= new Intl.DisplayNames(['en'], { type: 'script' });
  return scriptNames.of(code) ?? code;
}

/** Languages to suggest for a script, in a message. */
const EXAMPLES: Record<string, string> = {
  Latn: 'en, pl, cs, vi', Cyrl: 'ru, uk, bg, sr', Grek: 'el', Arab: 'ar, fa, ur', Hebr: 'he, yi', Hani: 'zh, ja',
  Hira: 'ja', Kana: 'ja', Hang: 'ko', Deva: 'hi, mr, ne', Beng: 'bn, as', Taml: 'ta', Thai: 'th', Khmr: 'km', Ethi: 'am, ti',
  Geor: 'ka', Armn: 'hy',
};

/**
 * Letters only some of a script's languages have, which name the language
 * better than the script's examples: "Қазақстан" is Kazakh, never Russian. The
 * first pattern a run has a letter of wins, so the rarer alphabets come first.
 */
const LETTER_EXAMPLES: Array<{ script: string; letters: RegExp; examples: string }> = [
  { script: 'Cyrl', letters: /[Җҗ]/u, examples: 'tt' },
  { script: 'Cyrl', letters: /[ҘҙҪҫҠҡ]/u, examples: 'ba' },
  { script: 'Cyrl', letters: /[ҚқҰұ]/u, examples: 'kk' },
  { script: 'Cyrl', letters: /[ӘәҒғҢңҺһ]/u, examples: 'kk, tt, ba' },
  { script: 'Cyrl', letters: /[ӨөҮү]/u, examples: 'mn, ky, kk' },
  { script: 'Cyrl', letters: /[ЇїЄєҐґ]/u, examples: 'uk' },
  { script: 'Cyrl', letters: /[Ўў]/u, examples: 'be' },
  { script: 'Cyrl', letters: /[ЂђЋћЏџ]/u, examples: 'sr' },
  { script: 'Cyrl', letters: /[ЃѓЌќЅѕ]/u, examples: 'mk' },
  { script: 'Cyrl', letters: /[ЉљЊњЈј]/u, examples: 'sr, mk' },
];

/** Languages to suggest for a run of `text` in `script`: by its letters where they tell, else by the script. */
export function exampleLanguages(script: string, text = ''): string | undefined {
  return LETTER_EXAMPLES.find((entry) => entry.script === script && entry.letters.test(text))?.examples ?? EXAMPLES[script];
}

/** The canonical form of a BCP 47 tag, or undefined when it is not one. */
export function canonicalLanguage(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
}

/**
 * Scripts whose capitals a browser sets by the language (CSS `text-transform:
 * uppercase`): Greek drops its accents in capitals (Κωνσταντίνος →
 * ΚΩΝΣΤΑΝΤΙΝΟΣ) only where the text's language is Greek. A Greek name in the
 * credit of an English article would otherwise be set ΚΩΝΣΤΑΝΤΊΝΟΣ.
 */
const CAPITALS_BY_LANGUAGE: Record<string, string> = { Grek: 'el' };

/**
 * Text split into runs, each with the language its capitals need when it is
 * in a script of its own (see CAPITALS_BY_LANGUAGE) and the surrounding
 * `language` is not written in it: "Κωνσταντίνος Αθανασόπουλος/Sample Press"
 * → [{ text: "Κωνσταντίνος Αθανασόπουλος", lang: "el" }, { text: "/Sample Press" }].
 * Spaces and punctuation between two letters of the script stay in its run.
 */
export function scriptRuns(text: string, language: string): Array<{ text: string; lang?: string }> {
  const own = new Set(scriptsOf(language));
  const runs: Array<{ text: string; lang?: string }> = [];
  for (const [script, lang] of Object.entries(CAPITALS_BY_LANGUAGE)) {
    if (own.has(script) || runs.length > 0) continue;
    const pattern = new RegExp(`\\p{Script=${script}}(?:[\\p{Script=${script}}\\p{M}\\s.'’-]*\\p{Script=${script}})?`, 'gu');
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index > last) runs.push({ text: text.slice(last, match.index) });
      runs.push({ text: match[0], lang });
      last = match.index + match[0].length;
    }
    if (runs.length > 0 && last < text.length) runs.push({ text: text.slice(last) });
  }
  return runs.length > 0 ? runs : [{ text }];
}
