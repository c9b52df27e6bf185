/**
 * The seed's print page as galley gives it to the browser, written to a
 * folder (index.html, print.css, fonts, pictures) with its sandbox URLs made
 * relative, so that another engine (WeasyPrint) can print the very same HTML.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadManuscript } from '../src/manuscript/index.js';
import { buildPrintPage } from '../src/pdf/html.js';
import { sandboxOrigin } from '../src/pdf/sandbox.js';

/** Writes the print page of the manuscript in `manuscriptDir` into `outDir`; returns its index.html. */
export async function writePrintHtml(manuscriptDir: string, outDir: string): Promise<string> {
  const { document } = await loadManuscript(manuscriptDir);
  const page = buildPrintPage(document);
  for (const [name, file] of page.files) {
    const target = path.join(outDir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, typeof file.body === 'string' ? file.body.replaceAll(sandboxOrigin, '') : file.body);
  }
  return path.join(outDir, 'index.html');
}
