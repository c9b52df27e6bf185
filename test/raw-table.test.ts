/**
 * A table written in HTML, as newsrooms' systems export one: its own
 * `<caption>` (sanitizing dropped the element and left its words loose in
 * the table, which XHTML refuses: EPUBCheck failed the e-book) and a header
 * of two rows (a cell spanning rows left every figure of the table flush
 * left). Both editions keep the caption as the table's name; the figures
 * stand flush right in their columns.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArticleOnce, entryText, epubcheck, openEpub } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const ARTICLE = `---
title: "Water lost in the pipes"
date: 2025-02-03
language: en
---

The board's own figures, as its report gives them.

<table>
<caption>Water lost before it reached a tap, by district</caption>
<thead><tr><th rowspan="2">District</th><th colspan="2">Lost (million litres)</th><th rowspan="2">Share</th></tr>
<tr><th>2022</th><th>2023</th></tr></thead>
<tbody>
<tr><td>Northfield</td><td>412.5</td><td>398.0</td><td>21 %</td></tr>
<tr><td>Old Harbour</td><td>1 204.1</td><td>1 377.9</td><td>34 %</td></tr>
<tr><td colspan="3">All districts</td><td>24 %</td></tr>
</tbody>
</table>

Most of the loss is in Old Harbour.
`;

describe('a table written in HTML', () => {
  const build = buildArticleOnce('galley-raw-table-', 'water', ARTICLE);

  it('builds', () => {
    expect(build.built.status, build.built.stderr).toBe(0);
  });

  it("keeps its caption as the e-book table's name, and its figures flush right under the header of two rows", async () => {
    const article = await entryText(await openEpub(path.join(build.out, 'water.epub')), 'OEBPS/article.xhtml');
    expect(article).toMatch(/<div class="table-scroll" role="region" aria-labelledby="([^"]+)"><table>\s*<caption id="\1">Water lost before it reached a tap, by district<\/caption>/);
    expect(article).toMatch(/<th rowspan="2" class="figures align-right[^"]*">Share<\/th>/);
    expect(article).toMatch(/<tr><td>Old Harbour<\/td><td class="figures align-right[^"]*">1\s204\.1<\/td><td class="figures align-right[^"]*">1\s377\.9<\/td><td class="figures align-right[^"]*">34\s%<\/td><\/tr>/u);
    expect(pdfText(path.join(build.out, 'water.pdf'))).toContain('Water lost before it reached a tap, by district');
  });

  it('passes EPUBCheck', () => {
    const report = epubcheck(path.join(build.out, 'water.epub'));
    expect(report.fatals + report.errors + report.warnings, report.output).toBe(0);
  }, 240_000);
});
