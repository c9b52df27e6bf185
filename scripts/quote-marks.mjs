/**
 * Writes src/manuscript/quote-marks.json: each language's quotation marks,
 * from CLDR's delimiters (npm cldr-misc-full, a development dependency):
 * [start, end, inner start, inner end] for every locale whose marks differ
 * from those of the locale its tag shortens to (de-CH from de, de from
 * CLDR's root, which has English “ ” ‘ ’). `node scripts/quote-marks.mjs`
 * after updating cldr-misc-full; test/quote-marks.test.ts checks the table
 * against the installed package.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const main = path.join(path.dirname(require.resolve('cldr-misc-full/package.json')), 'main');

/** Every locale's marks, by CLDR's locale id. */
export function cldrQuoteMarks() {
  const marks = {};
  for (const locale of readdirSync(main)) {
    const data = JSON.parse(readFileSync(path.join(main, locale, 'delimiters.json'), 'utf8'));
    const d = data.main[locale].delimiters;
    marks[locale] = [d.quotationStart, d.quotationEnd, d.alternateQuotationStart, d.alternateQuotationEnd];
  }
  return marks;
}

/** The table galley ships: only the locales that differ from what their shorter tag gives. */
export function quoteMarksTable(marks = cldrQuoteMarks()) {
  const root = marks.root ?? ['“', '”', '‘', '’'];
  const resolve = (locale) => {
    const parts = locale.split('-');
    for (let n = parts.length - 1; n > 0; n--) {
      const parent = parts.slice(0, n).join('-');
      if (marks[parent]) return marks[parent];
    }
    return root;
  };
  const table = {};
  for (const locale of Object.keys(marks).sort()) {
    if (locale === 'root') continue;
    if (marks[locale].join('') !== resolve(locale).join('')) table[locale] = marks[locale];
  }
  return table;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../src/manuscript/quote-marks.json', import.meta.url));
  const table = quoteMarksTable();
  const lines = Object.entries(table).map(([locale, marks]) => `  ${JSON.stringify(locale)}: ${JSON.stringify(marks)}`);
  writeFileSync(out, `{\n${lines.join(',\n')}\n}\n`);
  console.log(`${out}: ${lines.length} locales`);
}
