/**
 * The tagged PDF's structure tree, read with qpdf and poppler: every
 * structure type is PDF 1.7's or role-mapped to one, and the same manuscript
 * gives the same bytes (PDF and EPUB) built alone and in a batch, at any --jobs (structure
 * element ids once counted what the browser had rendered before).
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDF17_STRUCTURE_TYPES } from '../src/pdf/structure.js';
import { repoRoot, runCli, seedManuscript, tempDir } from './helpers.js';
import { run } from './pdf-helpers.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Objects = Record<string, { value?: Json; stream?: { dict: Json } }>;

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'good');
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The PDF's objects, as qpdf --json gives them: "obj:8 0 R" → value. */
function objects(file: string): { objects: Objects; trailer: Record<string, Json> } {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=qpdf', file])) as { qpdf: [unknown, Objects & { trailer: { value: Record<string, Json> } }] };
  return { objects: json.qpdf[1], trailer: json.qpdf[1].trailer.value };
}

interface StructureTree {
  types: string[];
  roleMap: Record<string, string>;
  ids: string[];
  idTree: string[];
  headers: string[];
}

/** Walks the structure tree from the catalog: the types used, the role map, the element ids and what refers to them. */
function structureTree(file: string): StructureTree {
  const { objects: objs, trailer } = objects(file);
  const deref = (value: Json | undefined): Json | undefined => {
    if (typeof value === 'string' && / R$/.test(value)) {
      const object = objs[`obj:${value}`];
      return object?.value ?? (object?.stream?.dict as Json | undefined);
    }
    return value;
  };
  const dict = (value: Json | undefined) => deref(value) as Record<string, Json> | undefined;
  const text = (value: Json | undefined) => String(value).replace(/^u:/, '');
  const catalog = dict(trailer['/Root'])!;
  const root = dict(catalog['/StructTreeRoot']);
  if (!root) throw new Error(`${file} has no structure tree`);
  const tree: StructureTree = { types: [], roleMap: {}, ids: [], idTree: [], headers: [] };
  for (const [key, value] of Object.entries(dict(root['/RoleMap']) ?? {})) tree.roleMap[key.slice(1)] = String(value).slice(1);
  const seen = new Set<Json>();
  const visit = (value: Json | undefined): void => {
    const node = deref(value);
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (typeof node['/S'] !== 'string') return;
    tree.types.push(String(node['/S']).slice(1));
    if (node['/ID'] !== undefined) tree.ids.push(text(node['/ID']));
    const attributes = deref(node['/A']);
    for (const attribute of Array.isArray(attributes) ? attributes.map(deref) : [attributes]) {
      const headers = (attribute as Record<string, Json> | undefined)?.['/Headers'];
      if (Array.isArray(headers)) tree.headers.push(...headers.map(text));
    }
    visit(node['/K']);
  };
  visit(root['/K']);
  const names = (value: Json | undefined): void => {
    const node = dict(value);
    if (!node) return;
    const list = node['/Names'];
    if (Array.isArray(list)) for (let i = 0; i < list.length; i += 2) tree.idTree.push(text(list[i]));
    const kids = deref(node['/Kids']);
    if (Array.isArray(kids)) kids.forEach(names);
  };
  names(root['/IDTree']);
  return tree;
}

interface Element {
  type: string;
  /** The types of its child elements, in order. */
  kids: string[];
  /** The objects it holds by reference (/OBJR), as "12 0 R". */
  objects: string[];
  /** Its text alternative (/Alt), if any. */
  alt?: string;
}

/** Every structure element (type, child elements' types, objects held) and every link annotation ("12 0 R") of the PDF. */
function elementsAndLinks(file: string): { elements: Element[]; links: string[] } {
  const { objects: objs, trailer } = objects(file);
  const deref = (value: Json | undefined): Json | undefined => (typeof value === 'string' && / R$/.test(value) ? (objs[`obj:${value}`]?.value ?? undefined) : value);
  const dict = (value: Json | undefined) => deref(value) as Record<string, Json> | undefined;
  const list = (value: Json | undefined): Json[] => {
    const node = deref(value);
    return Array.isArray(node) ? node : node === undefined ? [] : [value!];
  };
  const elements: Element[] = [];
  const visit = (value: Json | undefined): void => {
    const node = dict(value);
    if (!node || typeof node['/S'] !== 'string') return;
    const element: Element = { type: String(node['/S']).slice(1), kids: [], objects: [] };
    if (node['/Alt'] !== undefined) element.alt = String(node['/Alt']).replace(/^u:/, '');
    elements.push(element);
    for (const kid of list(node['/K'])) {
      const child = dict(kid);
      if (child?.['/Type'] === '/OBJR') element.objects.push(String(child['/Obj']));
      else if (child && typeof child['/S'] === 'string') element.kids.push(String(child['/S']).slice(1));
      visit(kid);
    }
  };
  for (const kid of list(dict(dict(trailer['/Root'])!['/StructTreeRoot'])!['/K'])) visit(kid);
  const links: string[] = [];
  for (const [key, object] of Object.entries(objs)) {
    const value = object.value as Record<string, Json> | undefined;
    if (value && typeof value === 'object' && value['/Subtype'] === '/Link') links.push(key.replace(/^obj:/, ''));
  }
  return { elements, links };
}

const manuscripts = ['mattis-russia-nato', 'notes-and-tables', 'print-layout'];
let alone: string;
/** The same three manuscripts built together at each --jobs that differs for three: one at a time, two, all at once. */
let batches: Record<'jobs1' | 'jobs2' | 'jobs3', string>;

beforeAll(() => {
  const work = tempDir('galley-structure-');
  const corpus = path.join(work, 'corpus');
  cpSync(seedManuscript, path.join(corpus, 'mattis-russia-nato'), { recursive: true });
  cpSync(path.join(fixtures, 'notes-and-tables'), path.join(corpus, 'notes-and-tables'), { recursive: true });
  cpSync(path.join(fixtures, 'print-layout'), path.join(corpus, 'print-layout'), { recursive: true });
  const env = { SOURCE_DATE_EPOCH: '1600000000' };
  const build = (target: string, out: string, ...args: string[]) => {
    const result = runCli(['build', target, '--out', out, '--force', ...args], { ...env, GALLEY_CACHE_DIR: path.join(work, `cache-${path.basename(out)}`) });
    expect(result.status, result.stderr).toBe(0);
    return out;
  };
  // The manuscript with a table (its cells carry ids) built alone, and second in line in the batches.
  alone = build(path.join(corpus, 'notes-and-tables'), path.join(work, 'alone'));
  batches = {
    jobs1: build(corpus, path.join(work, 'jobs1'), '--jobs', '1'),
    jobs2: build(corpus, path.join(work, 'jobs2'), '--jobs', '2'),
    jobs3: build(corpus, path.join(work, 'jobs3'), '--jobs', '3'),
  };
}, 300_000);

describe('structure tree', () => {
  it('uses only PDF 1.7 structure types, or role-maps the others to one', () => {
    for (const name of manuscripts) {
      const file = path.join(batches.jobs1, `${name}.pdf`);
      const tree = structureTree(file);
      expect(tree.types.length, name).toBeGreaterThan(10);
      for (const type of new Set(tree.types)) {
        const mapped = PDF17_STRUCTURE_TYPES.has(type) ? type : tree.roleMap[type];
        expect(mapped && PDF17_STRUCTURE_TYPES.has(mapped), `${name}: /${type} is neither standard nor role-mapped to a standard type`).toBe(true);
      }
    }
    // The manuscripts with emphasis use Chromium's PDF 2.0 tags.
    const notes = structureTree(path.join(batches.jobs1, 'notes-and-tables.pdf'));
    expect(notes.types).toContain('Em');
    expect(notes.roleMap).toMatchObject({ Em: 'Span', Strong: 'Span' });
  });

  it('gives poppler nothing to complain about', () => {
    for (const name of manuscripts) {
      const result = spawnSync('pdfinfo', ['-struct', path.join(batches.jobs2, `${name}.pdf`)], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Document');
      expect(result.stderr, name).not.toMatch(/wrong type|error/i);
    }
  });

  it('numbers element ids in reading order, and table headers and the id tree name them', () => {
    const tree = structureTree(path.join(alone, 'notes-and-tables.pdf'));
    expect(tree.ids.length).toBeGreaterThan(0);
    expect(tree.ids).toEqual(tree.ids.map((_, index) => `node${String(index + 1).padStart(8, '0')}`));
    expect([...tree.idTree].sort()).toEqual([...tree.ids].sort());
    expect(tree.headers.length).toBeGreaterThan(0);
    for (const id of tree.headers) expect(tree.ids).toContain(id);
  });
});

describe('tags', () => {
  it('puts every link annotation, a note call and its back-link among them, in a /Link element', () => {
    const { elements, links } = elementsAndLinks(path.join(alone, 'notes-and-tables.pdf'));
    // Two note calls, two back-links, the note's web link, the credits' figure link and the original publication's address.
    expect(links.length).toBeGreaterThanOrEqual(7);
    const inLinks = elements.filter((element) => element.type === 'Link').flatMap((element) => element.objects);
    expect([...inLinks].sort()).toEqual([...links].sort());
  });

  it('gives every /Figure a text alternative: the picture is the figure, its caption read as text beside it', () => {
    for (const name of manuscripts) {
      const { elements } = elementsAndLinks(path.join(batches.jobs1, `${name}.pdf`));
      const figures = elements.filter((element) => element.type === 'Figure');
      // The seed's photo, the pixel of notes-and-tables, print-layout's tall and wide pictures.
      expect(figures.length, name).toBeGreaterThanOrEqual(1);
      for (const figure of figures) expect(figure.alt ?? '', `${name}: a /Figure without /Alt (holding ${figure.kids.join(' ')})`).not.toBe('');
      // The <figure> that holds the picture and its caption groups them, with no alternative of its own to hide the caption behind.
      const captioned = elements.filter((element) => element.kids.includes('Caption') && element.kids.includes('Figure'));
      expect(captioned.length, name).toBeGreaterThanOrEqual(1);
      for (const group of captioned) expect([group.type, group.alt], name).toEqual(['Div', undefined]);
    }
  });

  it('names every link annotation as the print page names its link (/Contents), and a note\'s call and its way back, which print a number or nothing, by their labels', () => {
    const { objects: objs } = objects(path.join(alone, 'notes-and-tables.pdf'));
    const annotations = Object.values(objs)
      .map((object) => object.value as Record<string, Json> | undefined)
      .filter((value): value is Record<string, Json> => !!value && typeof value === 'object' && value['/Subtype'] === '/Link');
    expect(annotations.length).toBeGreaterThanOrEqual(7);
    const named = annotations.map((annotation) => String(annotation['/Contents'] ?? '').replace(/^u:/, ''));
    expect(named.filter((name) => name === ''), 'link annotations without /Contents').toEqual([]);
    // The calls, their ways back, the note's web link (its address printed after it), the credits' figure link.
    expect(new Set(named)).toEqual(new Set(['Note 1', 'Note 2', 'Note 1, back to the text', 'Note 2, back to the text', 'link (https://example.com)', 'Figure 1', 'https://example.com/articles/notes']));
    // The ways back hold no text, and the calls print a number alone: their element says what they are.
    const { elements } = elementsAndLinks(path.join(alone, 'notes-and-tables.pdf'));
    expect(elements.filter((element) => element.type === 'Link' && element.alt !== undefined).map((element) => element.alt)).toEqual(['Note 1', 'Note 2', 'Note 1, back to the text', 'Note 2, back to the text']);
  });

  it('tags the title block: the headline /H1, the dek and the byline\'s line each a /P', () => {
    // poppler's reading of the tree: each element a line, indented under its parent, its text quoted.
    const lines = run('pdfinfo', ['-struct-text', path.join(alone, 'notes-and-tables.pdf')]).split('\n');
    const indent = (line: string): number => line.length - line.trimStart().length;
    /** The nearest element holding `text` that means more than a group (not /NonStruct, not /Span). */
    const holder = (text: string): string | undefined => {
      let at = lines.findIndex((line) => line.trim() === `"${text}"`);
      if (at < 0) return undefined;
      let depth = indent(lines[at]!);
      for (at--; at >= 0; at--) {
        if (indent(lines[at]!) >= depth) continue;
        depth = indent(lines[at]!);
        const type = /^\s*(\w+)/.exec(lines[at]!)?.[1];
        if (type && type !== 'NonStruct' && type !== 'Span') return type;
      }
      return undefined;
    };
    expect(holder('Notes, tables and sections')).toBe('H1');
    expect(holder('A manuscript that uses every block the format knows.')).toBe('P');
    // Byline, dateline, publisher and date, one line: a flex box, which Chromium left out of its tree (they were in /Art alone).
    for (const text of ['By Ann Example and Bo Sample', 'LONDON', 'Example Press']) expect(holder(text), text).toBe('P');
  });

  it('makes each list a /L of /LI, the notes too', () => {
    const { elements } = elementsAndLinks(path.join(alone, 'notes-and-tables.pdf'));
    const lists = elements.filter((element) => element.type === 'L');
    // The notes, the credits' pictures and the sources quoted.
    expect(lists.length).toBeGreaterThanOrEqual(3);
    for (const list of lists) expect(list.kids.every((kid) => kid === 'LI' || kid === 'Caption'), list.kids.join(' ')).toBe(true);
    // The notes: two items, each with its number.
    expect(lists.some((list) => list.kids.length === 2)).toBe(true);
    expect(elements.filter((element) => element.type === 'LI' && element.kids[0] === 'Lbl')).toHaveLength(2);
  });

  it('gives each list item its label, if any, and then one /LBody holding the rest', () => {
    for (const name of manuscripts) {
      const { elements } = elementsAndLinks(path.join(batches.jobs1, `${name}.pdf`));
      const items = elements.filter((element) => element.type === 'LI');
      expect(items.length, name).toBeGreaterThanOrEqual(2);
      for (const item of items) expect(item.kids.join(' '), name).toMatch(/^(?:Lbl )*LBody$/);
      // The notes' bodies hold their back-links and text.
      const bodies = elements.filter((element) => element.type === 'LBody');
      expect(bodies.length, name).toBe(items.length);
      expect(bodies.every((body) => body.kids.length > 0), name).toBe(true);
    }
  });
});

/** Each page's glyph-showing operators, counted by where they stand: in tagged content (a structure id), in an artifact, or in neither. */
function glyphsByMarking(file: string): Array<{ tagged: number; artifact: number; neither: number }> {
  const out = path.join(tempDir('galley-artifacts-'), 'qdf.pdf');
  run('qpdf', ['--qdf', '--object-streams=disable', file, out]);
  const pdf = readFileSync(out, 'latin1');
  // qpdf --qdf labels each page's content stream "%% Contents for page N".
  return [...pdf.matchAll(/%% Contents for page \d+\n(?:%%[^\n]*\n)*\d+ 0 obj\n[\s\S]*?stream\n([\s\S]*?)endstream/g)].map(([, content]) => {
    const counts = { tagged: 0, artifact: 0, neither: 0 };
    const marks: Array<'tagged' | 'artifact' | 'other'> = [];
    for (const token of content!.matchAll(/\/Artifact\b[^\n]*?B[DM]C|<<\s*\/MCID[^>]*>>\s*BDC|\bB[DM]C\b|\bEMC\b|\bT[Jj]\b/g)) {
      const [text] = token;
      if (text.startsWith('/Artifact')) marks.push('artifact');
      else if (text.includes('MCID')) marks.push('tagged');
      else if (text === 'BDC' || text === 'BMC') marks.push('other');
      else if (text === 'EMC') marks.pop();
      else if (marks.includes('artifact')) counts.artifact++;
      else if (marks.includes('tagged')) counts.tagged++;
      else counts.neither++;
    }
    return counts;
  });
}

describe('artifacts', () => {
  it('marks what a page draws outside the structure tree, its folio and running head, as an artifact', () => {
    const pages = glyphsByMarking(path.join(alone, 'notes-and-tables.pdf'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) {
      expect(page.neither).toBe(0);
      expect(page.tagged).toBeGreaterThan(100);
      // "page N of M" at least.
      expect(page.artifact).toBeGreaterThanOrEqual(9);
    }
  });
});

/**
 * Each page's artifacts in the order they are drawn: the property list
 * their /Artifact mark gives (qpdf --qdf's content streams) and the text in
 * them (pdf.js, which reports the marks in the same order); and the text of
 * the page's tagged content, the structure tree's.
 */
async function artifactsByPage(file: string): Promise<Array<{ artifacts: Array<{ properties: string; text: string }>; tagged: string }>> {
  const out = path.join(tempDir('galley-artifact-kinds-'), 'qdf.pdf');
  run('qpdf', ['--qdf', '--object-streams=disable', file, out]);
  // qpdf --qdf labels each page's content stream "%% Contents for page N", not always in page order.
  const properties = new Map(
    [...readFileSync(out, 'latin1').matchAll(/%% Contents for page (\d+)\n(?:%%[^\n]*\n)*\d+ 0 obj\n[\s\S]*?stream\n([\s\S]*?)endstream/g)].map(([, page, content]) => [
      Number(page),
      [...content!.matchAll(/\/Artifact\s*(<<[^>]*>>\s*BDC|BMC)/g)].map(([, mark]) => mark!.replace(/\s*(BDC|BMC)$/, '').replace(/\s+/g, ' ')),
    ]),
  );
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false }).promise;
  const pages: Array<{ artifacts: Array<{ properties: string; text: string }>; tagged: string }> = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const content = await (await doc.getPage(number)).getTextContent({ includeMarkedContent: true });
    const texts: string[] = [];
    let tagged = '';
    // Marked content nests (a right-to-left run's /ReversedChars inside an artifact): the outermost artifact holds the text.
    const open: Array<'artifact' | 'tagged' | 'other'> = [];
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'endMarkedContent') open.pop();
        else {
          // pdf.js gives each mark's tag too, which its types leave out.
          const tag = (item as { tag?: string }).tag;
          const kind = tag === 'Artifact' && !open.includes('artifact') ? 'artifact' : item.id ? 'tagged' : 'other';
          if (kind === 'artifact') texts.push('');
          open.push(kind);
        }
      } else if (open.includes('artifact')) texts[texts.length - 1] += item.str;
      else if (open.includes('tagged')) tagged += item.str;
    }
    const marks = properties.get(number) ?? [];
    expect(marks.length, `page ${number}: qpdf and pdf.js find the same artifacts`).toBe(texts.length);
    pages.push({ artifacts: marks.map((mark, index) => ({ properties: mark, text: texts[index]!.trim() })), tagged });
  }
  await doc.destroy();
  return pages;
}

describe('artifact kinds', () => {
  it('marks the running head a pagination header and the folio a pagination footer, nothing of them in the structure tree, and a rule a layout artifact', async () => {
    // The article's title as its running head sets it (a Hebrew one is drawn, and read back, in its own order).
    for (const [file, head] of [
      [path.join(alone, 'notes-and-tables.pdf'), 'Notes, tables and sections'],
      [path.join(batches.jobs1, 'print-layout.pdf'), 'The dam came down, and the river remembered its way'],
    ] as const) {
      const pages = await artifactsByPage(file);
      expect(pages.length, file).toBeGreaterThanOrEqual(2);
      let layout = 0;
      pages.forEach(({ artifacts, tagged }, index) => {
        const where = `${path.basename(file)} page ${index + 1}`;
        // Every artifact says what it is.
        for (const { properties } of artifacts) expect(properties, where).toMatch(/^<<\s*\/Type \/(Pagination|Layout)\b/);
        const texts = (subtype: string) => artifacts.filter(({ properties }) => properties.includes(`/Subtype /${subtype}`)).map(({ text }) => text);
        // "page N of M" (and the mark of a page whose article goes on), at the foot.
        expect(texts('Footer').join(' '), where).toMatch(new RegExp(`^page ${index + 1} of ${pages.length}\\b`));
        // The opening page has no running head; each after it, the title.
        if (index === 0) expect(texts('Header'), where).toEqual([]);
        else if (head) expect(texts('Header'), where).toEqual([head]);
        else expect(texts('Header').join('').length, where).toBeGreaterThan(3);
        // What else is drawn outside the structure (a rule, the dot before each part of the byline) is a layout artifact.
        layout += artifacts.filter(({ properties }) => properties.includes('/Layout')).length;
        // Neither is among the structure tree's words.
        expect(tagged, where).not.toMatch(/page \d+ of \d+/);
        if (index > 0) expect(tagged, where).not.toContain(head);
      });
      expect(layout, file).toBeGreaterThan(0);
    }
  });
});

describe('reproducible alone and in a batch', () => {
  it.each(['pdf', 'epub'])('gives the same %s bytes built alone and second in a batch of three, at --jobs 1, 2 and 3', (edition) => {
    const single = sha256(path.join(alone, `notes-and-tables.${edition}`));
    for (const [jobs, dir] of Object.entries(batches)) expect(sha256(path.join(dir, `notes-and-tables.${edition}`)), jobs).toBe(single);
    for (const name of manuscripts) {
      const first = sha256(path.join(batches.jobs1, `${name}.${edition}`));
      for (const [jobs, dir] of Object.entries(batches)) expect(sha256(path.join(dir, `${name}.${edition}`)), `${name} at ${jobs}`).toBe(first);
    }
  });
});
