/**
 * src/pdf/figures.ts (endMatterTail), src/pdf/index.ts: an article's end
 * matter (credits, colophon) that went alone to a last page of its own
 * comes back under the article's last lines when a picture on that page,
 * printed up to a fifth smaller (END_MATTER_SCALE), makes room for it. A
 * brief of one portrait photo and one paragraph printed its credits and
 * colophon on a second page, the first a quarter empty. Where a fifth is
 * not enough, the picture keeps its size and the end matter its page.
 * Read back from the PDF's lines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers.js';
import { pdfLines, type PrintedLine } from './pdf-helpers.js';

const PARAGRAPH = 'The council voted 5–2 on Monday to paint protected bike lanes on Main Street between 1st and 9th Avenues. Work starts in August.';

const article = (paragraphs: number): string => `---
title: "Town council approves new bike lanes"
date: 2025-06-03
---

:::figure{src="images/street.jpg" alt="A cyclist rides past parked cars on Main Street" credit="Photos by Ann Smith and Bo Li"}
Main Street, Tuesday morning.
:::

${Array.from({ length: paragraphs }, () => PARAGRAPH).join('\n\n')}
`;

/** Builds the article with `paragraphs` paragraphs: its PDF's pages' lines. */
function useBrief(name: string, paragraphs: number): () => { built: SpawnSyncReturns<string>; pages: PrintedLine[][] } {
  let built: SpawnSyncReturns<string> | undefined;
  let pages: PrintedLine[][] = [];
  beforeAll(async () => {
    const dir = path.join(tempDir('galley-end-matter-'), name);
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    // A portrait photo, 2:3, which prints at the figure's full height.
    await sharp({ create: { width: 800, height: 1200, channels: 3, background: { r: 180, g: 120, b: 60 } } }).jpeg().toFile(path.join(dir, 'images', 'street.jpg'));
    writeFileSync(path.join(dir, 'article.md'), article(paragraphs));
    const out = tempDir();
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) pages = pdfLines(path.join(out, `${name}.pdf`)).map((page) => page.lines);
  }, 240_000);
  return () => ({ built: built!, pages });
}

const top = (lines: PrintedLine[], start: string): number => {
  const line = lines.find((candidate) => candidate.text.startsWith(start));
  if (!line) throw new Error(`no line "${start}" in:\n${lines.map((l) => l.text).join('\n')}`);
  return line.top;
};

describe('the end matter alone on the last page', () => {
  const brief = useBrief('brief', 1);
  // Four paragraphs, which fill page 1: a fifth of the photo is not room enough for its credits.
  const longer = useBrief('longer', 4);

  it('comes back to the article\'s page, its photo printed less than a fifth smaller', () => {
    const { built, pages } = brief();
    expect(built.status, built.stderr).toBe(0);
    expect(pages.length, pages.map((lines) => lines.map((line) => line.text).join('\n')).join('\n---\n')).toBe(1);
    const lines = pages[0]!;
    expect(top(lines, 'Sources and credits')).toBeGreaterThan(top(lines, 'The council voted'));
    expect(lines.some((line) => line.text.startsWith('Set in Literata'))).toBe(true);
    // The photo's height, from under the date to its caption, against the longer article's, which kept it whole.
    const whole = top(longer().pages[0]!, 'Main Street, Tuesday') - top(longer().pages[0]!, 'June 3, 2025');
    const printed = top(lines, 'Main Street, Tuesday') - top(lines, 'June 3, 2025');
    expect(printed).toBeLessThan(whole - 10);
    expect(printed).toBeGreaterThan(0.8 * whole);
  });

  it('keeps its page where a fifth of the photo is not room enough, and the photo its size', () => {
    const { built, pages } = longer();
    expect(built.status, built.stderr).toBe(0);
    expect(pages.length).toBe(2);
    const texts = pages.map((lines) => lines.map((line) => line.text));
    // Page 2 holds the end matter alone (under the running head), the article all on page 1.
    expect(texts[1], texts.join('\n---\n')).toContain('Sources and credits');
    expect(texts[1]!.some((text) => /council voted|Work starts/.test(text)), texts.join('\n---\n')).toBe(false);
    expect(texts[0]!.at(-2), texts.join('\n---\n')).toMatch(/Work starts in August\.$/);
  });
});
