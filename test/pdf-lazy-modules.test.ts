/**
 * What a cold PDF build loads while it starts. pdf-lib (about a tenth of a
 * second to load) is needed only once a print is on its way, to read where
 * the figures fell and to finish the PDF: the PDF writer's part of the CLI
 * bundle, and everything it imports statically, must not require it; the
 * part that finishes a print (src/pdf/finish.ts), imported when a print is
 * asked for, does. pdf.js is loaded by the reading thread alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const lib = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib');

/** The bundle's files, by name. */
let chunks: Map<string, string>;

/** `file` and every file of the bundle it imports statically, transitively. */
function staticGraph(file: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = chunks.get(name);
    if (code === undefined) throw new Error(`${name} is not in lib/`);
    // `import { a } from "./x.js";` and `import "./x.js";` (not `import("./x.js")`, which loads when called).
    for (const match of code.matchAll(/^import\s+(?:[^;"']*?\s+from\s+)?["'](\.\/[^"']+)["'];?$/gm)) visit(path.basename(match[1]!));
  };
  visit(file);
  return [...seen];
}

const requiresPdfLib = (code: string): boolean => /(?:\b|__)require\(["']pdf-lib["']\)|\bfrom\s+["']pdf-lib["']/.test(code);

describe('modules of a cold PDF build', () => {
  let writer: string;

  beforeAll(() => {
    // The test setup bundled lib/ afresh if a source changed.
    chunks = new Map(
      readdirSync(lib)
        .filter((name) => name.endsWith('.js'))
        .map((name) => [name, readFileSync(path.join(lib, name), 'utf8')]),
    );
    const writers = [...chunks].filter(([, code]) => /\bfunction preparePdfWriter\(/.test(code)).map(([name]) => name);
    expect(writers).toHaveLength(1);
    writer = writers[0]!;
  });

  it('the PDF writer and what it imports statically do not load pdf-lib', () => {
    const loaded = staticGraph(writer);
    expect(loaded.length).toBeGreaterThan(1);
    expect(loaded.filter((name) => requiresPdfLib(chunks.get(name)!))).toEqual([]);
  });

  it('the part that finishes a print, imported when the print is asked for, does', () => {
    const finish = /\bimport\(["']\.\/(finish-[^"']+\.js)["']\)/.exec(chunks.get(writer)!)?.[1];
    expect(finish).toBeDefined();
    expect(staticGraph(finish!).some((name) => requiresPdfLib(chunks.get(name)!))).toBe(true);
  });

  it('no part of the bundle loads pdf.js: only the reading thread does', () => {
    expect([...chunks].filter(([, code]) => /pdfjs-dist/.test(code)).map(([name]) => name)).toEqual([]);
  });
});
