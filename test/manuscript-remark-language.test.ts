/** src/manuscript/remark-language.ts: :span[…]{lang}, text in a script its language is not written in, characters no face draws. */
import remarkGfm from 'remark-gfm';
import { describe, expect, it } from 'vitest';
import type { FrontMatter } from '../src/manuscript/schema.js';
import remarkGalleyDirectives from '../src/manuscript/remark-directives.js';
import remarkGalleyLanguage, { mixedLetters, warnUncovered } from '../src/manuscript/remark-language.js';
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

  it('warns at the letter about a letter of a look-alike script inside a word: a Latin i in Belarusian, a Cyrillic о in English', async () => {
    // "ўнiверсітэцкі": the first і is Latin U+0069, as a Latin keyboard layout types it; the second is Cyrillic U+0456.
    const md = 'Стары ўн\u0069версітэцкі сад.\n\nА тут — усё правільна: універсітэт, Minsk, i Łacinka.\n\nThe c\u043effee in Kyiv and a :span[Пр\u0069вет]{lang=ru}.\n';
    const be = await hastOf(md.split('\n\nThe')[0] + '\n', [], [remarkGalleyDirectives, remarkGalleyLanguage], inLanguage('be'));
    // Whole words in one script are no stray letters (the Latin words are a run without a language mark, as before).
    expect(places(be.file.messages.filter((message) => message.ruleId === 'script-mixed-word'))).toEqual(['1:9 warning script-mixed-word']);
    expect(be.file.messages[0]!.reason).toBe(
      'Latin letter "i" (U+0069 i) inside the Cyrillic word "ўнiверсітэцкі": type the Cyrillic "і" (U+0456 і), which looks the same, so that search and screen readers find and speak it as one word',
    );
    const en = await hastOf(md, [], [remarkGalleyDirectives, remarkGalleyLanguage], inLanguage('en'));
    const mixed = en.file.messages.filter((message) => message.ruleId === 'script-mixed-word');
    expect(places(mixed)).toEqual(['1:9 warning script-mixed-word', '5:6 warning script-mixed-word', '5:34 warning script-mixed-word']);
    expect(mixed[1]!.reason).toContain('Cyrillic letter "о" (U+043E о) inside the Latin word "cоffee": type the Latin "o" (U+006F o)');
    // The stray letter is told once, as a stray, not also as a Cyrillic run without a language mark.
    expect(en.file.messages.filter((message) => message.ruleId === 'script-unmarked').map((message) => message.reason.split(' in an article')[0]!.split(' inside a span')[0])).not.toContain('Cyrillic text "о"');
  });

  it('warns once a letter about letters the language writes otherwise: Arabic ي and ك in Persian, the cedilla ş and ţ in Romanian', async () => {
    // Persian typed on an Arabic keyboard: کتابخانه ملي (Arabic yeh) and كتاب (Arabic kaf), twice each; the Persian ی and ک are fine.
    const fa = await hastOf('کتابخانه ملي و كتاب.\n\nشهر ملي و كتاب و یک کتاب.\n', [], [remarkGalleyDirectives, remarkGalleyLanguage], inLanguage('fa'));
    const faWarnings = fa.file.messages.filter((message) => message.ruleId === 'language-letter');
    expect(places(faWarnings)).toEqual(['1:12 warning language-letter', '1:16 warning language-letter']);
    expect(faWarnings[0]!.reason).toBe(
      '"ي" (U+064A ي) in Persian text, 2 times, the first here: Persian writes "ی" (U+06CC ی); replace it throughout, so that search finds the words and they are set as the language writes them',
    );
    // Romanian with cedillas, and a Romanian span in an English article; Turkish ş in English text is no concern of this check.
    const ro = await hastOf('Iaşi şi Timişoara.\n\nTurkish Beşiktaş and :span[Ţara Românească]{lang=ro}.\n', [], [remarkGalleyDirectives, remarkGalleyLanguage], inLanguage('en'));
    expect(places(ro.file.messages.filter((message) => message.ruleId === 'language-letter'))).toEqual(['3:28 warning language-letter']);
    const roArticle = await hastOf('Iaşi şi Timişoara, Ţara.\n', [], [remarkGalleyDirectives, remarkGalleyLanguage], inLanguage('ro'));
    expect(roArticle.file.messages.filter((message) => message.ruleId === 'language-letter').map((message) => message.reason.slice(0, 40))).toEqual([
      '"ş" (U+015F ş) in Romanian text, 3 times',
      '"Ţ" (U+0162 Ţ) in Romanian text, once: R',
    ]);
    // Written right: nothing.
    const right = await hastOf('Iași și Timișoara, Țara.\n', [], [remarkGalleyDirectives, remarkGalleyLanguage], inLanguage('ro'));
    expect(right.file.messages.filter((message) => message.ruleId === 'language-letter')).toEqual([]);
  });

  it('finds a Greek letter inside a Latin word and a Latin letter inside a Greek word, in text otherwise in Latin', () => {
    // "\u039dATO" opens with the Greek capital nu; "\u03bbo\u03b3\u03bf\u03c2" has a Latin o after its lambda.
    const text = 'The \u039dATO summit, the word \u03bbo\u03b3\u03bf\u03c2 and plain Latin words.';
    expect(mixedLetters(text).map(({ char, script, among, word }) => [char, script, among, word])).toEqual([
      ['\u039d', 'Grek', 'Latn', '\u039dATO'],
      ['o', 'Latn', 'Grek', '\u03bbo\u03b3\u03bf\u03c2'],
    ]);
    expect(mixedLetters('Only Latin letters here, a café and Łacinka.')).toEqual([]);
  });

  it('says a span\'s "[" is never closed where its line has no "]", not that it lacks lang', async () => {
    const md = 'Born in :span[Łódź, she said.\n\nAnd :span[x] is another matter.\n';
    const { file } = await hastOf(md, [], [remarkGalleyLanguage], inLanguage('en'));
    expect(places(file.messages)).toEqual(['1:9 error span-unclosed', '3:5 error span-lang']);
    expect(file.messages[0]!.reason).toBe('span: the "[" after :span is never closed with "]" on its line: write the text and its language as :span[Сергей Волков]{lang=ru}');
  });

  it('refuses a span without lang, with a tag that is not BCP 47, or with another attribute', async () => {
    const md = 'A :span[x] and\n:span[y]{lang="not a tag"} and :span[z]{lang=pl title=t}.\n';
    const { file } = await hastOf(md, [], [remarkGalleyLanguage], inLanguage('en'));
    expect(places(file.messages)).toEqual(['1:3 error span-lang', '2:1 error span-lang', '2:32 error span-attribute']);
    expect(file.messages[0]!.reason).toContain('span without `lang`');
    expect(file.messages[1]!.reason).toContain('span: `not a tag` is not a BCP 47 language tag');
    expect(file.messages[2]!.reason).toContain('span: unknown attribute `title`');
  });

  it('takes web and e-mail addresses, DOIs and code in a right-to-left article for no language, and still warns about words beside them', async () => {
    const md = [
      'انظر https://example.org/reports/water/2023/full-report.pdf الصفحة 12.',
      '',
      'راسل press@example.org أو www.example.org/contact أو example.org/ar/page و doi:10.1000/xyz123 و 10.1234/abc.def',
      '',
      'انظر <https://example.com/a> و [الرابط](https://example.com/b) و `npm install galley` و Reuters https://reuters.com/x Agency.',
      '',
    ].join('\n');
    // As the reader runs them: a colon that is no directive is text again first (doi:10.…).
    const { file } = await hastOf(md, [], [remarkGalleyDirectives, remarkGalleyLanguage], inLanguage('ar'));
    expect(places(file.messages)).toEqual(['5:89 warning script-unmarked', '5:119 warning script-unmarked']);
    expect(file.messages.map((message) => message.reason.split(' in an article')[0])).toEqual(['Latin text "Reuters"', 'Latin text "Agency"']);
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

  it('quotes the whole run: a number written on after its last letter belongs to it, up to a comma or a word', async () => {
    const md = 'Компания показала iPhone 15 и Windows 3.11, 11 апреля; Galaxy S24 Ultra 2. И COVID-19.\n';
    const { file } = await hastOf(md, [], [remarkGalleyLanguage], inLanguage('ru'));
    expect(places(file.messages)).toEqual(['1:19 warning script-unmarked', '1:31 warning script-unmarked', '1:56 warning script-unmarked', '1:78 warning script-unmarked']);
    expect(file.messages.map((message) => /"([^"]*)"/.exec(message.reason)![1])).toEqual(['iPhone 15', 'Windows 3.11', 'Galaxy S24 Ultra 2', 'COVID-19']);
    expect(file.messages[0]!.reason).toContain('write :span[iPhone 15]{lang=…}');
  });

  it('quotes a word whole to its last vowel sign or virama, and suggests its language by letters only it has', async () => {
    const md = 'In Dhaka বাংলা and in Chennai தமிழ் and in Delhi नमस्ते and in Phnom Penh កាហ្វេ; Қазақстан Республикасы and Монгол Улс.\n';
    const { file } = await hastOf(md, [], [remarkGalleyLanguage], inLanguage('en'));
    expect(file.messages.map((message) => /"([^"]*)"/.exec(message.reason)![1])).toEqual(['বাংলা', 'தமிழ்', 'नमस्ते', 'កាហ្វេ', 'Қазақстан Республикасы', 'Монгол Улс']);
    expect(file.messages[2]!.reason).toContain('write :span[नमस्ते]{lang=…} with its language (e.g. hi, mr, ne)');
    expect(file.messages.map((message) => /\(e\.g\. ([^)]*)\)/.exec(message.reason)?.[1])).toEqual(['bn, as', 'ta', 'hi, mr, ne', 'km', 'kk', 'ru, uk, bg, sr']);
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

  it('takes a Greek letter alone (π, α, μ = 0.3, Ω, 5 μm, ΔT) for a symbol, and still warns about a Greek word beside symbols', async () => {
    const md = 'The area is πr², the angle α, μ = 0.3, Ω = 4, 5 μm, ΔT = 2 K, but φιλοσοφία and λ.\n';
    const { file } = await hastOf(md, [], [remarkGalleyLanguage], inLanguage('en'));
    expect(places(file.messages)).toEqual(['1:67 warning script-unmarked']);
    expect(file.messages[0]!.reason).toContain('Greek text "φιλοσοφία" in an article in `en`');
  });

  it('takes a Roman numeral in capitals (a century, a monarch, a volume) for a number, and still warns about a Latin word', async () => {
    const md = 'Дом конца XIX века, перестроен в XIX–XX веках; зал в стиле Людовика XIV. Глава IV, том II, MMXXIV год. Но Pyotr и MAX.\n';
    const { file } = await hastOf(md, [], [remarkGalleyLanguage], inLanguage('ru'));
    expect(places(file.messages)).toEqual(['1:107 warning script-unmarked', '1:115 warning script-unmarked']);
    expect(file.messages.map((message) => message.reason.split(' in an article')[0])).toEqual(['Latin text "Pyotr"', 'Latin text "MAX"']);
    const georgian = await hastOf('სახლი XIX საუკუნის ბოლოს აშენდა.\n', [], [remarkGalleyLanguage], inLanguage('ka'));
    expect(places(georgian.file.messages)).toEqual([]);
  });

  it('takes pandoc\'s "Table:" before or after a table for the caption\'s markup, not English words, and still warns about one elsewhere', async () => {
    const md = 'Table: Середня кількість поїздок.\n\n| Рік | Поїздок |\n|---|---:|\n| 2019 | 1 240 |\n\nTable: Середня кількість поїздок.\n\nTable: не біля таблиці.\n\nКолонка Table: тут.\n';
    const { file } = await hastOf(md, [], [remarkGfm, remarkGalleyLanguage], inLanguage('uk'));
    expect(places(file.messages)).toEqual(['9:1 warning script-unmarked', '11:9 warning script-unmarked']);
    expect(file.messages.map((message) => message.reason.split(' in an article')[0])).toEqual(['Latin text "Table"', 'Latin text "Table"']);
  });

  it('warnUncovered warns once per script, at its first character in the manuscript, with how many there are', () => {
    const file = vfile('a 🐙 ស\nb 🐙 ក 😀 ស្តី\n🐙 ∰\n');
    warnUncovered(file, ['🐙', 'ស', 'ក', '😀', '្', 'ត', 'ី', '∰', '∯']);
    // In the order the manuscript has them; ∯ (U+222F) is not in it, ∰ is: the symbols' warning is at ∰.
    expect(places(file.messages)).toEqual(['1:3 warning character-uncovered', '1:6 warning character-uncovered', '3:4 warning character-uncovered']);
    const [emoji, khmer, symbols] = file.messages.map((message) => message.reason);
    expect(emoji).toMatch(/^no shipped typeface draws emoji: 2 different characters \(U\+1F419 🐙, U\+1F600 😀\), the first here; the PDF and the cover print each as an empty box \(never in a font of the building machine\), the e-book and the download page as their reader's fonts can;/);
    expect(khmer).toMatch(/^no shipped typeface draws Khmer script: 5 different characters \(U\+1780 ក, U\+178F ត, U\+179F ស, …\), the first here;/);
    expect(symbols).toMatch(/^no shipped typeface draws these symbols: 2 different characters \(U\+222F ∯, U\+2230 ∰\)/);
  });

  it('warnUncovered names no place for characters only galley\'s own words have (a date in the article\'s language)', () => {
    const file = vfile('Plain text.\n');
    warnUncovered(file, ['월']);
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]!.line).toBeUndefined();
    expect(file.messages[0]!.reason).toMatch(/^no shipped typeface draws Hangul script: 1 different character \(U\+C6D4 월\), in galley's own words for the article's language;/);
  });
});
