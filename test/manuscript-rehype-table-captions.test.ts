/** src/manuscript/rehype-table-captions.ts: a short paragraph all in bold right before a table is its caption. */
import { describe, expect, it } from 'vitest';
import rehypeGalleyTableCaptions from '../src/manuscript/rehype-table-captions.js';
import { hastOf } from './manuscript-harness.js';

const TABLE = '| A | B |\n| - | - |\n| 1 | 2 |\n';

describe('rehype-table-captions', () => {
  it('makes a short bold paragraph right before a table its caption, at the top, in place of the paragraph', async () => {
    const { html } = await hastOf(`Before.\n\n**Table 1. Rain, in mm.**\n\n${TABLE}`, [rehypeGalleyTableCaptions]);
    expect(html).toMatch(/^<p>Before\.<\/p>\s*<table><caption class="table-caption"><strong>Table 1\. Rain, in mm\.<\/strong><\/caption>/);
    expect(html).not.toContain('<p><strong>');
  });

  it('does the same inside a list item or a quote', async () => {
    const { html } = await hastOf(`> **Table 2.**\n>\n> ${TABLE.replace(/\n(?=.)/g, '\n> ')}`, [rehypeGalleyTableCaptions]);
    expect(html).toContain('<caption class="table-caption"><strong>Table 2.</strong></caption>');
  });

  it('makes a paragraph that begins with the table\'s label and number its caption, bold or not, before or after the table, its words all kept', async () => {
    for (const [md, caption] of [
      [`Table 1. Rain, in mm.\n\n${TABLE}`, 'Table 1. Rain, in mm.'],
      [`**Table 1.** Rain, in mm.\n\n${TABLE}`, '<strong>Table 1.</strong> Rain, in mm.'],
      [`Figure 2: Rain, in mm.\n\n${TABLE}`, 'Figure 2: Rain, in mm.'],
      [`${TABLE}\nTable 3 – Rain, in mm.\n`, 'Table 3 – Rain, in mm.'],
      [`Tabelle 4: Niederschlag.\n\n${TABLE}`, 'Tabelle 4: Niederschlag.'],
      [`表5：降水量\n\n${TABLE}`, '表5：降水量'],
    ] as const) {
      const { html } = await hastOf(md, [rehypeGalleyTableCaptions]);
      expect(html, md).toContain(`<table><caption class="table-caption">${caption}</caption>`);
      expect(html, md).not.toContain('<p>');
    }
  });

  it('takes pandoc\'s "Table: …" and ": …" as the caption, before or after the table, without the marker', async () => {
    // French spaces its colon: "Table : …", with a space or a no-break space.
    for (const md of [`Table: Rain, in *mm*.\n\n${TABLE}`, `${TABLE}\nTable: Rain, in *mm*.\n`, `${TABLE}\n: Rain, in *mm*.\n`, `${TABLE}\nTable : Rain, in *mm*.\n`, `Table\u00A0: Rain, in *mm*.\n\n${TABLE}`]) {
      const { html } = await hastOf(md, [rehypeGalleyTableCaptions]);
      expect(html, md).toContain('<table><caption class="table-caption">Rain, in <em>mm</em>.</caption>');
      expect(html, md).not.toContain('<p>');
    }
  });

  it('gives a labelled paragraph between two tables to the one after it; pandoc\'s, to the one before', async () => {
    const labelled = (await hastOf(`${TABLE}\nTable 2. Second.\n\n${TABLE}`, [rehypeGalleyTableCaptions])).html;
    expect(labelled).toMatch(/^<table>\s*<thead>[\s\S]*<\/table>\s*<table><caption class="table-caption">Table 2\. Second\.<\/caption>/);
    const pandoc = (await hastOf(`${TABLE}\n: First.\n\n${TABLE}`, [rehypeGalleyTableCaptions])).html;
    expect(pandoc).toMatch(/^<table><caption class="table-caption">First\.<\/caption>[\s\S]*<\/table>\s*<table>\s*<thead>/);
  });

  it('warns of a labelled paragraph next to a table too long for a caption, at its place, and leaves it text', async () => {
    const { html, file } = await hastOf(`Before.\n\nTable 1. ${'Rain at the station, in mm, every month. '.repeat(6)}\n\n${TABLE}`, [rehypeGalleyTableCaptions]);
    expect(html).not.toContain('table-caption');
    expect(file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.reason}`)).toEqual([
      expect.stringMatching(/^3:1 table-caption-long: the paragraph "Table 1\. Rain at the sta…" next to a table reads as its caption, but at 2\d\d characters it is too long for one \(at most 200\): .*shorten it/),
    ]);
  });

  it('leaves an interview\'s question in bold before a table, in any script, its own paragraph; a bold caption that asks nothing is still taken', async () => {
    for (const question of ['**How much will it cost?**', '**Wie teuer wird das?**', '**„Ist das so?“**', '**Πόσο κοστίζει;**', '**كم سيكلف ذلك؟**', '**要花多少钱？**', '**Q: And the price (per year)?**']) {
      const { html } = await hastOf(`${question}\n\n${TABLE}`, [rehypeGalleyTableCaptions]);
      expect(html, question).toMatch(/^<p><strong>/);
      expect(html, question).not.toContain('table-caption');
    }
    const { html } = await hastOf(`**Prices, 2022–2024 (ct/kWh)**\n\n${TABLE}`, [rehypeGalleyTableCaptions]);
    expect(html).toContain('<caption class="table-caption"><strong>Prices, 2022–2024 (ct/kWh)</strong></caption>');
  });

  it('leaves a sentence about the table, a bold paragraph after it, a long one, one away from the table, and a table that has a caption', async () => {
    for (const md of [
      `Table 1 shows the rain.\n\n${TABLE}`,
      `${TABLE}\n**Totals are in mm.**\n`,
      `**${'A very long sentence in bold. '.repeat(8).trim()}**\n\n${TABLE}`,
      `**Table 1.**\n\nText between.\n\n${TABLE}`,
      '**Table 1.**\n\n<table><caption>Own</caption><tr><td>1</td></tr></table>\n',
    ]) {
      const { html } = await hastOf(md, [rehypeGalleyTableCaptions]);
      expect(html, md).toContain('<p>');
      expect(html, md).not.toContain('table-caption');
    }
  });
});
