/**
 * Writes src/parent-locales.json: CLDR's parent locales (npm cldr-core,
 * which cldr-misc-full brings as its peer), for a tag whose parent is not
 * what the tag shortens to: pt-AO, pt-MZ and the other Portuguese of Africa
 * and Asia are written as pt-PT, not as Brazil's pt; es-MX as es-419. Only
 * parents other than CLDR's root (and und) are kept. `node scripts/parent-locales.mjs`
 * after updating cldr-misc-full; test/words-tables.test.ts checks the table
 * against the installed package.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** CLDR's parent of each locale that has one other than root, as locale → parent. */
export function cldrParentLocales() {
  const file = require.resolve('cldr-core/supplemental/parentLocales.json', { paths: [path.dirname(require.resolve('cldr-misc-full/package.json'))] });
  const { parentLocale } = JSON.parse(readFileSync(file, 'utf8')).supplemental.parentLocales;
  return Object.fromEntries(Object.entries(parentLocale).filter(([, parent]) => parent !== 'root' && parent !== 'und').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const out = fileURLToPath(new URL('../src/parent-locales.json', import.meta.url));
  writeFileSync(out, `${JSON.stringify(cldrParentLocales(), null, 1)}\n`);
  console.log(`wrote ${out}`);
}
