/** src/manuscript/remark-language.ts: :span[…]{lang}, text in a script its language is not written in, characters no face draws. */
import { describe, expect, it } from 'vitest';
import type { FrontMatter } from '../src/manuscript/schema.js';
import remarkGalleyLanguage, { warnUncovered } from '../src/manuscript/remark-language.js';
import { hastOf, places, vfile } from './manuscript-harness.js';

const inLanguage = (language: string) => ({ frontMatter: { language } as FrontMatter });

describe('remark-language', () => {
  it('makes :span a span with its canonical lang, and dir only where the direction changes', async () => {
    const md = 'Mayor :span[Сергей Волков]{lang=RU} said :span[שלום]{lang=he}.\n';
    const { html, file } = await hastOf(md, [], [remarkGalleyLanguage], inLanguage('en'));
    expect(file.messages).toEqual([]);
    expect(html).toBe('<p>Mayor <span lang="ru">Сергей Волков</span> said <span lang="he" dir="rtl">שלום</span>.</p>');
    const { html: rtl } = await hastOf('שלום :span[Hello]{lang=en} :span[עוד]{lang=yi}\n', [], [remarkGalleyLanguage], inLanguage('he'));
    expect(rtl).toBe('<p>שלום <span lang="en" dir="ltr">Hello</span> <span lang="yi">עוד</span></p>');
  });

  it('refuses a span without lang, with a tag that is not BCP 47, or with another attribute', async () => {
    const md = 'A :span[x] and\n:span[y]{lang="not a tag"} and :span[z]{lang=pl title=t}.\n';
    const { file } = await hastOf(md, [], [remarkGalleyLanguage], inLanguage('en'));
    expect(places(file.messages)).toEqual(['1:3 error span-lang', '2:1 error span-lang', '2:32 error span-attribute']);
    expect(file.messages[0]!.reason).toContain('span without `lang`');
    expect(file.messages[1]!.reason).toContain('span: `not a tag` is not a BCP 47 language tag');
    expect(file.messages[2]!.reason).toContain('span: unknown attribute `title`');
  });

  it('warns about unmarked text in another script at the run itself, in lists, tables and notes', async () => {
    const md = 'The mayor Сергей Волков, 2017.\n\n- one\n  - two Ελλάδα\n\n| a |\n|---|\n| 東京 |\n\nCall[^1].\n\n[^1]: Note with עברית.\n';
    const { file } = await hastOf(md, [], [remarkGalleyLanguage], inLanguage('en'));
    expect(places(file.messages)).toEqual(['1:11 warning script-unmarked', '4:9 warning script-unmarked', '8:3 warning script-unmarked', '12:17 warning script-unmarked']);
    expect(file.messages[0]!.reason).toBe(
      'Cyrillic text "Сергей Волков" in an article in `en` has no language mark: write :span[Сергей Волков]{lang=…} with its language (e.g. ru, uk, bg, sr), so that screen readers and hyphenation treat it as that language',
    );
    expect(file.messages.map((m) => m.reason.split(' text')[0])).toEqual(['Cyrillic', 'Greek', 'Han', 'Hebrew']);
  });

  it('takes the span\'s language for the text inside it, and Japanese for kana and kanji together', async () => {
    const { file } = await hastOf(':span[Сергей Smith]{lang=ru} and 東京とカタカナ.\n', [], [remarkGalleyLanguage], inLanguage('ja'));
    expect(places(file.messages)).toEqual(['1:14 warning script-unmarked', '1:30 warning script-unmarked']);
    expect(file.messages[0]!.reason).toContain('Latin text "Smith" inside a span marked `ru`');
    expect(file.messages[1]!.reason).toContain('Latin text "and" in an article in `ja`');
  });

  it('finds the second of two runs of the same script at its own place', async () => {
    const { file } = await hastOf('Да and Да.\n', [], [remarkGalleyLanguage], inLanguage('en'));
    expect(places(file.messages)).toEqual(['1:1 warning script-unmarked', '1:8 warning script-unmarked']);
  });

  it('defaults to English without front matter', async () => {
    const { file } = await hastOf('Plain English and Ελλάδα.\n', [], [remarkGalleyLanguage]);
    expect(places(file.messages)).toEqual(['1:19 warning script-unmarked']);
    expect(file.messages[0]!.reason).toContain('Greek text "Ελλάδα" in an article in `en` has no language mark');
  });

  it('warnUncovered names up to three places of a character, or the start when the manuscript lacks it', () => {
    const file = vfile('a 🐙\nb 🐙 🐙\n🐙\n');
    warnUncovered(file, ['🐙', '∰']);
    expect(places(file.messages)).toEqual(['1:3 warning character-uncovered', '2:3 warning character-uncovered', '2:6 warning character-uncovered', '1:1 warning character-uncovered']);
    expect(file.messages[0]!.reason).toBe('no shipped typeface draws U+1F419 🐙: the editions would borrow it from the machine that renders them; leave it out or write it in words');
    expect(file.messages[3]!.reason).toContain('U+2230 ∰');
  });
});
