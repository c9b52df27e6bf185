import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { capitalisesNouns, enforceMinimums, hyphenateOverlong, hyphenateText, hyphenateTree, hyphenatorFor, SOFT_HYPHEN, tieLastWords, wordKey } from '../src/pdf/hyphenate.js';
import { patternsOf } from '../src/hyphenation.js';

/** Soft hyphens shown as `|`, so that break points can be read in an assertion. */
const marked = (text: string): string => text.replaceAll(SOFT_HYPHEN, '|');
const hyphenator = (language: string) => {
  const found = hyphenatorFor(language);
  if (!found) throw new Error(`no patterns for ${language}`);
  return found;
};

describe('hyphenation patterns by language', () => {
  it('breaks English, Polish and Russian words at their syllables', () => {
    expect(marked(hyphenateText('administration', hyphenator('en-US')))).toBe('ad|min|is|tra|tion');
    expect(marked(hyphenateText('konstytucyjny przedsiębiorstwo', hyphenator('pl')))).toBe('kon|sty|tu|cyjny przed|się|bior|stwo');
    expect(marked(hyphenateText('государственный информация', hyphenator('ru-RU')))).toBe('го|су|дар|ствен|ный ин|фор|ма|ция');
  });

  it('breaks a German word, a capitalised noun too (German capitalises every noun), but not one in capitals', () => {
    expect(capitalisesNouns('de-AT')).toBe(true);
    expect(capitalisesNouns('en')).toBe(false);
    expect(marked(hyphenateText('verantwortlich Unabhängigkeit ADAC', hyphenator('de'), capitalisesNouns('de')))).toBe('ver|ant|wort|lich Un|ab|hän|gig|keit ADAC');
    // In English a capital marks a name: kept whole.
    expect(marked(hyphenateText('Washington administration', hyphenator('en'), capitalisesNouns('en')))).toBe('Washington ad|min|is|tra|tion');
  });

  it('breaks words of scripts without capitals (Tamil, Hindi, Bengali) at syllables whole with their signs, and leaves Thai to its line breaker', () => {
    // No lower-case letter does not make an abbreviation here: every word of these scripts has none.
    expect(marked(hyphenateText('கட்டுரையில் கற்பனையானவை', hyphenator('ta')))).toBe('கட்|டு|ரையில் கற்|பனை|யானவை');
    expect(marked(hyphenateText('अंतरराष्ट्रीय प्रतिनिधिमंडल', hyphenator('hi')))).toBe('अंत|र|रा|ष्ट्रीय प्र|ति|नि|धि|मंडल');
    expect(marked(hyphenateText('প্রতিষ্ঠানের', hyphenator('bn')))).toBe('প্র|তি|ষ্ঠানের');
    // A break never falls between a letter and its vowel sign or virama.
    for (const [word, language] of [['கட்டுரையில்', 'ta'], ['अंतरराष्ट्रीय', 'hi'], ['প্রতিষ্ঠানের', 'bn']] as const) {
      for (const piece of hyphenateText(word, hyphenator(language)).split(SOFT_HYPHEN).slice(1)) expect(piece, word).toMatch(/^\p{L}/u);
    }
    // Thai writes no hyphen where its lines break: left as written.
    expect(hyphenateText('ประเทศไทยมีประชากร', hyphenator('th'))).toBe('ประเทศไทยมีประชากร');
    // Latin capitals are still an abbreviation in a Hindi text.
    expect(hyphenateText('UNESCO NASA', hyphenator('hi'))).toBe('UNESCO NASA');
  });

  it('hyphenates only the words longer than a line can hold (a heading\'s compound)', () => {
    expect(marked(hyphenateOverlong('Die Donaudampfschifffahrtsgesellschaft sucht Kapitänsmützenträger', hyphenator('de'), 25))).toBe('Die Do|nau|dampf|schiff|fahrts|ge|sell|schaft sucht Kapitänsmützenträger');
    expect(hyphenateOverlong('Internationalisation', hyphenator('en'), 25)).toBe('Internationalisation');
  });

  it('keeps a capitalised Russian or Polish word whole', () => {
    expect(hyphenateText('Государственный Przedsiębiorstwo', hyphenator('ru'))).toBe('Государственный Przedsiębiorstwo');
  });

  it('has nothing for a language without patterns, and falls back from a region to its language', () => {
    expect(hyphenatorFor('ja')).toBeUndefined();
    expect(hyphenatorFor('zz-ZZ')).toBeUndefined();
    expect(hyphenatorFor('')).toBeUndefined();
    expect(hyphenatorFor('pl-PL')).toBe(hyphenatorFor('pl'));
    expect(hyphenatorFor('EN-us')).toBe(hyphenatorFor('en-us'));
  });
});

describe('words hyphenated before', () => {
  // The patterns remember what they hyphenated (a document is laid out several times, a batch's articles share their words): the same answers, whatever was asked before.
  it('come out the same, each with the options asked for', () => {
    const en = hyphenator('en');
    expect(en('administration', { hyphenChar: '|', minWordLength: 6 })).toBe('ad|min|is|tra|tion');
    expect(marked(en('administration', { hyphenChar: SOFT_HYPHEN, minWordLength: 6 }))).toBe('ad|min|is|tra|tion');
    expect(en('administration', { hyphenChar: '-', minWordLength: 6 })).toBe('ad-min-is-tra-tion');
    expect(en('administration', { hyphenChar: '-', minWordLength: 20 })).toBe('administration');
    expect(en('administration', { hyphenChar: '|', minWordLength: 6 })).toBe('ad|min|is|tra|tion');
    // A word kept whole by one build (a caller's wrapper) is hyphenated again by the next.
    const whole = (word: string, options?: Parameters<typeof en>[1]): string => (word === 'administration' ? word : en(word, options));
    expect(hyphenateText('administration', whole)).toBe('administration');
    expect(marked(hyphenateText('administration', en))).toBe('ad|min|is|tra|tion');
    // Other tokens that hyphenate alike keep their own punctuation.
    expect(marked(hyphenateText('“administration,” administration.', en))).toBe('“ad|min|is|tra|tion,” ad|min|is|tra|tion.');
  });
});

describe('hyphenateText', () => {
  const en = (text: string): string => hyphenateText(text, hyphenator('en'));

  it('breaks a word inside quotes, brackets and before punctuation, never next to them', () => {
    expect(marked(en('"administration" (administration) information,'))).toBe('"ad|min|is|tra|tion" (ad|min|is|tra|tion) in|for|ma|tion,');
  });

  it('keeps words of five letters, words with digits, paths and compounds whole', () => {
    for (const kept of ['abcde', 'administration2', 'example.com/administration', 'don’t-know', 'well\u2011established', 'ALL-CAPS']) {
      expect(en(kept)).toBe(kept);
    }
  });

  it('keeps the white space between words as it was', () => {
    expect(marked(en('  administration\n\tinformation '))).toBe('  ad|min|is|tra|tion\n\tin|for|ma|tion ');
  });
});

describe('enforceMinimums', () => {
  it('takes other minimums, and leaves a word without break points alone', () => {
    const s = SOFT_HYPHEN;
    expect(marked(enforceMinimums(`ad${s}min${s}is${s}tra${s}tion`, 3, 5))).toBe('admin|is|tration');
    expect(enforceMinimums('administration')).toBe('administration');
  });
});

describe('wordKey', () => {
  it('names a word by its letters in lower case', () => {
    expect(wordKey('“Spo\u00ADken,”')).toBe('spoken');
    expect(wordKey('Państwo')).toBe('państwo');
  });
});

describe('hyphenateTree', () => {
  const hyphenated = (html: string): string => {
    const tree = fromHtml(html, { fragment: true });
    hyphenateTree(tree, hyphenator('en'));
    return marked(toHtml(tree));
  };

  it('keeps headings, abbreviations, citations, times and marked classes whole', () => {
    const html =
      '<h2>administration</h2><p><abbr>administration</abbr> <cite>administration</cite> <time>administration</time> ' +
      '<span class="nohyphenate">administration</span> <span class="url">administration</span> <span class="credit">administration</span></p>';
    expect(hyphenated(html)).toBe(html);
  });

  it('keeps link text that is its address whole, and hyphenates other link text', () => {
    expect(hyphenated('<p><a href="https://example.org/administration">administration</a></p>')).toBe('<p><a href="https://example.org/administration">administration</a></p>');
    expect(hyphenated('<p><a href="#note">administration</a></p>')).toBe('<p><a href="#note">ad|min|is|tra|tion</a></p>');
  });

  it('hyphenates prose nested in emphasis and list items', () => {
    expect(hyphenated('<ul><li><em>administration</em></li></ul>')).toBe('<ul><li><em>ad|min|is|tra|tion</em></li></ul>');
  });

  it("breaks a span in another language by that language's patterns, and one in a language without patterns not at all", () => {
    const inTurkish = (html: string): string => {
      const tree = fromHtml(html, { fragment: true });
      hyphenateTree(tree, hyphenator('tr'), false, patternsOf);
      return marked(toHtml(tree));
    };
    // The Turkish patterns cut the Polish "og-r-ód-ki", "dzi-ał-ko-we" (a line ended "og-" or "dzi-").
    expect(inTurkish('<p>bahçeleri <span lang="pl">ogródki działkowe</span> gibi</p>')).toBe('<p>bah|çe|leri <span lang="pl">ogródki dział|kowe</span> gibi</p>');
    expect(inTurkish('<p><span lang="vi">nghiêngnghiêng</span> <span lang="xx">ogródki</span></p>')).toBe('<p><span lang="vi">nghiêngnghiêng</span> <span lang="xx">ogródki</span></p>');
    // Inside a German span a capitalised noun is hyphenated, as German capitalises every noun.
    expect(inTurkish('<p><span lang="de">Gartenarbeit</span></p>')).toBe('<p><span lang="de">Gar|ten|ar|beit</span></p>');
    // Print's default (html.ts): a span in another language is left whole, never cut by the article's patterns.
    const tree = fromHtml('<p>bahçeleri <span lang="pl">ogródki działkowe</span> gibi</p>', { fragment: true });
    hyphenateTree(tree, hyphenator('tr'));
    expect(marked(toHtml(tree))).toBe('<p>bah|çe|leri <span lang="pl">ogródki działkowe</span> gibi</p>');
  });
});

describe('tieLastWords', () => {
  const tied = (html: string, maxLastWord?: number, maxPair?: number): string => {
    const tree = fromHtml(html, { fragment: true });
    tieLastWords(tree, maxLastWord, maxPair);
    return toHtml(tree).replaceAll('\u00A0', '~');
  };

  it('ties a short last word, and leaves a pair longer than the limit', () => {
    expect(tied('<p>It was over by the season.</p>')).toBe('<p>It was over by the~season.</p>');
    expect(tied('<p>It was understandable nonetheless.</p>')).toBe('<p>It was understandable nonetheless.</p>');
    expect(tied('<p>It was over by the season.</p>', 9, 8)).toBe('<p>It was over by the season.</p>');
  });

  it('counts letters, not soft hyphens, against the limits', () => {
    expect(tied(`<p>We saw it in sea${SOFT_HYPHEN}sons.</p>`, 8, 10)).toBe(`<p>We saw it in~sea${SOFT_HYPHEN}sons.</p>`);
  });

  it('ties inside a list item or caption, and in the innermost paragraph of a quotation', () => {
    expect(tied('<ul><li>Ships wait at sea.</li></ul>')).toBe('<ul><li>Ships wait at~sea.</li></ul>');
    expect(tied('<figure><figcaption>A crane at work.</figcaption></figure>')).toBe('<figure><figcaption>A crane at~work.</figcaption></figure>');
    expect(tied('<blockquote><p>They said no.</p></blockquote>')).toBe('<blockquote><p>They said~no.</p></blockquote>');
  });

  it('ties the last word inside emphasis, and leaves credits and hidden text alone', () => {
    expect(tied('<p>It was <em>over by then</em>.</p>')).toBe('<p>It was <em>over by~then</em>.</p>');
    expect(tied('<div class="credit"><p>Photo by the sea.</p></div>')).toBe('<div class="credit"><p>Photo by the sea.</p></div>');
    expect(tied('<p>It was over <span hidden>by then</span></p>')).toBe('<p>It was over <span hidden>by then</span></p>');
  });
});
