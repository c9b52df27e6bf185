/**
 * src/pdf/html.ts, markNumberWidth: a numbered list gets the indent its
 * largest number needs, counted from the list's start, so that Chromium does
 * not hang two- and three-digit numbers into the page margin (print.css:
 * `.numbers-2`, `.numbers-3`).
 */
import { select } from 'hast-util-select';
import { describe, expect, it } from 'vitest';
import { printBody } from '../src/pdf/html.js';
import { pageGeometry } from '../src/pdf/page.js';
import { sampleDocument } from './pdf-fixture.js';

const items = (count: number): string => Array.from({ length: count }, (_, i) => `<li>Item ${i + 1}</li>`).join('');

function classesOf(list: string): string[] {
  const tree = printBody(sampleDocument({ withFigure: false, extraHtml: list }), pageGeometry.letter, []);
  const ol = select('ol', tree);
  expect(ol).toBeDefined();
  const names = ol!.properties.className;
  return Array.isArray(names) ? names.map(String) : [];
}

describe('numbered lists in print', () => {
  it('gives a list that picks up at 7 and reaches 10 the two-digit indent', () => {
    expect(classesOf(`<ol start="7">${items(4)}</ol>`)).toEqual(['numbers-2']);
  });

  it('counts items from 1 by default, and from a start of 95 to three digits', () => {
    expect(classesOf(`<ol>${items(9)}</ol>`)).toEqual([]);
    expect(classesOf(`<ol>${items(10)}</ol>`)).toEqual(['numbers-2']);
    expect(classesOf(`<ol start="95">${items(6)}</ol>`)).toEqual(['numbers-3']);
    expect(classesOf(`<ol start="7">${items(3)}</ol>`)).toEqual([]);
  });

});
