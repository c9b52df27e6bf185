/**
 * The read-back of a laid-out PDF's text runs pdf.js in a thread of its own
 * (src/pdf/page-text.ts): what it reads, what a damaged PDF does to it, and
 * that galley's own thread never loads pdf.js (whose core-js would swap
 * built-ins there).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageTexts, type PageText } from '../src/pdf/page-text.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Two US Letter pages, each with a line of text at the given height. */
async function twoPages(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  pdf.addPage([612, 792]).drawText('The first page begins here', { x: 72, y: 600, size: 12, font });
  pdf.addPage([612, 792]).drawText('The second page', { x: 100, y: 300, size: 12, font });
  return pdf.save();
}

const textOf = (page: PageText): string => page.items.map((item) => item.str).join('');

describe('pageTexts', () => {
  let pdf: Uint8Array;
  let pages: PageText[];

  beforeAll(async () => {
    pdf = await twoPages();
    pages = await pageTexts(pdf);
  });

  it('reads every page: its height and its text, where it is printed', () => {
    expect(pages.map((page) => page.height)).toEqual([792, 792]);
    expect(pages.map(textOf)).toEqual(['The first page begins here', 'The second page']);
    expect(pages[0]!.items[0]).toMatchObject({ x: 72, y: 600, dir: 'ltr' });
    expect(pages[1]!.items[0]).toMatchObject({ x: 100, y: 300 });
  });

  it('leaves the caller its bytes (the thread reads a copy)', () => {
    expect(pdf.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  it('reads several PDFs asked for at once, each as alone', async () => {
    const other = await PDFDocument.create();
    other.addPage([300, 400]).drawText('Another document', { x: 10, y: 20, size: 9, font: await other.embedFont(StandardFonts.Helvetica) });
    const [first, second, third] = await Promise.all([pageTexts(pdf), pageTexts(await other.save()), pageTexts(pdf)]);
    expect(first).toEqual(pages);
    expect(second.map(textOf)).toEqual(['Another document']);
    expect(second[0]!.height).toBe(400);
    expect(third).toEqual(pages);
  });

  it('refuses a damaged PDF with a clear message, and reads the next one', async () => {
    const damaged = new TextEncoder().encode('%PDF-1.7\nnothing else\n');
    await expect(pageTexts(damaged)).rejects.toThrow(/could not be read back/);
    expect((await pageTexts(pdf)).map(textOf)).toEqual(['The first page begins here', 'The second page']);
  });
});

describe('the reading thread', () => {
  it('keeps pdf.js out of the thread that asks: its built-ins stay native, and the process ends when reading is done', () => {
    // A process of its own: the built-ins as Node starts with them.
    const script = `
      const push = Array.prototype.push;
      const parse = JSON.parse;
      const { pageTexts } = await import(${JSON.stringify(path.join(root, 'src/pdf/page-text.ts'))});
      const { PDFDocument, StandardFonts } = await import('pdf-lib');
      const pdf = await PDFDocument.create();
      pdf.addPage([612, 792]).drawText('Read elsewhere', { x: 72, y: 600, size: 12, font: await pdf.embedFont(StandardFonts.TimesRoman) });
      const pages = await pageTexts(await pdf.save());
      console.log(JSON.stringify({
        text: pages[0].items.map((item) => item.str).join(''),
        push: Array.prototype.push === push && /\\[native code\\]/.test(Function.prototype.toString.call(Array.prototype.push)),
        parse: JSON.parse === parse,
        toHex: typeof Uint8Array.prototype.toHex,
      }));
    `;
    // execFileSync returns only once the process has ended: an idle reading thread does not hold it open.
    // With the Node options the npm scripts give galley, and `-e`'s own.
    const flags = ['--max-old-space-size=384', '--max-semi-space-size=16', '--single-threaded-gc'];
    const output = execFileSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const seen = JSON.parse(output.trim().split('\n').at(-1)!) as { text: string; push: boolean; parse: boolean; toHex: string };
    expect(seen.text).toBe('Read elsewhere');
    expect(seen.push).toBe(true);
    expect(seen.parse).toBe(true);
    // core-js adds Uint8Array#toHex wherever pdf.js's legacy build loads (Node 20 has none of its own).
    expect(seen.toHex).toBe('undefined');
  });
});
