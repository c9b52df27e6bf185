/** Where a line may break (src/line-breaks.ts): number ranges, numbers and their units, URLs and DOIs; no screen hyphens in addresses (src/hyphenation.ts). */
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { hyphenateOverlong, hyphenatorFor } from '../src/hyphenation.js';
import { bindAbbreviations, bindDashes, bindUnits, bindVersions, breakableCode, breakableUrl, breakableUrlHtml, codePieces, phraseBreaksHtml, repeatsHyphen, runsHtml, textWithBreakableUrls, URL_IN_TEXT, urlPieces, withNumberRanges } from '../src/line-breaks.js';

const NBSP = '\u00a0';

describe('line breaks', () => {
  it('keeps a range of numbers on one line by markup, its characters as written, and nothing else', () => {
    const html = toHtml({ type: 'root', children: withNumberRanges('won 7–2 in 1987–2017, pages 1,200–1,250') });
    expect(html).toBe('won <span class="nobreak">7–2</span> in <span class="nobreak">1987–2017</span>, pages <span class="nobreak">1,200–1,250</span>');
    expect(toHtml({ type: 'root', children: withNumberRanges('north–south, 7 – 2, 7-2') })).toBe('north–south, 7 – 2, 7-2');
    expect(html).not.toMatch(/[\u2060\u00ad\u200b]/u);
  });

  it('keeps a closing mark with the Korean particle written after it, and nothing else', () => {
    const text = '그는 “곧 끝난다”고 말했고, “늦어질 것”이라며 (주)는 ‘보수’를 택했다. “끝” 이후, “end”. (42) 씨';
    const held = '그는 “곧 끝난다<span class="nobreak">”고</span> 말했고, “늦어질 것<span class="nobreak">”이라며</span> (주<span class="nobreak">)는</span> ‘보수<span class="nobreak">’를</span> 택했다. “끝” 이후, “end”. (42) 씨';
    expect(toHtml({ type: 'root', children: withNumberRanges(text) })).toBe(held);
    // The headline and dek, as markup, the same; a Korean run in another language's headline too.
    expect(phraseBreaksHtml(text, 'ko')).toBe(held);
    expect(runsHtml([{ text: 'He said ' }, { text: '“곧”고', lang: 'ko' }], 'en')).toBe('He said <span lang="ko" xml:lang="ko">“곧<span class="nobreak">”고</span></span>');
    // Chinese and Japanese after a closing mark are left to their own rules.
    expect(toHtml({ type: 'root', children: withNumberRanges('“好”的 「本」の') })).toBe('“好”的 「本」の');
  });

  it('keeps a number with its unit, and only with a unit', () => {
    expect(bindUnits('boils at 100 °C, releases 572 kJ, 24 cm × 24 cm, λ = 500 nm, 101.3 kPa, 45 %, 1 1/2 cups, 5 μm, 180 ℃'))
      .toBe(`boils at 100${NBSP}°C, releases 572${NBSP}kJ, 24${NBSP}cm × 24${NBSP}cm, λ = 500${NBSP}nm, 101.3${NBSP}kPa, 45${NBSP}%, 1${NBSP}1/2 cups, 5${NBSP}μm, 180${NBSP}℃`);
    // A mixed number written with a fraction's own character, as recipes write it: "3" at a line's end read as three cups, then "½ cup".
    expect(bindUnits('asi 3 ½ hrnku, 1 ¾ lžičky, 2 ⅔ cup, 1 ⅛ in')).toBe(`asi 3${NBSP}½ hrnku, 1${NBSP}¾ lžičky, 2${NBSP}⅔ cup, 1${NBSP}⅛ in`);
    const prose = 'In 2019 many people came, 3 mice ran, 5 minutes, 10 Kings, page 12 of 30, won 3–1 in May, 2 mi casa, 3 ½x';
    // An abbreviation naming what the number counts keeps it: a page, a number, a section, a figure.
    expect(bindAbbreviations('2023, p. 47; pp. 12–14; S. 3; s. 8; No. 5; n° 3; nº 4; № 6; § 5; §§ 5–7; vol. 2; ch. 4; art. 9; Fig. 2')).toBe(
      `2023, p.${NBSP}47; pp.${NBSP}12–14; S.${NBSP}3; s.${NBSP}8; No.${NBSP}5; n°${NBSP}3; nº${NBSP}4; №${NBSP}6; §${NBSP}5; §§${NBSP}5–7; vol.${NBSP}2; ch.${NBSP}4; art.${NBSP}9; Fig.${NBSP}2`,
    );
    // Not inside a word, nor before a word: "Group. 5", "ship. 2 more", "p. the".
    expect(bindAbbreviations('the Group. 5 left; a ship. 2 more; see p. the end')).toBe('the Group. 5 left; a ship. 2 more; see p. the end');
    // A title or an initial keeps the name after it: "Dr. / Jürgen" ended a headline's line on a phone.
    expect(bindAbbreviations('mit Dr. Jürgen, Gen. Joseph Dunford, Mr. Putin, Mr Smith, Mme Dupont, J. Nowak, T. S. Eliot, д-р Иванов, проф. Петров')).toBe(
      `mit Dr.${NBSP}Jürgen, Gen.${NBSP}Joseph Dunford, Mr.${NBSP}Putin, Mr${NBSP}Smith, Mme${NBSP}Dupont, J.${NBSP}Nowak, T.${NBSP}S.${NBSP}Eliot, д-р${NBSP}Иванов, проф.${NBSP}Петров`,
    );
    // A dash set between spaces keeps to the word before it; one opening a paragraph or a line, or inside a word, is left.
    expect(bindDashes('the cost itself — which, for many; ловил, — говорит; 2022 – 2023; so – and; end —')).toBe(
      `the cost itself${NBSP}— which, for many; ловил,${NBSP}— говорит; 2022${NBSP}– 2023; so${NBSP}– and; end${NBSP}—`,
    );
    expect(bindDashes('— Dana Whitfield; pages 12–14; word—word')).toBe('— Dana Whitfield; pages 12–14; word—word');
    // Not a word that ends so, nor before a word in lower case: "the Dr. said", "Hamburg. Then", "Mrs. (retired)".
    expect(bindAbbreviations('the Dr. said it; in Hamburg. Then the Mrs. (retired) came')).toBe('the Dr. said it; in Hamburg. Then the Mrs. (retired) came');
    expect(bindUnits(prose)).toBe(prose);
  });

  it('keeps a licence\'s version on the line of its name, and nothing else', () => {
    expect(bindVersions('ODbL 1.0')).toBe(`ODbL${NBSP}1.0`);
    expect(bindVersions('CC BY-SA 4.0 International')).toBe(`CC BY-SA${NBSP}4.0 International`);
    expect(bindVersions('Public domain, 2 photos, 3 4.5x')).toBe('Public domain, 2 photos, 3 4.5x');
  });

  it('finds URLs in running text without the punctuation after them', () => {
    const text = 'See https://example.org/a/b. Or www.example.com/x-y, (http://a.b/c) and “https://q.example/z”.';
    expect(text.match(URL_IN_TEXT)).toEqual(['https://example.org/a/b', 'www.example.com/x-y', 'http://a.b/c', 'https://q.example/z']);
  });

  it('takes a DOI for an address: a span.url breaking after its / and . (never hyphenated like a word)', () => {
    const text = 'DOI 10.1234/abcdefghijklmnopqrstuvwxyz.2019.0123456789 and doi:10.1000/xyz-1, not 10.5 kg.';
    expect(text.match(URL_IN_TEXT)).toEqual(['10.1234/abcdefghijklmnopqrstuvwxyz.2019.0123456789', 'doi:10.1000/xyz-1']);
    expect(toHtml({ type: 'root', children: textWithBreakableUrls('DOI 10.1234/abcdefghijklmnopqrstuvwxyz.2019.0123456789.') })).toBe(
      'DOI <span class="url">10.<wbr>1234/<wbr>abcdefghijklmnopqrstuvwxyz.<wbr>2019.<wbr>0123456789</span>.',
    );
  });

  it('gives a screen no soft hyphen inside a DOI, a URL or an e-mail address, and still hyphenates a long word', () => {
    const hyphenate = hyphenatorFor('en')!;
    const text = 'DOI 10.1234/abcdefghijklmnopqrstuvwxyz.2019 at example.org/characteristicallyunpredictable or characteristicallyunpredictable@example.org and characteristicallyunpredictable words';
    const out = hyphenateOverlong(text, hyphenate, 20);
    expect(out.split(' ').slice(0, -2).join(' ')).toBe(text.split(' ').slice(0, -2).join(' '));
    expect(out).toContain('char\u00ADac\u00ADter');
  });

  it('breaks a URL only after / . ? & = _ @ or before -, keeping a run of slashes and the last character together', () => {
    expect(urlPieces('https://www.example.org/long-path/page.html')).toEqual(['https://', 'www.', 'example.', 'org/', 'long', '-path/', 'page.', 'html']);
    expect(urlPieces('a/b/')).toEqual(['a/', 'b/']);
    expect(urlPieces('plain')).toEqual(['plain']);
    expect(urlPieces('https://example.org/a/b').join('')).toBe('https://example.org/a/b');
  });

  it('marks each break with <wbr>, as markup escaped for HTML and XHTML, and as a tree', () => {
    expect(breakableUrlHtml('https://x.org/?a=1&b="2"<')).toBe('https://<wbr/>x.<wbr/>org/?<wbr/>a=<wbr/>1&amp;<wbr/>b=<wbr/>&quot;2&quot;&lt;');
    // A browser breaks after a hyphen: an address's is held to the character after it.
    expect(breakableUrlHtml('https://x.org/a-b-&c')).toBe('https://<wbr/>x.<wbr/>org/<wbr/>a<span class="nobreak">-b</span><wbr/><span class="nobreak">-&amp;</span>c');
    expect(toHtml({ type: 'root', children: breakableUrl('a.b/c') })).toBe('a.<wbr>b/c');
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

describe('hyphens a line does not break at', () => {
  const html = (text: string, language?: string): string => toHtml({ type: 'root', children: withNumberRanges(text, language) });

  it('holds a one-letter prefix, or an elided one after an apostrophe, to its word in any language: "an t-aos", "u n-nies", "’s-Hertogenbosch", "e-mail"', () => {
    expect(html('ní hé an t-aos óg, na n-iascairí', 'ga')).toBe('ní hé an <span class="nobreak">t-a</span>os óg, na <span class="nobreak">n-i</span>ascairí');
    expect(html('iċ-ċentru u n-nies', 'mt')).toBe('iċ-ċentru u <span class="nobreak">n-n</span>ies');
    expect(html('US-Russian ties, al-Assad', 'en')).toBe('US-Russian ties, al-Assad');
    expect(html('Drukte in ’s-Hertogenbosch', 'nl')).toBe('Drukte in <span class="nobreak">’s-H</span>ertogenbosch');
    expect(html('an e-mail about well-known cross-border trade', 'en')).toBe('an <span class="nobreak">e-m</span>ail about well-known cross-border trade');
    expect(phraseBreaksHtml('Drukte in ’s-Hertogenbosch & co', 'nl')).toBe('Drukte in <span class="nobreak">’s-H</span>ertogenbosch &amp; co');
  });

  it('holds a word of non-breaking hyphens whole, its hyphens set as the hyphen every face draws: "20‑liter", "Rimsky‑Korsakov"', () => {
    expect(html('a 20\u2011liter jug for Rimsky\u2011Korsakov’s, 1990–1995, well-known', 'en')).toBe(
      'a <span class="nobreak">20-liter</span> jug for <span class="nobreak">Rimsky-Korsakov’s,</span> <span class="nobreak">1990–1995</span>, well-known',
    );
    expect(html('1–2\u20113', 'en')).not.toContain('\u2011');
  });

  it('in Portuguese, Galician, Polish, Czech…, which repeat the hyphen at the next line’s start, breaks at no hyphen inside a word', () => {
    expect(html('nesta segunda-feira, disse-lhe, 7–2', 'pt-BR')).toBe('nesta segund<span class="nobreak">a-f</span>eira, diss<span class="nobreak">e-l</span>he, <span class="nobreak">7–2</span>');
    expect(html('biało-czerwony', 'pl')).toBe('biał<span class="nobreak">o-c</span>zerwony');
    expect(html('segunda-feira', 'es')).toBe('segunda-feira');
    expect(repeatsHyphen('gl') && repeatsHyphen('cs-CZ') && !repeatsHyphen('en')).toBe(true);
  });
});
