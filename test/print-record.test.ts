/**
 * The print edition's record (src/print-edition.ts) is what the other
 * editions learn from the PDF's layout: the e-book's credits and the download
 * page's entry name the page each picture is printed on from it, and the
 * document the reader made stays as it was. And the layering that keeps it so:
 * the writers import neither each other, nor the reader, nor the pipeline,
 * and no module imports itself back through others.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { buildEpub } from '../src/epub/index.js';
import { loadManuscript } from '../src/manuscript/index.js';
import type { PrintEdition } from '../src/print-edition.js';
import { entryRecord } from '../src/site/index.js';
import { entryText, parseHtml, repoRoot, texts } from './helpers.js';
import JSZip from 'jszip';

describe('the print record', () => {
  let document: GalleyDocument;
  let print: PrintEdition;

  beforeAll(async () => {
    ({ document } = await loadManuscript(path.join(repoRoot, 'test', 'fixtures', 'good', 'credits')));
    // Pages no layout of this fixture gives, so that they can only have come from the record.
    print = {
      identifier: 'urn:uuid:00000000-0000-8000-8000-000000000000',
      pageSize: 'letter',
      figurePages: new Map(document.credits.map((credit, index) => [credit.figureId, 7 + index])),
      figureMoves: [],
    };
  });

  it('gives the e-book the page of each picture, and no page list without page starts', async () => {
    const before = JSON.stringify(document.credits);
    const zip = await JSZip.loadAsync((await buildEpub(document, { print })).buffer);
    const credits = texts(parseHtml(await entryText(zip, 'OEBPS/credits.xhtml')), '.credit-list li');
    expect(credits).toHaveLength(document.credits.length);
    credits.forEach((line, index) => expect(line).toMatch(new RegExp(`^Figure ${index + 1}, page ${7 + index}:`)));
    expect(await entryText(zip, 'OEBPS/toc.xhtml')).not.toContain('page-list');
    // The document is the reader's, unchanged: no edition writes into it.
    expect(JSON.stringify(document.credits)).toBe(before);
  });

  it('gives no page without a record', async () => {
    const zip = await JSZip.loadAsync((await buildEpub(document)).buffer);
    const credits = texts(parseHtml(await entryText(zip, 'OEBPS/credits.xhtml')), '.credit-list li');
    expect(credits.length).toBeGreaterThan(0);
    for (const line of credits) expect(line).toMatch(/^Figure \d+:/);
  });

  it("gives the download page's entry the same pages", () => {
    expect(entryRecord(document, { print }).entry.view.credits.map((credit) => credit.page)).toEqual(document.credits.map((_, index) => 7 + index));
    expect(entryRecord(document).entry.view.credits.map((credit) => credit.page)).toEqual(document.credits.map(() => undefined));
  });
});

describe('layering', () => {
  /** Every module path a TypeScript file under `dir` imports (static and dynamic), resolved against the file. */
  function importsUnder(dir: string): Array<{ file: string; target: string }> {
    const found: Array<{ file: string; target: string }> = [];
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const file = path.join(entry.parentPath, entry.name);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.[^'"]+)['"]/g)) {
        found.push({ file: path.relative(repoRoot, file), target: path.relative(repoRoot, path.resolve(path.dirname(file), match[1]!)) });
      }
    }
    return found;
  }

  const src = path.join(repoRoot, 'src');
  const writers = ['epub', 'pdf', 'site'];

  it.each(writers)('src/%s/ imports no other writer, nor the reader, nor the pipeline', (writer) => {
    const imports = importsUnder(path.join(src, writer));
    expect(imports.length).toBeGreaterThan(0);
    const forbidden = ['manuscript', 'pipeline', ...writers.filter((other) => other !== writer)].map((name) => `src/${name}/`);
    expect(imports.filter(({ target }) => forbidden.some((prefix) => `${target}/`.startsWith(prefix) || target.startsWith(prefix)))).toEqual([]);
  });

  it('no module of src/ imports itself back, directly or through others (types and dynamic imports count)', () => {
    const bare = (file: string) => file.replace(/\.(ts|js|mjs)$/, '');
    const graph = new Map<string, string[]>();
    for (const { file, target } of importsUnder(src)) graph.set(bare(file), [...(graph.get(bare(file)) ?? []), bare(target)]);
    expect(graph.size).toBeGreaterThan(50);
    // Depth-first, with the path so far: a module met again on its own path closes a cycle.
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (module: string, trail: string[]): void => {
      if (trail.includes(module)) {
        cycles.push([...trail.slice(trail.indexOf(module)), module].join(' -> '));
        return;
      }
      if (done.has(module)) return;
      for (const next of graph.get(module) ?? []) visit(next, [...trail, module]);
      done.add(module);
    };
    for (const module of graph.keys()) visit(module, []);
    expect(cycles).toEqual([]);
  });

  it('the document carries nothing a layout found', () => {
    expect(readFileSync(path.join(src, 'document.ts'), 'utf8')).not.toMatch(/\bpage\b/i);
  });
});
