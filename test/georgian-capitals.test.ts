/**
 * Georgian has no capitals in print: a browser's `text-transform: uppercase`
 * keeps Mkhedruli as written, as CSS Text asks. The cover is drawn without a
 * browser (satori), whose uppercase turned a Georgian byline into Unicode's
 * Mtavruli, which the cover's faces do not draw: a Georgian article's byline
 * in an English collection's cover read "BY" and nothing after it
 * (test/fixtures/good/unseen-collection-mixed). src/capitals.ts.
 */
import { describe, expect, it } from 'vitest';
import { inCapitalsOf, keepsLettersInCapitals } from '../src/capitals.js';
import { coverMarkup } from '../src/cover.js';

describe('Georgian in capitals', () => {
  it('stays as written, and the letters around it are capitals', () => {
    expect(inCapitalsOf('ლევან კაპანაძე', 'ka')).toBe('ლევან კაპანაძე');
    expect(inCapitalsOf('By ლევან კაპანაძე and Ann', 'en')).toBe('BY ლევან კაპანაძე AND ANN');
    expect(keepsLettersInCapitals('ლევან კაპანაძე', 'ka')).toBe(true);
    expect(keepsLettersInCapitals('Ann Example', 'en')).toBe(false);
  });

  it("is drawn on a collection's cover as written: a Georgian byline, and Georgian words around a Latin one", () => {
    const markup = coverMarkup({
      title: 'Small Rivers',
      language: 'en',
      contents: [{ headline: 'ქვევრის ღვინო ძველ მარანში', byline: 'ლევან კაპანაძე', language: 'ka' }, { headline: 'A harbour', byline: 'Pat Howard' }],
    });
    expect(markup).toMatch(/class="entryby cased"[^>]*>BY ლევან კაპანაძე</);
    expect(markup).not.toMatch(/[\u1C90-\u1CBF]/u);
    expect(coverMarkup({ title: 'მცირე მდინარეები', language: 'ka', imprint: 'თბილისის გამომცემლობა' })).toMatch(/class="imprint cased">თბილისის გამომცემლობა</);
    const latinInGeorgian = coverMarkup({ title: 'მცირე მდინარეები', language: 'ka', contents: [{ headline: 'A harbour', byline: 'Pat Howard', language: 'en' }] });
    expect(latinInGeorgian).toMatch(/class="entryby cased[^"]*"[^>]*>[^<]*PAT HOWARD/);
    expect(latinInGeorgian).not.toMatch(/[\u1C90-\u1CBF]/u);
  });
});
