/** Languages and their scripts (src/language.ts), from Node's ICU data. */
import { describe, expect, it } from 'vitest';
import { canonicalLanguage, directionOf, exampleLanguages, scriptName, scriptOfLetter, scriptsOf } from '../src/language.js';

describe('languages', () => {
  it('knows which languages run right to left', () => {
    for (const language of ['ar', 'he', 'fa', 'ur', 'yi', 'ar-EG']) expect(directionOf(language), language).toBe('rtl');
    for (const language of ['en', 'pl', 'ru', 'zh', 'ja', 'hi', 'az']) expect(directionOf(language), language).toBe('ltr');
    // The script named in the tag wins: Azerbaijani in Arabic script runs right to left.
    expect(directionOf('az-Arab')).toBe('rtl');
    expect(directionOf('not a tag')).toBe('ltr');
  });

  it('gives the scripts a language is written in', () => {
    expect(scriptsOf('en')).toEqual(['Latn']);
    expect(scriptsOf('ru')).toEqual(['Cyrl']);
    expect(scriptsOf('zh-TW')).toEqual(['Hani']);
    expect(scriptsOf('ja')).toEqual(['Hani', 'Hira', 'Kana']);
    expect(scriptsOf('ko')).toEqual(['Hang', 'Hani']);
    expect(scriptsOf('sr-Latn')).toEqual(['Latn']);
    expect(scriptsOf('!!')).toEqual([]);
  });

  it('tells the script of a letter, and of nothing that is not one', () => {
    expect(['a', 'ж', 'λ', 'ש', 'ب', '漢', 'か', 'カ', '한', 'क'].map(scriptOfLetter)).toEqual(['Latn', 'Cyrl', 'Grek', 'Hebr', 'Arab', 'Hani', 'Hira', 'Kana', 'Hang', 'Deva']);
    for (const char of ['1', '.', ' ', '\u0301', '😀']) expect(scriptOfLetter(char), char).toBeUndefined();
  });

  it('names scripts and suggests languages for a message, and reads BCP 47 tags', () => {
    expect(scriptName('Cyrl')).toBe('Cyrillic');
    expect(exampleLanguages('Grek')).toBe('el');
    expect(exampleLanguages('Zzzz')).toBeUndefined();
    expect(canonicalLanguage(' EN-us ')).toBe('en-US');
    expect(canonicalLanguage('not a tag')).toBeUndefined();
  });
});
