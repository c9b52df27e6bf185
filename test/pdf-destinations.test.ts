/**
 * The named destinations of a PDF (src/pdf/destinations.ts), read from a
 * PDF Chromium printed, and from destinations in the other shapes the PDF
 * format allows.
 */
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { destinationPages, namedDestinations } from '../src/pdf/destinations.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const context = useBrowserAndTempDir('galley-destinations-');

/** Letter, with a 1 in margin: a page holds 9 in of text; the first block is 5 in tall, the others 4 in. */
const html = `<!doctype html><html><head><style>
@page { size: letter; margin: 1in; }
body { margin: 0; font: 12pt serif; }
div { height: 4in; break-inside: avoid; }
#one { height: 5in; }
</style></head><body>
<p><a href="#one">one</a> <a href="#two">two</a> <a href="#three">three</a></p>
<div id="one">one</div>
<div id="two">two</div>
<div id="three">three</div>
</body></html>`;

describe('named destinations', () => {
  it("reads each id's page and how far down it is from what Chromium writes", async () => {
    const page = await context.browser.newPage();
    let pdf: Uint8Array;
    try {
      await page.setContent(html);
      pdf = await page.pdf({ preferCSSPageSize: true, tagged: true });
    } finally {
      await page.close();
    }
    const places = await namedDestinations(pdf, ['one', 'two', 'three', 'nowhere']);
    // The first block follows the links' line on page 1; the second does not fit there, the third shares page 2 with it.
    expect([...places.keys()]).toEqual(['one', 'two', 'three']);
    expect(places.get('one')!.page).toBe(1);
    expect(places.get('two')).toEqual({ page: 2, fromTop: expect.any(Number) });
    expect(places.get('three')!.page).toBe(2);
    // Measured from the top of the page (or of the text block): the second block on a page is 4 in (288 pt) below the first.
    expect(places.get('three')!.fromTop! - places.get('two')!.fromTop!).toBeCloseTo(288, 0);
    expect(places.get('one')!.fromTop!).toBeGreaterThan(places.get('two')!.fromTop!);
    expect(await destinationPages(pdf, ['one', 'two', 'three', 'nowhere'])).toEqual(new Map([['one', 1], ['two', 2], ['three', 2]]));
  });

  it('reads a destination given as a dictionary, and one without a top, whose page still counts', async () => {
    const doc = await PDFDocument.create();
    const first = doc.addPage([300, 400]);
    const second = doc.addPage([300, 400]);
    const dests = doc.context.obj({
      atTop: doc.context.obj({ D: [second.ref, PDFName.of('XYZ'), 0, 350, 0] }),
      whole: [first.ref, PDFName.of('Fit')],
      lost: [doc.context.obj({}), PDFName.of('Fit')],
    });
    doc.catalog.set(PDFName.of('Dests'), doc.context.register(dests));
    doc.setTitle(PDFString.of('destinations').asString());
    const bytes = await doc.save();
    expect(await namedDestinations(bytes, ['atTop', 'whole', 'lost'])).toEqual(
      new Map([
        ['atTop', { page: 2, fromTop: 50 }],
        ['whole', { page: 1, fromTop: undefined }],
      ]),
    );
    expect(await destinationPages(bytes, ['atTop', 'whole', 'lost'])).toEqual(new Map([['atTop', 2], ['whole', 1]]));
  });

  it('finds none in a PDF without destinations', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect((await namedDestinations(await doc.save(), ['one'])).size).toBe(0);
  });
});
