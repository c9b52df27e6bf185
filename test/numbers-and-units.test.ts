/**
 * A range of numbers ("3–1") and a number with its unit ("572 kJ", "100 °C")
 * stay on one line in both editions and on the cover, and the text of both
 * editions is the characters written: the range is held by markup
 * (span.nobreak, white-space: nowrap), not by a word joiner (U+2060) that a
 * reader's search for "3–1" did not find; the unit by a no-break space.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type JSZip from 'jszip';
import { buildArticle, entryText } from './helpers.js';

const NBSP = '\u00a0';
const ARTICLE = `---
title: "Why water boils at 100 °C"
date: 2024-03-31
---

The home side won 3–1 in the 1987–2017 series. The reaction releases 572 kJ, and a 24 cm tin takes 1 1/2 cups.
`;

describe('number ranges and units', () => {
  let out: string;
  let zip: JSZip;

  beforeAll(async () => {
    ({ out, zip } = await buildArticle('units', ARTICLE));
  }, 240_000);

  it('the PDF\'s text holds "3–1" and "1987–2017" as written, with no joiner, and each number with its unit', () => {
    const text = spawnSync('pdftotext', [path.join(out, 'units.pdf'), '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('won 3–1 in the 1987–2017 series');
    expect(text).not.toContain('\u2060');
    // pdftotext writes the no-break space as a space or as itself: either way no line ends between them.
    expect(text).toMatch(/572[ \u00a0]kJ/u);
  });

  it('the e-book marks the ranges with span.nobreak and binds units with a no-break space, in the text and the headline', async () => {
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    expect(xhtml).toContain('won <span class="nobreak">3–1</span> in the <span class="nobreak">1987–2017</span> series');
    expect(xhtml).not.toContain('\u2060');
    expect(xhtml).toContain(`572${NBSP}kJ`);
    expect(xhtml).toContain(`a 24${NBSP}cm tin takes 1${NBSP}1/2 cups`);
    expect(await entryText(zip, 'OEBPS/style.css')).toMatch(/(^|\n)\.nobreak \{ white-space: nowrap; \}/);
    expect(await entryText(zip, 'OEBPS/content.opf')).toContain(`boils at 100${NBSP}°C</dc:title>`);
  });
});
