/**
 * templates/print/print.css: a list inside a list item goes on with its
 * item, line after line, as the e-book sets it; only the outer list stands
 * apart from the paragraphs around it. Read back from the PDF's lines.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArticleOnce } from './helpers.js';
import { pdfLines } from './pdf-helpers.js';

const ARTICLE = `---
title: "Three proposals"
date: 2023-03-14
---

At a meeting in the parish hall, the residents voted on three proposals:

1. Share the well by household;
2. Give priority to drinking water;
3. Ask the regional government for:
   - a desalination pilot,
   - a census of illegal wells, and
   - a hearing within ninety days.
4. Meet again in June.

Proposal 2 passed with 164 votes.
`;

describe('a list in a list item, in print', () => {
  const article = buildArticleOnce('galley-nested-lists-', 'nested', ARTICLE);

  it('sets its items at the line pitch of the items around it, the outer list set apart from the text', () => {
    expect(article.built.status, article.built.stderr).toBe(0);
    const lines = pdfLines(path.join(article.out, 'nested.pdf'))[0]!.lines;
    const top = (start: string): number => {
      const line = lines.find((candidate) => candidate.text.startsWith(start));
      if (!line) throw new Error(`no line "${start}" in:\n${lines.map((l) => l.text).join('\n')}`);
      return line.top;
    };
    const pitch = top('2.') - top('1.');
    expect(pitch).toBeGreaterThan(8);
    // Into the inner list, through it, and out of it again: the same step each time.
    for (const [from, to] of [['3.', 'a desalination'], ['a desalination', 'a census'], ['a hearing', '4.']] as const) {
      expect(top(to) - top(from), `${from} → ${to}`).toBeCloseTo(pitch, 0);
    }
    // The outer list keeps its room above and below.
    expect(top('1.') - top('At a meeting')).toBeGreaterThan(pitch + 3);
    expect(top('Proposal 2') - top('4.')).toBeGreaterThan(pitch + 3);
  });
});
