/**
 * Hebrew's own marks for what a keyboard types as ASCII quotes: `"` between
 * two Hebrew letters is the gershayim of an acronym (דו"ח → דו״ח, U+05F4),
 * and `'` after a Hebrew letter the geresh of an abbreviation or a borrowed
 * sound (וכו' → וכו׳, ג'ירפה → ג׳ירפה, U+05F3). Smart quotes would make them
 * English closing quotes (דו”ח), which a Hebrew reader takes for a quotation.
 * Run before smart quotes, on the body (remark-hebrew-marks.ts) and on the
 * front matter's and credits' text (smarten.ts). No other script writes a
 * quote between Hebrew letters, so it holds whatever the article's language.
 */

/** A Hebrew letter, with any points (niqqud) after it. */
const LETTER = '[\\u05D0-\\u05EA][\\u0591-\\u05C7]*';
const GERSHAYIM = new RegExp(`(?<=${LETTER})"(?=[\\u05D0-\\u05EA])`, 'gu');
const GERESH = new RegExp(`(?<=${LETTER})'`, 'gu');

export function hebrewMarks(text: string): string {
  if (!/[\u05D0-\u05EA]/u.test(text)) return text;
  return text.replace(GERSHAYIM, '\u05F4').replace(GERESH, '\u05F3');
}
