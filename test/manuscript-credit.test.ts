/**
 * src/manuscript/credit.ts on its own: how a credit line is split into the
 * label an author wrote ("Graphic:"), the line the editions print after their
 * own label, and the creator (the wire convention "Name/Agency"). One table of
 * cases, run in-process.
 */
import { describe, expect, it } from 'vitest';
import { creditParts, type CreditParts } from '../src/manuscript/credit.js';

const cases: Array<[string, CreditParts]> = [
  // A label of one word, any case, with or without space after the colon.
  ['Photo: Ann Smith/Reuters', { label: 'Photo', labelKind: 'photo', line: 'Ann Smith/Reuters', creator: 'Ann Smith' }],
  ['MAP:Harbor Survey', { label: 'MAP', labelKind: 'map', line: 'Harbor Survey', creator: 'Harbor Survey' }],
  ['Photographs : Ann Smith', { label: 'Photographs', labelKind: 'photo', line: 'Ann Smith', creator: 'Ann Smith' }],
  ['Cartography: Survey Office', { label: 'Cartography', labelKind: 'map', line: 'Survey Office', creator: 'Survey Office' }],
  ['Infographic: Data Desk', { label: 'Infographic', labelKind: 'graphic', line: 'Data Desk', creator: 'Data Desk' }],
  ['Artwork: Lee Park', { label: 'Artwork', labelKind: 'illustration', line: 'Lee Park', creator: 'Lee Park' }],
  ['Diagram: Lee Park', { label: 'Diagram', labelKind: 'chart', line: 'Lee Park', creator: 'Lee Park' }],
  // Two words: the last one names the kind ("Photo illustration" is an illustration).
  ['Photo illustration: Lee Park', { label: 'Photo illustration', labelKind: 'illustration', line: 'Lee Park', creator: 'Lee Park' }],
  ['Photo-illustration: Lee Park', { label: 'Photo-illustration', labelKind: 'illustration', line: 'Lee Park', creator: 'Lee Park' }],
  // Non-Latin names after a label; the creator ends at the first slash.
  ['Graphic: Tomasz Wiśniewski/The Harbor Ledger', { label: 'Graphic', labelKind: 'graphic', line: 'Tomasz Wiśniewski/The Harbor Ledger', creator: 'Tomasz Wiśniewski' }],
  ['Photo: 山田 太郎/共同通信', { label: 'Photo', labelKind: 'photo', line: '山田 太郎/共同通信', creator: '山田 太郎' }],
  ['צילום: Ann Smith', { line: 'צילום: Ann Smith', creator: 'צילום: Ann Smith' }],
  // A colon after a word that names no kind belongs to the credit.
  ['Reuters: Ann Smith', { line: 'Reuters: Ann Smith', creator: 'Reuters: Ann Smith' }],
  ['Courtesy of the artist: Lee Park', { line: 'Courtesy of the artist: Lee Park', creator: 'Courtesy of the artist: Lee Park' }],
  // No text after the colon: no label, the whole credit is the line.
  ['Photo:', { line: 'Photo:', creator: 'Photo:' }],
  // Spaces around the credit and around the slash are trimmed.
  ['  Thierry Monasse/ Reuters via Pool  ', { line: 'Thierry Monasse/ Reuters via Pool', creator: 'Thierry Monasse' }],
  ['Photo: Ann Smith /Reuters', { label: 'Photo', labelKind: 'photo', line: 'Ann Smith /Reuters', creator: 'Ann Smith' }],
  // A line that starts with a slash has no name before it: the creator is the whole line.
  ['/Reuters', { line: '/Reuters', creator: '/Reuters' }],
];

describe('creditParts', () => {
  it.each(cases)('%s', (credit, expected) => {
    expect(creditParts(credit)).toEqual(expected);
  });

  it('leaves out the label fields when there is no label (not set to undefined)', () => {
    const parts = creditParts('Ann Smith/Reuters');
    expect(Object.keys(parts).sort()).toEqual(['creator', 'line']);
  });
});
