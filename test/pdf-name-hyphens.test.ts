/**
 * src/pdf/mending.ts, src/pdf/hyphenate.ts: names are not hyphenated, but a
 * justified line left loose by the name after it, which would be letter-spaced
 * by 0.03 em or more, has that name hyphenated instead ("— говорит 58-летний
 * Вик-", "said Ro-"), as a typesetter sets it. Names no line needed stay
 * whole. Read back from the PDF's lines.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArticleOnce } from './helpers.js';
import { pdfLines } from './pdf-helpers.js';

const RUSSIAN = `---
title: "Рыбаки Байкала"
date: 2023-11-20
language: ru
---

В посёлке Большое Голоустное, в 110 км от Иркутска, почти у каждого дома стоит лодка. Но с 1 октября 2017 года промышленный лов байкальского омуля запрещён, а запрет, по решению Минсельхоза, продлён до 2026 года.

«Мой дед ловил, отец ловил, я ловил, — говорит 58-летний Виктор Николаевич Шишкин. — А внуку что я скажу?»
`;

const ENGLISH = `---
title: "A village votes on the last water"
date: 2023-03-14
---

At a meeting in the parish hall on Feb. 28, 212 residents voted on three proposals:

1. Share the well by household, not by hectare;
2. Give priority to drinking water over avocado orchards;
3. Ask the regional government for a desalination pilot.

Proposal 2 passed with 164 votes. "It's not against the farmers," said Rodrigo Mundaca, the governor of Valparaíso. "It is for the people who drink."
`;

/** The PDF's lines, in order, and the names broken at their ends (the piece before the hyphen with the piece after). */
function brokenNames(file: string): { lines: string[]; names: string[] } {
  const lines = pdfLines(file).flatMap((page) => page.lines.map((line) => line.text));
  const names: string[] = [];
  lines.forEach((line, index) => {
    const end = /(\p{Lu}\p{Ll}+)-$/u.exec(line);
    const rest = /^\p{Ll}+/u.exec(lines[index + 1] ?? '');
    if (end && rest) names.push(end[1]! + rest[0]);
  });
  return { lines, names };
}

describe('a name after a loose line, in print', () => {
  const russian = buildArticleOnce('galley-name-hyphens-ru-', 'ryba', RUSSIAN);
  const english = buildArticleOnce('galley-name-hyphens-en-', 'water', ENGLISH);

  it('is hyphenated where it left the line before it loose (Russian), and the other names stay whole', () => {
    expect(russian.built.status, russian.built.stderr).toBe(0);
    const { lines, names } = brokenNames(path.join(russian.out, 'ryba.pdf'));
    expect(names, lines.join('\n')).toEqual(['Виктор']);
  });

  it('is hyphenated where it left the line before it loose (English), and the other names stay whole', () => {
    expect(english.built.status, english.built.stderr).toBe(0);
    const { lines, names } = brokenNames(path.join(english.out, 'water.pdf'));
    expect(names, lines.join('\n')).toEqual(['Rodrigo']);
  });
});
