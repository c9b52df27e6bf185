/**
 * markArtifacts on content streams as Chromium writes them: what is drawn
 * outside tagged content is wrapped as an artifact, run by run, never across
 * a q or Q, never around tagged content, each run marked as what it is: the
 * running head and the folio pagination artifacts, a rule a layout one. (test/pdf-structure reads the
 * marks back from a real PDF.)
 */
import { describe, expect, it } from 'vitest';
import { markArtifacts } from '../src/pdf/artifacts.js';

describe('markArtifacts', () => {
  it('wraps the margin boxes’ text objects and a rule, each run between q and Q, each as the kind of artifact it is', () => {
    // A letter page's stream as Chromium writes it: the running head (drawn near the top) and the folio (near the
    // foot) one after the other, unclipped; then the page area, clipped to it, with a rule and tagged text.
    const stream = [
      '.24 0 0 -.24 0 792 cm',
      'q',
      '3.125 0 0 3.125 0 0 cm',
      '/G3 gs',
      'BT',
      '/F6 10.66 Tf',
      '1 0 0 -1 318 67 Tm',
      '<000f> Tj',
      'ET',
      'BT',
      '/F4 10.66 Tf',
      '1 0 0 -1 381 996 Tm',
      '<006b> Tj',
      'ET',
      'BT',
      '1 0 0 -1 409 996 Tm',
      '<008f> Tj',
      'ET',
      'Q',
      'q',
      '443.75 284.375 1662 2715 re',
      'W* n',
      '.6 .6 .6 rg',
      '12 140 508 1 re',
      'f',
      '/NonStruct <</MCID 0 >>BDC',
      'BT',
      '(Tagged) Tj',
      'ET',
      'EMC',
      'Q',
    ].join('\n');
    expect(markArtifacts(stream, 792)).toBe(
      [
        '.24 0 0 -.24 0 792 cm',
        'q',
        '3.125 0 0 3.125 0 0 cm',
        '/G3 gs',
        // At y 742 of 792: the running head.
        '/Artifact <</Type /Pagination /Subtype /Header>> BDC',
        'BT',
        '/F6 10.66 Tf',
        '1 0 0 -1 318 67 Tm',
        '<000f> Tj',
        'ET',
        'EMC',
        // At y 45: the folio, its two text objects one run.
        '/Artifact <</Type /Pagination /Subtype /Footer>> BDC',
        'BT',
        '/F4 10.66 Tf',
        '1 0 0 -1 381 996 Tm',
        '<006b> Tj',
        'ET',
        'BT',
        '1 0 0 -1 409 996 Tm',
        '<008f> Tj',
        'ET',
        'EMC',
        'Q',
        'q',
        // The clip and the rule are one run; the clip alone would be left.
        '/Artifact <</Type /Layout>> BDC',
        '443.75 284.375 1662 2715 re',
        'W* n',
        '.6 .6 .6 rg',
        '12 140 508 1 re',
        'f',
        'EMC',
        '/NonStruct <</MCID 0 >>BDC',
        'BT',
        '(Tagged) Tj',
        'ET',
        'EMC',
        'Q',
      ].join('\n'),
    );
    // Without the page's height, the margin boxes' text is page furniture all the same.
    expect(markArtifacts(stream)).toContain('/Artifact <</Type /Pagination>> BDC\nBT\n/F6 10.66 Tf');
  });

  it('marks untagged text inside the page area (an ornament) a layout artifact, not a running head', () => {
    // The dot before a byline's part, an inline block Chromium leaves untagged, drawn near the top of the first page.
    const stream = '.24 0 0 -.24 0 792 cm\nq\n443.75 284.375 1662 2715 re\nW* n\nq\n3.125 0 0 3.125 0 0 cm\nBT\n1 0 0 -1 99 148 Tm\n<00d1> Tj\nET\n/P <</MCID 0>> BDC\nBT (x) Tj ET\nEMC\nQ\nQ\n';
    expect(markArtifacts(stream, 792)).toBe(
      '.24 0 0 -.24 0 792 cm\nq\n443.75 284.375 1662 2715 re\nW* n\nq\n3.125 0 0 3.125 0 0 cm\n/Artifact <</Type /Layout>> BDC\nBT\n1 0 0 -1 99 148 Tm\n<00d1> Tj\nET\nEMC\n/P <</MCID 0>> BDC\nBT (x) Tj ET\nEMC\nQ\nQ\n',
    );
  });

  it('takes a text object with marked spans inside (a running head’s ActualText) whole, and reads strings and dictionaries as operands', () => {
    const stream = 'BT\n/Span <</ActualText <feff0628>>> BDC\n1 0 Td <0012> Tj\nEMC\n(a \\) BT q) Tj\nET\n/P <</MCID 1>> BDC\nBT (x) Tj ET\nEMC\n';
    expect(markArtifacts(stream)).toBe(
      '/Artifact <</Type /Pagination>> BDC\nBT\n/Span <</ActualText <feff0628>>> BDC\n1 0 Td <0012> Tj\nEMC\n(a \\) BT q) Tj\nET\nEMC\n/P <</MCID 1>> BDC\nBT (x) Tj ET\nEMC\n',
    );
  });

  it('changes nothing that is tagged or already an artifact, nor a stream it cannot read', () => {
    expect(markArtifacts('/P <</MCID 0>> BDC\nBT (x) Tj ET\nEMC\n/Artifact BMC\nBT (1) Tj ET\nEMC\n')).toBeUndefined();
    expect(markArtifacts('/Artifact <</Type /Pagination>> BDC\n0 0 1 1 re f\nEMC\n')).toBeUndefined();
    // Only a clip, painting nothing.
    expect(markArtifacts('q 0 0 1 1 re W n Q')).toBeUndefined();
    // An inline image, and a text object never ended.
    expect(markArtifacts('BI /W 1 /H 1 ID x EI')).toBeUndefined();
    expect(markArtifacts('BT (x) Tj')).toBeUndefined();
  });

  it('leaves unmarked an object that tagged content begins inside', () => {
    expect(markArtifacts('BT\n(a) Tj\n/P <</MCID 0>> BDC\n(b) Tj\nEMC\nET\n0 0 1 1 re f\n')).toBe('BT\n(a) Tj\n/P <</MCID 0>> BDC\n(b) Tj\nEMC\nET\n/Artifact <</Type /Layout>> BDC\n0 0 1 1 re f\nEMC\n');
  });
});
