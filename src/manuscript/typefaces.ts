/**
 * The typeface both editions use: Literata (SIL Open Font License 1.1), from
 * @fontsource. Regular, italic, bold and bold italic are all loaded: a missing
 * face makes renderers fake it (Chromium then writes a Type 3 font into the PDF).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FontAsset, Typeface } from '../document.js';

const require = createRequire(import.meta.url);

const FACES: Array<{ weight: number; style: 'normal' | 'italic' }> = [
  { weight: 400, style: 'normal' },
  { weight: 400, style: 'italic' },
  { weight: 700, style: 'normal' },
  { weight: 700, style: 'italic' },
];

let cached: Typeface[] | undefined;

export function loadTypefaces(): Typeface[] {
  if (cached) return cached;
  const packageDir = path.dirname(require.resolve('@fontsource/literata/package.json'));
  const fonts: FontAsset[] = FACES.map(({ weight, style }) => {
    const fileName = `literata-latin-${weight}-${style}.woff2`;
    const file = path.join(packageDir, 'files', fileName);
    return { family: 'Literata', weight, style, fileName, path: file, mediaType: 'font/woff2', bytes: readFileSync(file) };
  });
  const licenseText = readFileSync(path.join(packageDir, 'LICENSE'), 'utf8');
  cached = [
    {
      family: 'Literata',
      license: 'SIL Open Font License 1.1',
      licenseText,
      copyright: licenseText.split('\n')[0]!.replace(/ Literata-Italic.*$/, '').trim(),
      fonts,
    },
  ];
  return cached;
}
