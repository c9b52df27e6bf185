/**
 * What a credit line says besides the name: a credit may start with its own
 * label ("Graphic: Tomasz Wiśniewski/The Harbor Ledger"). The editions print
 * a label before every credit, from the picture's kind; a credit that has
 * one already keeps it, so that no edition says "Photo: Graphic: …".
 */
import type { FigureKind } from '../document.js';

/**
 * Words a credit's label is recognised by (lower case), and the kind each
 * names. This is what authors write in manuscripts, not what the editions
 * print: the printed labels live in templates/partials/picture-kinds.json.
 */
const LABEL_WORDS: Record<string, FigureKind> = {
  photo: 'photo',
  photos: 'photo',
  photograph: 'photo',
  photographs: 'photo',
  photography: 'photo',
  picture: 'photo',
  pictures: 'photo',
  image: 'photo',
  images: 'photo',
  graphic: 'graphic',
  graphics: 'graphic',
  infographic: 'graphic',
  map: 'map',
  maps: 'map',
  cartography: 'map',
  illustration: 'illustration',
  illustrations: 'illustration',
  drawing: 'illustration',
  artwork: 'illustration',
  chart: 'chart',
  charts: 'chart',
  diagram: 'chart',
};

export interface CreditParts {
  /** The label as written ("Graphic", "Photo illustration"), when the credit starts with one. */
  label?: string;
  /** The kind the label names. */
  labelKind?: FigureKind;
  /** The credit without its label. */
  line: string;
  /** The person or organisation who made the picture: the line up to the first slash (the wire convention "Name/Agency"). */
  creator: string;
}

/** Splits "Graphic: Tomasz Wiśniewski/The Harbor Ledger" into label, line and creator. */
export function creditParts(credit: string): CreditParts {
  const text = credit.trim();
  // One or two words, then a colon: "Photo:", "MAP:", "Photo illustration:".
  const match = /^(\p{L}+(?:[ -]\p{L}+)?)\s*:\s*(\S.*)$/su.exec(text);
  const words = match?.[1]!.toLowerCase().split(/[ -]/);
  const labelKind = words ? LABEL_WORDS[words[words.length - 1]!] : undefined;
  const labelled = match !== null && labelKind !== undefined;
  const line = labelled ? match[2]!.trim() : text;
  const creator = line.split('/')[0]!.trim() || line;
  return labelled ? { label: match[1]!, labelKind, line, creator } : { line, creator };
}
