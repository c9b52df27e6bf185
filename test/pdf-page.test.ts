import { describe, expect, it } from 'vitest';
import { isPageSize, measureIn, pageGeometry, pageSizes } from '../src/pdf/page.js';

describe('page sizes', () => {
  it('knows letter, A4 and 6 × 9 by their names only', () => {
    for (const name of ['letter', 'a4', '6x9']) expect(isPageSize(name), name).toBe(true);
    for (const name of ['A4', 'legal', '', 'a4 ', 'toString', 'constructor']) expect(isPageSize(name), name).toBe(false);
    expect(pageSizes).toEqual(Object.keys(pageGeometry));
  });

  it('gives each size a CSS size that is its width and height', () => {
    const inches = (value: string): number => (value.endsWith('mm') ? parseFloat(value) / 25.4 : parseFloat(value));
    for (const size of pageSizes) {
      const geometry = pageGeometry[size];
      expect(geometry.name).toBe(size);
      const [width, height] = geometry.size.split(' ').map(inches);
      expect(width, size).toBeCloseTo(geometry.widthIn, 6);
      expect(height, size).toBeCloseTo(geometry.heightIn, 6);
    }
  });

  it('measures the text block between the inner and outer margins', () => {
    expect(measureIn(pageGeometry.letter)).toBeCloseTo(8.5 - 1.6 - 1.6, 6);
    expect(measureIn(pageGeometry.a4)).toBeCloseTo((210 - 38 - 38) / 25.4, 6);
    expect(measureIn({ ...pageGeometry['6x9'], marginInnerIn: 1, marginOuterIn: 0.5 })).toBeCloseTo(4.5, 6);
  });
});
