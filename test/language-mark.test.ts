/** src/language-mark.ts: the language in force is the innermost `lang` mark, else the article's. */
import type { Element, ElementContent, Properties, Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { langMark, languageInForce } from '../src/language-mark.js';

const h = (tagName: string, properties: Properties, children: ElementContent[] = []): Element => ({ type: 'element', tagName, properties, children });
const text = (value: string): ElementContent => ({ type: 'text', value });

describe('language marks', () => {
  it('reads the innermost mark, an empty one included, else the fallback', () => {
    const inner = h('span', { lang: 'ru' }, [text('слово')]);
    const outer = h('p', { lang: 'de' }, [inner]);
    const root: Root = { type: 'root', children: [outer] };
    expect(languageInForce([root, outer, inner], 'en')).toBe('ru');
    expect(languageInForce([root, outer], 'en')).toBe('de');
    expect(languageInForce([root, h('p', {}, [text('plain')])], 'en')).toBe('en');
    expect(langMark(h('span', { lang: '' }))).toBe('');
    expect(langMark(root)).toBeUndefined();
  });
});
