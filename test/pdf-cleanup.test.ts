import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, decodePDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanContentStreams, closeClusterBoxes, headingsOf, joinZeroWidthLetters, outlineHeadingsOf, restoreOutlineTitles, stripSoftHyphenMarks } from '../src/pdf/cleanup.js';

/** A line as Chromium writes it: "de" + soft hyphen + "fense", the soft hyphen an invisible glyph in a marked span, in tagged content. */
const hyphenated = (word: string): string =>
  ['/P <</MCID 0>> BDC', 'BT', `1 0 Td <0047> Tj`, '/Span<</ActualText <feff00ad> >> BDC', '4.5 0 Td <0003> Tj', 'EMC', `2 0 Td <0048> Tj % ${word}`, 'ET', 'EMC'].join('\n');

const outlineTitles = ['MATTIS: USNOT IN APOSITION', 'Sources', 'THE TALKS', 'THE TALKS'];

let bytes: Uint8Array;

/** A small PDF with marked soft hyphens in compressed, uncompressed and form streams, and an outline. */
beforeAll(async () => {
  const pdf = await PDFDocument.create();
  const { context } = pdf;
  const first = pdf.addPage([200, 200]);
  first.node.set(PDFName.of('Contents'), context.register(context.flateStream(new TextEncoder().encode(hyphenated('first')))));
  const second = pdf.addPage([200, 200]);
  const plain = context.register(context.stream(hyphenated('second')));
  const clean = context.register(context.flateStream(new TextEncoder().encode('/P <</MCID 1>> BDC BT 1 0 Td <0047> Tj ET EMC')));
  const hex = context.register(context.stream(Buffer.from(hyphenated('hex')).toString('hex') + '>', { Filter: 'ASCIIHexDecode' }));
  second.node.set(PDFName.of('Contents'), context.obj([plain, clean, hex]));
  const form = context.register(context.flateStream(new TextEncoder().encode(hyphenated('form')), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 10, 10] }));
  const image = context.register(context.stream(hyphenated('image'), { Type: 'XObject', Subtype: 'Image', Width: 1, Height: 1 }));
  second.node.set(PDFName.of('Resources'), context.obj({ XObject: { F1: form, I1: image } }));

  // Outline: two entries at the top, the first with two children.
  const outlines = context.nextRef();
  const refs = outlineTitles.map(() => context.nextRef());
  const item = (index: number, fields: Record<string, PDFRef>): PDFDict =>
    context.obj({ Title: PDFHexString.fromText(outlineTitles[index]!), ...fields }) as PDFDict;
  context.assign(refs[0]!, item(0, { Parent: outlines, First: refs[2]!, Last: refs[3]!, Next: refs[1]! }));
  context.assign(refs[1]!, item(1, { Parent: outlines, Prev: refs[0]! }));
  context.assign(refs[2]!, item(2, { Parent: refs[0]!, Next: refs[3]! }));
  context.assign(refs[3]!, item(3, { Parent: refs[0]!, Prev: refs[2]! }));
  context.assign(outlines, context.obj({ Type: 'Outlines', First: refs[0]!, Last: refs[1]! }));
  pdf.catalog.set(PDFName.of('Outlines'), outlines);
  bytes = await pdf.save({ useObjectStreams: false });
});

/** Every content stream of every page and its forms, decoded, by the word it carries. */
function streams(pdf: PDFDocument): Map<string, string> {
  const found = new Map<string, string>();
  const read = (ref: PDFRef): void => {
    const stream = pdf.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) return;
    const filter = stream.dict.get(PDFName.of('Filter'))?.toString();
    const text =
      filter === '/FlateDecode' ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') :
      filter === '/ASCIIHexDecode' ? Buffer.from(Buffer.from(stream.getContents()).toString('latin1').replace(/>$/, ''), 'hex').toString('latin1') :
      Buffer.from(stream.getContents()).toString('latin1');
    found.set(/% (\w+)/.exec(text)?.[1] ?? 'clean', text);
  };
  for (const page of pdf.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    if (contents instanceof PDFRef) read(contents);
    if (contents instanceof PDFArray) for (const ref of contents.asArray()) if (ref instanceof PDFRef) read(ref);
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const [, ref] of xobjects?.entries() ?? []) if (ref instanceof PDFRef) read(ref);
  }
  return found;
}

function titles(pdf: PDFDocument): string[] {
  const found: string[] = [];
  const visit = (item: PDFDict | undefined): void => {
    for (; item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = item.lookup(PDFName.of('Title'));
      if (title instanceof PDFHexString || title instanceof PDFString) found.push(title.decodeText());
      visit(item.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  visit(pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict));
  return found;
}

describe('cleanContentStreams', () => {
  it('removes the marks from compressed, uncompressed and form streams, and keeps the text positions', async () => {
    const pdf = await PDFDocument.load(bytes);
    expect(cleanContentStreams(pdf)).toBe(3);
    const reloaded = await PDFDocument.load(await pdf.save());
    const after = streams(reloaded);
    for (const word of ['first', 'second', 'form']) {
      expect(after.get(word), word).not.toMatch(/00ad|ActualText|Artifact/i);
      expect(after.get(word)!.match(/EMC/g), word).toHaveLength(1);
      expect(after.get(word), word).toContain('BT\n1 0 Td <0047> Tj\n4.5 0 Td\n2 0 Td <0048> Tj');
    }
    // The form keeps its dictionary: still a form, with its box.
    const form = reloaded.getPages()[1]!.node.Resources()!.lookup(PDFName.of('XObject'), PDFDict).lookup(PDFName.of('F1'));
    if (!(form instanceof PDFRawStream)) throw new Error('the form is no longer a stream');
    expect(form.dict.get(PDFName.of('Subtype'))?.toString()).toBe('/Form');
    expect(form.dict.lookup(PDFName.of('BBox'), PDFArray).size()).toBe(4);
  });

  it('leaves streams without marks, images and streams it cannot decode as they were', async () => {
    const pdf = await PDFDocument.load(bytes);
    const before = streams(pdf);
    cleanContentStreams(pdf);
    const after = streams(await PDFDocument.load(await pdf.save()));
    for (const word of ['clean', 'hex', 'image']) expect(after.get(word), word).toBe(before.get(word));
    expect(after.get('hex')).toContain('<feff00ad>');
    expect(cleanContentStreams(pdf)).toBe(0);
  });
});

describe('stripSoftHyphenMarks', () => {
  it('drops a marked glyph that has no Td of its own, and a soft hyphen inside longer ActualText', () => {
    expect(stripSoftHyphenMarks('<0047> Tj /Span <</ActualText <FEFF00AD>>> BDC <0003> Tj EMC <0048> Tj')).toBe('<0047> Tj <0048> Tj');
    expect(stripSoftHyphenMarks('/Span<</ActualText <FEFF006600AD0069> >> BDC <0081> Tj EMC')).toBe('/Span<</ActualText <FEFF00660069> >> BDC <0081> Tj EMC');
  });

  it('leaves other ActualText alone, and says so when nothing changed', () => {
    expect(stripSoftHyphenMarks('/Span<</ActualText <feff00660069> >> BDC <0081> Tj EMC')).toBeUndefined();
    // Not whole UTF-16 units: not a soft hyphen it can take out.
    expect(stripSoftHyphenMarks('/Span<</ActualText <feff00ad0> >> BDC <0081> Tj EMC')).toBeUndefined();
  });
});

describe('closeClusterBoxes', () => {
  // F1's glyph 8 (a letter) advances 0.7 of the size, glyph 0x35 (a mark) nothing; F2 is not known.
  const widthOf = (font: string, code: number): number | undefined => (font === 'F1' ? ({ 8: 0.7, 0x14: 0.6, 0x35: 0 } as Record<number, number>)[code] : undefined);
  // ক with its reph as Chromium writes it: the reph drawn last, 2.68 left of the end of ক, then ত placed from the line's start.
  const syllable = (next: string): string => ['BT', '/F1 10 Tf', '1 0 0 -1 11.5 292 Tm', '/Span<</ActualText <feff09b009cd0995> >> BDC', '9 0 Td <0008> Tj', '4.32 -.76 Td <0035> Tj', 'EMC', next, 'ET'].join('\n');

  it('gives a span\'s last glyph the character spacing that ends it where the span\'s widest glyph does, and takes it back after', () => {
    expect(closeClusterBoxes(syllable('2.68 .76 Td <0014> Tj'), widthOf)).toBe(syllable('2.68 .76 Td <0014> Tj').replace('4.32 -.76 Td <0035> Tj', '4.32 -.76 Td 2.68 Tc <0035> Tj 0 Tc'));
    // Followed by another span that places its glyph, or by the end of the text.
    expect(closeClusterBoxes(syllable('/Span<</ActualText <feff09a409be> >> BDC\n2.68 .76 Td <0014> Tj\nEMC'), widthOf)).toContain('2.68 Tc <0035> Tj 0 Tc');
    expect(closeClusterBoxes(syllable(''), widthOf)).toContain('2.68 Tc <0035> Tj 0 Tc');
  });

  it('leaves a span alone when the glyph after it is set where the pen is, its font is unknown, or it ends at its end', () => {
    expect(closeClusterBoxes(syllable('<0014> Tj'), widthOf)).toBeUndefined();
    expect(closeClusterBoxes(syllable('2.68 .76 Td <0014> Tj').replace('/F1', '/F2'), widthOf)).toBeUndefined();
    expect(closeClusterBoxes(syllable('2.68 .76 Td <0014> Tj').replace('4.32 -.76 Td', '7 0 Td'), widthOf)).toBeUndefined();
    // A stream that sets character spacing itself, or a span of one glyph (a ligature).
    expect(closeClusterBoxes(`${syllable('2.68 .76 Td <0014> Tj')} 1 Tc`, widthOf)).toBeUndefined();
    expect(closeClusterBoxes('BT /F1 10 Tf /Span<</ActualText <feff00660069> >> BDC 1 0 Td <0008> Tj EMC 7 0 Td <0014> Tj ET', widthOf)).toBeUndefined();
  });

  // אָ as Chromium writes it in a right-to-left line (display order): the point (0x35) first, then the alef (8) 2.68 left of it.
  const pointed = (next: string): string => ['BT', '/F1 10 Tf', '1 0 0 -1 11.5 292 Tm', '/ReversedChars BMC', '/Span<</ActualText <FEFF05D005B8> >> BDC', '9 0 Td <0035> Tj', '-2.68 0 Td <0008> Tj', 'EMC', next, 'EMC', 'ET'].join('\n');

  it('gives a right-to-left span its text in display order, draws its leftmost glyph first, and ends its box at its widest glyph', () => {
    // The alef, drawn first at its place (6.32 from the line's start), then the point at its own (9), given the
    // spacing that ends the box where the alef ends (6.32 + 7 = 13.32); the line's start left where it was (9).
    expect(closeClusterBoxes(pointed('7 0 Td <0014> Tj'), widthOf)).toBe(
      pointed('7 0 Td <0014> Tj').replace('<FEFF05D005B8>', '<FEFF05B805D0>').replace('9 0 Td <0035> Tj\n-2.68 0 Td <0008> Tj\n', '6.32 0 Td <0008> Tj\n2.68 0 Td 4.32 Tc <0035> Tj 0 Tc\n-2.68 0 Td\n'),
    );
    // A stream that sets its own spacing, or a span followed by a glyph set where the pen is: its text in display order all the same.
    expect(closeClusterBoxes(`${pointed('7 0 Td <0014> Tj')} 1 Tc`, widthOf)).toBe(`${pointed('7 0 Td <0014> Tj').replace('<FEFF05D005B8>', '<FEFF05B805D0>')} 1 Tc`);
    expect(closeClusterBoxes(pointed('<0014> Tj'), widthOf)).toBe(pointed('<0014> Tj').replace('<FEFF05D005B8>', '<FEFF05B805D0>'));
  });

  it('leaves a word the mend of unmapped words wrote as it is: its text already in drawn order, its first-drawn glyph the word', () => {
    // F1 mended: codes from 0x0300 on are the mend's (the word's first glyph, and WORD JOINERs for the rest).
    const mendedFrom = (font: string): number | undefined => (font === 'F1' ? 0x300 : undefined);
    const word = pointed('7 0 Td <0014> Tj').replace('<0035>', '<0300>').replace('<0008>', '<0301>');
    expect(closeClusterBoxes(word, widthOf, mendedFrom)).toBeUndefined();
    // Chromium's own spans in a mended font, and in a font not mended, are put in display order as before.
    expect(closeClusterBoxes(pointed('7 0 Td <0014> Tj'), widthOf, mendedFrom)).toBe(closeClusterBoxes(pointed('7 0 Td <0014> Tj'), widthOf));
    expect(closeClusterBoxes(word.replace('/F1 10 Tf', '/F2 10 Tf'), widthOf, mendedFrom)).toContain('<FEFF05B805D0>');
  });
});

describe('restoreOutlineTitles', () => {
  it('gives entries at every level the text of their heading, matched without spaces or case', async () => {
    const pdf = await PDFDocument.load(bytes);
    const headings = headingsOf('<h1>Mattis: US not in a po\u00ADsition</h1><h2>The talks</h2><h2>The Talks</h2><h2>Sources</h2>');
    expect(restoreOutlineTitles(pdf, headings)).toBe(3);
    const reloaded = await PDFDocument.load(await pdf.save());
    expect(titles(reloaded)).toEqual(['Mattis: US not in a position', 'The talks', 'The Talks', 'Sources']);
  });

  it('uses each heading once, and leaves entries without a heading as they are', async () => {
    const pdf = await PDFDocument.load(bytes);
    expect(restoreOutlineTitles(pdf, ['The talks'])).toBe(1);
    expect(titles(pdf)).toEqual(['MATTIS: USNOT IN APOSITION', 'The talks', 'THE TALKS', 'Sources']);
  });

  it('changes nothing in a PDF without an outline', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    expect(restoreOutlineTitles(pdf, ['Anything'])).toBe(0);
  });
});

describe('headingsOf', () => {
  it('reads every level, skips empty headings and ignores other elements', () => {
    expect(headingsOf('<p>No</p><h2 id="a"><a href="#a"></a></h2><H4>Fourth</H4><h6 class="x">Six &lt;6&gt;</h6><header>Not one</header>')).toEqual(['Fourth', 'Six <6>']);
  });

  it('leaves out a link’s printed address and a note’s call, also inside a language span, and keys each entry by its printed text', () => {
    const html = '<h2>A <a href="https://example.com">link<span class="link-url">https://<span>example</span>.com</span></a> in it</h2>'
      + '<h2>Budget<sup><a href="#fn-b" data-footnote-ref="">1</a></sup> <span lang="de">Haus<sup><a href="#fn-c" data-footnote-ref="">2</a></sup>halt</span></h2><h3>E = mc<sup>2</sup></h3>';
    expect(headingsOf(html)).toEqual(['A link in it', 'Budget Haushalt', 'E = mc2']);
    expect(outlineHeadingsOf(html).map((heading) => heading.printed)).toEqual(['A linkhttps://example.com in it', 'Budget1 Haus2halt', 'E = mc2']);
  });
});

describe('joinZeroWidthLetters', () => {
  // F1: G (0x15) and a (0x3e) advance, ʻ (0x129) does not, nor does the combining acute (0x12a); a space (0xc4).
  const widthOf = (font: string, code: number): number | undefined => (font === 'F1' ? ({ 0x15: 0.77, 0x3e: 0.58, 0x129: 0, 0x12a: 0, 0xc4: 0.23 } as Record<number, number>)[code] : undefined);
  const textOf = (font: string, code: number): string | undefined => (font === 'F1' ? ({ 0x15: 'G', 0x3e: 'a', 0x129: '\u02bb', 0x12a: '\u0301', 0xc4: ' ' } as Record<number, string>)[code] : undefined);
  // "Gʻa" letter-spaced, as Chromium writes a byline: each glyph from the line's start, ʻ with no advance and a 0.35 after it.
  const line = (glyphs: string): string => ['BT', '/F1 11.73 Tf', '1 0 0 -1 29.9 148 Tm', glyphs, 'ET'].join('\n');

  it('puts a letter with no advance and the letters either side of it in a span of their characters', () => {
    expect(joinZeroWidthLetters(line('<0015> Tj\n9.352 0 Td <0129> Tj\n.352 0 Td <003e> Tj'), widthOf, textOf)).toBe(
      line('/Span<</ActualText <FEFF004702BB0061> >> BDC\n<0015> Tj\n9.352 0 Td <0129> Tj\n.352 0 Td <003e> Tj\nEMC'),
    );
    // With no letter shown before it on its line (a space before it, or the line's start), with the letter after it alone.
    expect(joinZeroWidthLetters(line('<00c4> Tj\n2.7 0 Td <0129> Tj\n.352 0 Td <003e> Tj'), widthOf, textOf)).toBe(
      line('<00c4> Tj\n/Span<</ActualText <FEFF02BB0061> >> BDC\n2.7 0 Td <0129> Tj\n.352 0 Td <003e> Tj\nEMC'),
    );
    expect(joinZeroWidthLetters(line('<0129> Tj\n.352 0 Td <003e> Tj'), widthOf, textOf)).toBe(line('/Span<</ActualText <FEFF02BB0061> >> BDC\n<0129> Tj\n.352 0 Td <003e> Tj\nEMC'));
  });

  it('leaves a letter that touches the next, a mark, a space after it, a span and an unknown font alone', () => {
    expect(joinZeroWidthLetters(line('<0015> Tj\n9.352 0 Td <0129> Tj\n0 0 Td <003e> Tj'), widthOf, textOf)).toBeUndefined();
    expect(joinZeroWidthLetters(line('<0015> Tj\n9.352 0 Td <012a> Tj\n.352 0 Td <003e> Tj'), widthOf, textOf)).toBeUndefined();
    expect(joinZeroWidthLetters(line('<0015> Tj\n9.352 0 Td <0129> Tj\n.352 0 Td <00c4> Tj'), widthOf, textOf)).toBeUndefined();
    expect(joinZeroWidthLetters(line('/Span<</ActualText <FEFF004702BB> >> BDC\n<0015> Tj\n9.352 0 Td <0129> Tj\nEMC\n.352 0 Td <003e> Tj'), widthOf, textOf)).toBeUndefined();
    expect(joinZeroWidthLetters(line('<0015> Tj\n9.352 0 Td <0129> Tj\n.352 0 Td <003e> Tj').replace('/F1', '/F2'), widthOf, textOf)).toBeUndefined();
  });
});
