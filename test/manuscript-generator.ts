/**
 * Generated manuscripts for the page-list property test: deterministic
 * (seeded), made of the blocks a printed page can open with. Each block that
 * should open a page is made longer than a page, or is one of many short
 * units that break only between them, so that at every page size some page
 * opens inside or with it: list items, notes, table rows, figures, a caption
 * (a figure whose caption is taller than a page), block quotes, headings,
 * and the end matter.
 */

import { random } from '../bench/random.js';

export { random };

const WORDS = (
  'harbour channel silt dredger tide quay berth breakwater crane insurer fleet oyster skipper cargo ferry ' +
  'survey chart buoy pilot lock basin jetty mooring ballast hull keel rudder anchor beacon lantern ' +
  'council authority minister budget tender contract objection hearing report study annex appendix ' +
  'winter spring summer autumn morning evening season decade century week month year ' +
  'north south east west upper lower outer inner old new narrow wide deep shallow quiet busy ' +
  'measured proposed rejected approved delayed widened deepened surveyed charted dredged rebuilt ' +
  'fisher merchant engineer clerk mayor diver keeper warden captain mate cook trader ' +
  'salt stone timber iron copper grain wool coal herring cod mackerel mussel kelp reed ' +
  'because although while after before since unless until whether where when ' +
  'carefully slowly rarely often seldom always never nearly almost quite rather'
).split(' ');

export type BlockKind = 'list' | 'notes' | 'table' | 'figures' | 'caption' | 'quote' | 'headings';
export const blockKinds: readonly BlockKind[] = ['list', 'notes', 'table', 'figures', 'caption', 'quote', 'headings'];

export interface GeneratedManuscript {
  markdown: string;
  /** Header rows of the tables, as printed: Chromium repeats them at the top of each page a table continues on. */
  tableHeaders: string[];
}

/** A manuscript made of the given blocks (in a seeded order), with paragraphs between them. */
export function generateManuscript(seed: number, image: string, kinds: readonly BlockKind[] = blockKinds): GeneratedManuscript {
  const next = random(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const word = () => WORDS[int(0, WORDS.length - 1)]!;
  const words = (count: number) => Array.from({ length: count }, word).join(' ');
  const sentence = (min = 8, max = 20) => {
    const text = words(int(min, max));
    const number = next() < 0.2 ? ` ${int(2, 990)}` : '';
    return `${text[0]!.toUpperCase()}${text.slice(1)}${number}.`;
  };
  const paragraph = (min: number, max: number) => Array.from({ length: int(min, max) }, () => sentence()).join(' ');
  const title = (count: number) => {
    const text = words(count);
    return `${text[0]!.toUpperCase()}${text.slice(1)}`;
  };

  const notes: string[] = [];
  const tableHeaders: string[] = [];
  let figure = 0;
  const figureBlock = (caption: string, kind: string) =>
    `:::figure{src="${image}" alt="A test picture, number ${++figure}" credit="${title(2)}/${title(2)} Agency"${kind ? ` kind="${kind}"` : ''}}\n${caption}\n:::`;
  const figureKinds = ['', 'graphic', 'map', 'illustration', 'chart'];

  const blocks: Record<BlockKind, () => string> = {
    // Many short items: a page opens with an item, and its number.
    list: () => {
      const ordered = next() < 0.7;
      return Array.from({ length: int(40, 50) }, (_, i) => `${ordered ? `${i + 1}.` : '-'} ${sentence(6, 24)}`).join('\n');
    },
    // Notes enough for more than a page of notes: referenced from a paragraph.
    notes: () => {
      const count = int(14, 18);
      const refs: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = `n${notes.length + 1}`;
        notes.push(`[^${id}]: ${paragraph(2, 3)}`);
        refs.push(`${sentence()}[^${id}]`);
      }
      return refs.join(' ');
    },
    // A table longer than a page: pages open with its rows.
    table: () => {
      const header = [title(1), title(1), title(1)];
      tableHeaders.push(header.join(' '));
      const rows = Array.from({ length: int(42, 52) }, () => `| ${title(int(1, 3))} | ${int(1, 999)}.${int(0, 9)} | ${words(int(1, 3))} |`);
      return [`| ${header.join(' | ')} |`, '| --- | ---: | --- |', ...rows].join('\n');
    },
    // Figures in a row: pages break between them, and open with a picture.
    figures: () =>
      Array.from({ length: int(5, 7) }, () => figureBlock(`${sentence(6, 14)} With *${words(2)}* and **${words(1)}**.`, figureKinds[int(0, figureKinds.length - 1)]!)).join(
        '\n\n',
      ),
    // A figure whose caption is taller than a page: a page opens inside the caption.
    caption: () => figureBlock(Array.from({ length: int(5, 6) }, () => paragraph(5, 6)).join(' '), ''),
    // A block quote longer than a page.
    quote: () => Array.from({ length: int(6, 7) }, () => `> ${paragraph(4, 5)}`).join('\n>\n'),
    // Many short sections: pages break before a heading (a heading stays with its text).
    headings: () => Array.from({ length: int(10, 12) }, () => `## ${title(int(2, 5))}\n\n${paragraph(1, 2)}`).join('\n\n'),
  };

  const order = [...kinds].sort(() => next() - 0.5);
  const body = order.map((kind) => `${paragraph(2, 6)}\n\n${blocks[kind]()}`).join('\n\n');
  const markdown = `---
title: "Generated manuscript ${seed}"
subtitle: "${title(8)}."
authors: ["${title(2)}"]
date: 2024-0${int(1, 9)}-1${int(0, 9)}
language: en
publisher: "Generated Press"
source:
  publication: "The Generated Gazette"
  wire: ["Generated Wire"]
  cited: ["${title(3)}", "${title(2)}"]
---

${paragraph(3, 6)}

${body}

${paragraph(2, 5)}

${notes.join('\n\n')}
`;
  return { markdown, tableHeaders };
}
