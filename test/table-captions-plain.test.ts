/**
 * Tables named in plain paragraphs (test/fixtures/good/table-captions-plain):
 * "Table 1. …" before a table, "Figure 2: …" after one, pandoc's ": …" after
 * a third. Both editions printed them as body text, indented and justified,
 * free to part from their tables, and named no table for a screen reader;
 * each is its table's caption now, in the e-book's markup and in the PDF's
 * structure (a Caption in the Table), its words printed once. A sentence
 * about a table ("Table 4 shows…") stays text, and a name too long for a
 * caption is told to the author at its line and column.
 */
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';
import { pdfText, run } from './pdf-helpers.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'table-captions-plain');
const CAPTIONS = ['Table 1. Rainfall at the harbour gauge, in millimetres.', 'Figure 2: Stations by height above the mean tide.', 'Tide heights at the quay, in metres.'];

/** Each Table element of the PDF's structure tree: the types of its kids, in order. */
function structureTables(file: string): string[][] {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=qpdf', file])) as { qpdf: [unknown, Record<string, { value?: Json; stream?: { dict: Json } }>] };
  const objects = json.qpdf[1];
  const deref = (value: Json | undefined): Json | undefined => {
    if (typeof value === 'string' && / R$/.test(value)) return objects[`obj:${value}`]?.value ?? (objects[`obj:${value}`]?.stream?.dict as Json | undefined);
    return value;
  };
  const type = (value: Json | undefined): string | undefined => {
    const node = deref(value);
    return node && typeof node === 'object' && !Array.isArray(node) && typeof node['/S'] === 'string' ? node['/S'].slice(1) : undefined;
  };
  const kidsOf = (node: Record<string, Json>): Json[] => {
    const kids = deref(node['/K']);
    return Array.isArray(kids) ? kids : kids === undefined ? [] : [kids];
  };
  const tables: string[][] = [];
  const seen = new Set<Json>();
  const visit = (value: Json | undefined): void => {
    const node = deref(value);
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (node['/S'] === '/Table') tables.push(kidsOf(node).flatMap((kid) => type(kid) ?? []));
    visit(node['/K']);
  };
  const catalog = deref(deref(objects.trailer!.value as Json)!['/Root' as never] as Json) as Record<string, Json>;
  visit(catalog['/StructTreeRoot']);
  return tables;
}

describe('tables named in plain paragraphs', () => {
  const out = tempDir('galley-table-captions-');
  let built: SpawnSyncReturns<string>;
  let article: string;

  beforeAll(async () => {
    built = runCli(['build', FIXTURE, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    article = await entryText(await openEpub(path.join(out, 'table-captions-plain.epub')), 'OEBPS/article.xhtml');
  }, 180_000);

  it('makes each its table\'s caption in the e-book, the paragraph gone; a sentence about a table and a long name stay text', () => {
    const tree = parseHtml(article);
    expect(texts(tree, 'table > caption')).toEqual(CAPTIONS);
    const paragraphs = texts(tree, 'p');
    for (const caption of CAPTIONS) expect(paragraphs.filter((text) => text.includes(caption.slice(0, 20)))).toEqual([]);
    expect(paragraphs.filter((text) => /^Table [45]/.test(text))).toHaveLength(2);
  });

  it('tags each as the Caption of its Table in the PDF, and prints its words once', () => {
    const file = path.join(out, 'table-captions-plain.pdf');
    const tables = structureTables(file);
    expect(tables).toHaveLength(5);
    expect(tables.map((kids) => kids[0] === 'Caption')).toEqual([true, true, true, false, false]);
    const text = pdfText(file).replace(/\s+/g, ' ');
    for (const caption of CAPTIONS) expect(text.split(caption.replace(/\s+/g, ' ')).length - 1, caption).toBe(1);
  });

  it('tells the author, at its line and column, of a table\'s name too long for a caption', () => {
    const warnings = built.stderr.split('\n').filter((line) => line.includes('table-captions-plain/article.md'));
    expect(warnings).toEqual([expect.stringMatching(/article\.md:41:1: warning: the paragraph "Table 5\. The last table’…" next to a table reads as its caption, but at \d+ characters it is too long for one \(at most 200\): it is printed as text; shorten it/)]);
  });
});
