/**
 * src/manuscript/credit.ts (makersOf), src/epub/index.ts: a credit that
 * names two or more people ("Photos by Ann Smith and Bo Li", "Photos: Cy
 * Doe, Di Roe and Ed Poe/Agency") names each a contributor in the e-book's
 * metadata, as calibre and library apps list them: they listed "Ann Smith
 * and Bo Li" as one photographer. Both editions print the credit as written.
 * An organisation's name with "and" in it stays one; an agency's credit in
 * its own order ("(AP Photo/Evan Vucci)") names the photographer after it.
 */
import { describe, expect, it } from 'vitest';
import { buildArticle, entryText } from './helpers.js';

const ARTICLE = `---
title: "Bike lanes for Main Street"
date: 2025-06-03
---

:::figure{src="images/photo.png" alt="A cyclist on Main Street" credit="Photos by Ann Smith and Bo Li"}
Main Street, Tuesday morning.
:::

The council voted on Monday to paint protected bike lanes on Main Street.

:::figure{src="images/photo.png" alt="Painted lanes on 3rd Avenue" credit="Photos: Cy Doe, Di Roe and Ed Poe/Example Agency"}
3rd Avenue, where the lanes were tried last year.
:::

Work starts in August.

:::figure{src="images/photo.png" kind="map" alt="A map of the planned lanes" credit="Map: Department of Parks and Recreation"}
The planned lanes.
:::

:::figure{src="images/photo.png" alt="The mayor cuts a ribbon" credit="(AP Photo/Evan Vucci)"}
The first lane opened in May.
:::
`;

describe('a credit naming several makers', () => {
  it('names each a contributor of the e-book, an organisation once, and prints the credit as written', async () => {
    const { zip } = await buildArticle('makers', ARTICLE);
    const opf = await entryText(zip, 'OEBPS/content.opf');
    const contributors = [...opf.matchAll(/<dc:contributor id="([^"]+)">([^<]*)<\/dc:contributor>\s*<meta refines="#\1" property="role" scheme="marc:relators">([a-z]{3})<\/meta>/g)].map((match) => `${match[2]} (${match[3]})`);
    expect(contributors).toEqual(['Ann Smith (pht)', 'Bo Li (pht)', 'Cy Doe (pht)', 'Di Roe (pht)', 'Ed Poe (pht)', 'Department of Parks and Recreation (ctg)', 'Evan Vucci (pht)']);
    const credits = await entryText(zip, 'OEBPS/credits.xhtml');
    expect(credits).toContain('Ann Smith and Bo Li');
    expect(credits).toContain('Cy Doe, Di Roe and Ed Poe/Example Agency');
  });
});
