/**
 * markArtifacts on content streams as Chromium writes them: what is drawn
 * outside tagged content is wrapped as an artifact, run by run, never across
 * a q or Q, never around tagged content. (test/pdf-structure reads the
 * marks back from a real PDF.)
 */
import { describe, expect, it } from 'vitest';
import { markArtifacts } from '../src/pdf/artifacts.js';

describe('markArtifacts', () => {
  it('wraps the margin boxes’ text objects and a rule, each run between q and Q', () => {
    const stream = [
      '.24 0 0 -.24 0 792 cm',
      'q',
      '/G3 gs',
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
    expect(markArtifacts(stream)).toBe(
      [
        '.24 0 0 -.24 0 792 cm',
        'q',
        '/G3 gs',
        '/Artifact BMC',
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
        '/Artifact BMC',
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
  });

  it('takes a text object with marked spans inside (a running head’s ActualText) whole, and reads strings and dictionaries as operands', () => {
    const stream = 'BT\n/Span <</ActualText <feff0628>>> BDC\n1 0 Td <0012> Tj\nEMC\n(a \\) BT q) Tj\nET\n/P <</MCID 1>> BDC\nBT (x) Tj ET\nEMC\n';
    expect(markArtifacts(stream)).toBe(
      '/Artifact BMC\nBT\n/Span <</ActualText <feff0628>>> BDC\n1 0 Td <0012> Tj\nEMC\n(a \\) BT q) Tj\nET\nEMC\n/P <</MCID 1>> BDC\nBT (x) Tj ET\nEMC\n',
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
    expect(markArtifacts('BT\n(a) Tj\n/P <</MCID 0>> BDC\n(b) Tj\nEMC\nET\n0 0 1 1 re f\n')).toBe('BT\n(a) Tj\n/P <</MCID 0>> BDC\n(b) Tj\nEMC\nET\n/Artifact BMC\n0 0 1 1 re f\nEMC\n');
  });
});
