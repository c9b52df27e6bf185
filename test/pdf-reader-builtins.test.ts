/**
 * pdf.js's legacy build carries core-js, which swaps some of the built-ins of
 * the thread that loads it for slower JavaScript (Array#push, JSON.parse)
 * and adds base64 methods that puppeteer then prefers to Node's own. galley
 * reads PDFs back with pdf.js in a thread of its own (src/pdf/page-text.ts),
 * so galley's own thread keeps its built-ins, and the text still comes back.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('reading a PDF back', () => {
  let seen: { push: boolean; parse: boolean; fromBase64: boolean; toBase64: boolean; setFromBase64: boolean; text: string; pages: number };

  beforeAll(() => {
    // A process of its own: the built-ins as Node starts with them, before anything loaded pdf.js.
    const script = `
      const push = Array.prototype.push;
      const parse = JSON.parse;
      const had = { fromBase64: 'fromBase64' in Uint8Array, toBase64: 'toBase64' in Uint8Array.prototype, setFromBase64: 'setFromBase64' in Uint8Array.prototype };
      const { printedPages } = await import(${JSON.stringify(path.join(root, 'src/pdf/page-starts.ts'))});
      const { pageTexts, preparePageText } = await import(${JSON.stringify(path.join(root, 'src/pdf/page-text.ts'))});
      const { pageGeometry } = await import(${JSON.stringify(path.join(root, 'src/pdf/page.ts'))});
      const { PDFDocument, StandardFonts } = await import('pdf-lib');
      preparePageText();
      const pdf = await PDFDocument.create();
      const font = await pdf.embedFont(StandardFonts.TimesRoman);
      for (const words of ['The first page begins here', 'The second page begins here']) {
        pdf.addPage([612, 792]).drawText(words, { x: 72, y: 600, size: 12, font });
      }
      const starts = printedPages(await pageTexts(await pdf.save()), pageGeometry.letter);
      console.log(JSON.stringify({
        push: Array.prototype.push === push,
        parse: JSON.parse === parse,
        fromBase64: ('fromBase64' in Uint8Array) === had.fromBase64,
        toBase64: ('toBase64' in Uint8Array.prototype) === had.toBase64,
        setFromBase64: ('setFromBase64' in Uint8Array.prototype) === had.setFromBase64,
        text: starts.map((start) => start.text).join(' | '),
        pages: starts.length,
      }));
    `;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    seen = JSON.parse(output.trim().split('\n').at(-1)!) as typeof seen;
  });

  it('leaves Array#push and JSON.parse as they were', () => {
    expect(seen.push).toBe(true);
    expect(seen.parse).toBe(true);
  });

  it('adds no base64 methods to galley’s thread, so that puppeteer uses Node’s own', () => {
    expect(seen.fromBase64).toBe(true);
    expect(seen.toBase64).toBe(true);
    expect(seen.setFromBase64).toBe(true);
  });

  it('reads the PDF’s text in its own thread', () => {
    expect(seen.pages).toBe(2);
    expect(seen.text).toBe('The first page begins here | The second page begins here');
  });
});
