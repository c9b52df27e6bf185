/** src/language-mark.ts: the language in force is the innermost `lang` mark, else the article's. */
import { h } from 'hastscript';
import { describe, expect, it } from 'vitest';
import { langMark, languageInForce } from '../src/language-mark.js';

describe('language marks', () => {
  it('reads the innermost mark, an empty one included, else the fallback', () => {
    const inner = h('span', { lang: 'ru' }, 'слово');
    const outer = h('p', { lang: 'de' }, [inner]);
    const root = h(null, [outer]);
    expect(languageInForce([root, outer, inner], 'en')).toBe('ru');
    expect(languageInForce([root, outer], 'en')).toBe('de');
    expect(languageInForce([root, h('p', 'plain')], 'en')).toBe('en');
    expect(langMark(h('span', { lang: '' }))).toBe('');
    expect(langMark(root)).toBeUndefined();
  });
});
