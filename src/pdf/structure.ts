/**
 * The structure tree Chromium writes, made valid and reproducible:
 *
 * - Chromium tags emphasis `/Em` and `/Strong` (and may use other PDF 2.0
 *   types) in a file it declares PDF 1.7, without a role map; poppler then
 *   says "StructElem object is wrong type (Em)" and PDF/UA checkers reject
 *   the file. Every structure type outside PDF 1.7's standard set gets a
 *   /RoleMap entry to its nearest standard type.
 * - Structure element ids (`/ID (node00000257)`, used by table cells'
 *   /Headers and the /IDTree) are Blink's DOM node numbers, which count
 *   every node the renderer made before, for any document: the same
 *   manuscript got other ids built alone than in a batch. They are numbered
 *   again in the tree's reading order.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';

/** The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4). */
export const PDF17_STRUCTURE_TYPES: ReadonlySet<string> = new Set([
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'L', 'LI', 'Lbl', 'LBody',
  'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot',
  'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP',
  'Figure', 'Formula', 'Form',
]);

/**
 * PDF 2.0 types (ISO 32000-2, 14.8.4) and the PDF 1.7 type each plays; any
 * other type outside PDF 1.7 is mapped to NonStruct, which groups without
 * meaning anything.
 */
const PDF17_EQUIVALENT: Readonly<Record<string, string>> = {
  Em: 'Span',
  Strong: 'Span',
  Sub: 'Span',
  Title: 'P',
  FENote: 'Note',
  Aside: 'Div',
  DocumentFragment: 'Part',
};

/** The PDF 1.7 type a structure type is role-mapped to. */
export function pdf17RoleOf(type: string): string {
  return PDF17_EQUIVALENT[type] ?? 'NonStruct';
}

function textOf(value: PDFObject | undefined): string | undefined {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return undefined;
}

/** Structure elements under the root, depth first, in reading order. */
export function structureElements(pdf: PDFDocument, root: PDFDict): PDFDict[] {
  const found: PDFDict[] = [];
  const seen = new Set<PDFDict>();
  const visit = (value: PDFObject | undefined): void => {
    const resolved = value instanceof PDFRef ? pdf.context.lookup(value) : value;
    if (resolved instanceof PDFArray) {
      for (let i = 0; i < resolved.size(); i++) visit(resolved.get(i));
      return;
    }
    if (!(resolved instanceof PDFDict) || seen.has(resolved)) return;
    // Marked-content and object references (/Type /MCR, /OBJR) are leaves, not elements.
    const type = resolved.get(PDFName.of('Type'));
    if (type instanceof PDFName && type !== PDFName.of('StructElem')) return;
    if (!(resolved.get(PDFName.of('S')) instanceof PDFName)) return;
    seen.add(resolved);
    found.push(resolved);
    visit(resolved.get(PDFName.of('K')));
  };
  visit(root.get(PDFName.of('K')));
  return found;
}

/**
 * Chromium tags a `<figure>` `/Figure`, and the picture in it `/Figure` too,
 * with the picture's text alternative (`/Alt`); the caption is a `/Caption`
 * beside the picture. The outer figure then has no text alternative, which
 * PDF/UA asks of every figure (Matterhorn 13-004), and one given it would
 * stand for everything inside, the caption and credit too. It becomes a
 * `/Div`: the picture stays the figure, read by its alternative, and the
 * caption is read as text after it.
 */
function figuresAsDivs(pdf: PDFDocument, elements: PDFDict[]): void {
  const S = PDFName.of('S');
  const FIGURE = PDFName.of('Figure');
  const described = (element: PDFDict): boolean => element.has(PDFName.of('Alt')) || element.has(PDFName.of('ActualText'));
  for (const element of elements) {
    if (element.get(S) !== FIGURE || described(element)) continue;
    const holdsPicture = structureElements(pdf, element).some((inner) => inner.get(S) === FIGURE && described(inner));
    if (holdsPicture) element.set(S, PDFName.of('Div'));
  }
}

/**
 * Chromium makes a list item an `/LI` holding its number (`/Lbl`, for a
 * numbered list) and then its content as it comes (`/P`, `/NonStruct`,
 * `/Link`…); PDF gives a list item two kinds of children, its label and its
 * body (`/LBody`, ISO 32000-1 14.8.4.3.3), and PDF/UA checkers read any
 * other child as a misused tag. What follows the label goes into an
 * `/LBody`. An item holding marked content or an annotation itself, not
 * structure elements, is left as it is (the parent tree names the item as
 * their parent).
 */
function listBodies(pdf: PDFDocument, elements: PDFDict[]): void {
  const S = PDFName.of('S');
  const K = PDFName.of('K');
  const P = PDFName.of('P');
  for (const item of elements) {
    if (item.get(S) !== PDFName.of('LI')) continue;
    const itemRef = pdf.context.getObjectRef(item);
    const k = item.get(K);
    const kids = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
    const resolved = kids.map((kid) => (kid instanceof PDFRef ? pdf.context.lookup(kid) : kid));
    if (!itemRef || resolved.some((kid) => !(kid instanceof PDFDict) || !(kid.get(S) instanceof PDFName))) continue;
    const types = resolved.map((kid) => (kid as PDFDict).get(S));
    let labels = 0;
    while (labels < types.length && types[labels] === PDFName.of('Lbl')) labels++;
    const rest = kids.slice(labels);
    if (rest.length === 0 || (rest.length === 1 && types[labels] === PDFName.of('LBody'))) continue;
    const body = pdf.context.obj({ Type: 'StructElem', S: 'LBody', P: itemRef, K: rest });
    const page = item.get(PDFName.of('Pg'));
    if (page) body.set(PDFName.of('Pg'), page);
    const bodyRef = pdf.context.register(body);
    for (const kid of resolved.slice(labels)) (kid as PDFDict).set(P, bodyRef);
    item.set(K, pdf.context.obj([...kids.slice(0, labels), bodyRef]));
  }
}

/** Role-maps every non-standard structure type and numbers element ids in reading order. */
export function normalizeStructureTree(pdf: PDFDocument): void {
  const root = pdf.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return;
  const elements = structureElements(pdf, root);
  figuresAsDivs(pdf, elements);
  listBodies(pdf, elements);

  // Role map: kept as Chromium wrote it (if it did), completed for every type it lacks.
  const roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict) ?? pdf.context.obj({});
  const types = new Set(elements.map((element) => (element.get(PDFName.of('S')) as PDFName).decodeText()));
  for (const type of [...types].sort()) {
    if (PDF17_STRUCTURE_TYPES.has(type) || roleMap.has(PDFName.of(type))) continue;
    roleMap.set(PDFName.of(type), PDFName.of(pdf17RoleOf(type)));
  }
  if (roleMap.keys().length > 0) root.set(PDFName.of('RoleMap'), roleMap);

  // Ids: node00000001, node00000002, … in the order the elements are read.
  const renamed = new Map<string, string>();
  const byId: Array<[string, PDFRef | PDFDict]> = [];
  for (const element of elements) {
    const old = textOf(element.get(PDFName.of('ID')));
    if (old === undefined) continue;
    const id = `node${String(renamed.size + 1).padStart(8, '0')}`;
    renamed.set(old, id);
    element.set(PDFName.of('ID'), PDFString.of(id));
    byId.push([id, pdf.context.getObjectRef(element) ?? element]);
  }
  // The old id tree goes, nodes and all: left in the file, its old ids would still differ.
  const oldTree = root.get(PDFName.of('IDTree'));
  const dropTree = (value: PDFObject | undefined): void => {
    if (!(value instanceof PDFRef)) return;
    const node = pdf.context.lookup(value);
    if (node instanceof PDFDict) {
      const kids = node.lookup(PDFName.of('Kids'));
      if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) dropTree(kids.get(i));
    }
    if (value !== oldTree) pdf.context.delete(value);
  };
  dropTree(oldTree);
  if (renamed.size === 0) {
    if (oldTree instanceof PDFRef) pdf.context.delete(oldTree);
    root.delete(PDFName.of('IDTree'));
    return;
  }
  // Table cells name their header cells by id.
  for (const element of elements) {
    const attributes = element.lookup(PDFName.of('A'));
    const dicts = attributes instanceof PDFArray ? attributes.asArray().map((item) => pdf.context.lookup(item)) : [attributes];
    for (const dict of dicts) {
      if (!(dict instanceof PDFDict)) continue;
      const headers = dict.lookup(PDFName.of('Headers'));
      if (!(headers instanceof PDFArray)) continue;
      for (let i = 0; i < headers.size(); i++) {
        const id = renamed.get(textOf(headers.lookup(i)) ?? '');
        if (id) headers.set(i, PDFString.of(id));
      }
    }
  }
  // One flat name tree, keys in order (the zero-padded numbers sort as they count).
  const names = pdf.context.obj([]);
  for (const [id, ref] of byId) {
    names.push(PDFString.of(id));
    names.push(ref);
  }
  const tree = pdf.context.obj({ Names: names });
  if (oldTree instanceof PDFRef) pdf.context.assign(oldTree, tree);
  else root.set(PDFName.of('IDTree'), pdf.context.register(tree));
}
