/**
 * A definition list inside a list item is set as a <dl>, as at the top level
 * (remark-definition-list leaves it a paragraph there, printed
 * "Gate : A door in a fence."): the reader plugin on its own, then an article
 * built by the CLI and read back from the e-book and the PDF.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import remarkGalleyNestedDefinitions from '../src/manuscript/remark-nested-definitions.js';
import { entryText, epubcheck, openEpub, runCli, tempDir } from './helpers.js';
import { mdastOf } from './manuscript-harness.js';
import { pdfText } from './pdf-helpers.js';

describe('remark-nested-definitions', () => {
  it('makes a list item\'s term and its definitions a definition list, and leaves other paragraphs alone', async () => {
    const md = '1. A step:\n\n   Gate\n   : A door in a fence.\n   : A way *through*.\n2. Time\n   10: 30 and\n   : not a term, a line that is not one first.\n';
    const { tree } = await mdastOf(md, [remarkGalleyNestedDefinitions]);
    const items = (tree.children[0] as { children: Array<{ children: Array<{ type: string; children?: unknown[] }> }> }).children;
    expect(items[0]!.children.map((child) => child.type)).toEqual(['paragraph', 'defList']);
    const list = items[0]!.children[1] as unknown as { children: Array<{ type: string }> };
    expect(list.children.map((child) => child.type)).toEqual(['defListTerm', 'defListDescription', 'defListDescription']);
    expect(JSON.stringify(list)).toContain('"value":"A door in a fence."');
    expect(JSON.stringify(list)).toContain('"type":"emphasis"');
    expect(items[1]!.children.map((child) => child.type)).toEqual(['paragraph']);
  });
});

describe('a definition list in a numbered list, built', () => {
  it('is a <dl> in the e-book and prints the term above its definition', async () => {
    const root = tempDir();
    const dir = path.join(root, 'steps');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'article.md'), [
      '---', 'title: "Steps"', 'date: 2025-03-14', '---', '',
      '1. Open the gate.', '2. A last step with a term:', '', '   Gate', '   : A door in a fence.', '',
    ].join('\n'));
    const out = path.join(root, 'out');
    const result = runCli(['build', dir, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    const article = await entryText(await openEpub(path.join(out, 'steps.epub')), 'OEBPS/article.xhtml');
    expect(article).toMatch(/<li>\s*<p>A last step with a term:<\/p>\s*<dl>\s*<dt>Gate<\/dt>\s*<dd>A door in a fence\.\s*<\/dd>\s*<\/dl>\s*<\/li>/);
    const printed = pdfText(path.join(out, 'steps.pdf'));
    expect(printed).toMatch(/^Gate\nA door in a fence\.$/m);
    expect(printed).not.toContain(': A door');
    const check = epubcheck(path.join(out, 'steps.epub'));
    expect([check.fatals, check.errors, check.warnings], check.output).toEqual([0, 0, 0]);
  }, 240_000);
});
