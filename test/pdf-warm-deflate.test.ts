/**
 * src/pdf/finish.ts, warmDeflate: while the browser prints, pdf-lib's
 * deflate is run on sample text a piece at a time, once a process, so that
 * finishing the print does not deflate its pages with code V8 has not yet
 * optimised; it stops when the print is back (stopWarming), so that it
 * never holds up the read-back. What is checked here is what it does, not
 * how long anything takes (that is `npm run bench`'s).
 */
import { PDFContext } from 'pdf-lib';
import { afterEach, describe, expect, it, vi } from 'vitest';

const turns = async (count: number): Promise<void> => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('warmDeflate', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('deflates its pieces one turn of the event loop at a time, about 110 kB of page text, once a process', async () => {
    const { warmDeflate } = await import('../src/pdf/finish.js');
    const deflated: number[] = [];
    const flate = PDFContext.prototype.flateStream;
    vi.spyOn(PDFContext.prototype, 'flateStream').mockImplementation(function (this: PDFContext, contents, dict) {
      deflated.push(typeof contents === 'string' ? contents.length : contents.length);
      return flate.call(this, contents, dict);
    });
    warmDeflate();
    // Nothing at once: the caller goes on (it asked for a print).
    expect(deflated).toHaveLength(0);
    await turns(1);
    expect(deflated).toHaveLength(1);
    await turns(20);
    expect(deflated.length).toBe(7);
    expect(deflated.reduce((sum, bytes) => sum + bytes, 0)).toBeGreaterThan(100_000);
    // A second print in the same process warms nothing again.
    warmDeflate();
    await turns(10);
    expect(deflated.length).toBe(7);
  });

  it('deflates no more pieces once the print is back', async () => {
    const { warmDeflate, stopWarming } = await import('../src/pdf/finish.js');
    let count = 0;
    const flate = PDFContext.prototype.flateStream;
    vi.spyOn(PDFContext.prototype, 'flateStream').mockImplementation(function (this: PDFContext, contents, dict) {
      count++;
      return flate.call(this, contents, dict);
    });
    warmDeflate();
    await turns(2);
    expect(count).toBe(2);
    stopWarming();
    await turns(20);
    expect(count).toBe(2);
  });
});
