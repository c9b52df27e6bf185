/**
 * Letters Literata draws whole in one file while its Latin file holds their
 * parts (ī = i + U+0304 in latin-ext, i and the macron in latin): the PDF's
 * text must be the letters, not dotless i and a mark. A Latvian article with
 * Lithuanian, romanised Japanese and pinyin names, built with the real CLI,
 * read back by pdftotext and by pdf.js (Firefox's reader).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const WORDS = ['Rīgas tramvajs svin jubileju', 'Jānis Bērziņš', 'pa Rīgas ielām brauca', 'pilsētnieki', 'iemīlējuši', 'svinībās piedalījās vairāki tūkstoši rīdzinieku', 'Tōkyō', 'Běijīng', 'Žydrūnas'];

async function pdfjsText(file: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, disableFontFace: true }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  return content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
}

describe('letters with a macron in the PDF text', () => {
  const out = tempDir('galley-precomposed-');
  let pdf = '';

  beforeAll(() => {
    const built = runCli(['pdf', path.join(repoRoot, 'test', 'fixtures', 'good', 'letters-lv'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    pdf = path.join(out, 'letters-lv.pdf');
  }, 120_000);

  it('pdftotext reads ā ē ī ū ō as the letters, with no space after them', () => {
    const text = pdfText(pdf).replace(/-\n/g, '').replace(/\s+/g, ' ');
    for (const words of WORDS) expect(text).toContain(words);
  });

  it('pdf.js reads ī as ī, not as dotless ı and a combining macron', async () => {
    const text = (await pdfjsText(pdf)).replace(/-\n/g, '').replace(/\s+/g, ' ');
    expect(text).not.toMatch(/[\u0131\u0304]/u);
    for (const words of WORDS) expect(text).toContain(words);
  });
});
