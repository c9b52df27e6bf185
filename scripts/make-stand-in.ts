/**
 * Draws the stand-in for the article's wire photograph (NATO defence
 * ministers' group picture, Thierry Monasse/ Reuters via Pool Politik), which
 * we have no licence to reproduce:
 *
 *   manuscript/mattis-russia-nato/images/nato-ministers.png  (1500×1000, 3:2)
 *
 * A calm abstract composition (a row of figures, as in a group picture) under
 * a label that says plainly it is a stand-in. Flat colours keep the PNG small;
 * nothing random or time-dependent goes in, so every run writes the same bytes.
 *
 *   npx tsx scripts/make-stand-in.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import satori from 'satori';
import { Resvg } from '@resvg/resvg-js';
import type { VNode } from '../src/cover.js';
import { allLiterataCoverFonts } from '../src/typefaces.js';

const WIDTH = 1500;
const HEIGHT = 1000;
const OUT = fileURLToPath(new URL('../manuscript/mattis-russia-nato/images/nato-ministers.png', import.meta.url));

type Style = Record<string, string | number>;
const h = (type: string, style: Style, ...children: (VNode | string)[]): VNode => ({
  type,
  props: { style, children: children.length === 1 ? children[0] : children },
});
const box = (style: Style): VNode => h('div', { display: 'flex', position: 'absolute', ...style });

const palette = {
  wall: '#cfd5d9',
  wallShade: '#c3cace',
  floor: '#a7afb5',
  back: ['#8f9aa3', '#9aa3ab', '#86929c'],
  front: ['#5f6c78', '#6f7c88', '#56626d', '#687581'],
  heads: ['#b9aea4', '#a99d93', '#c2b8ae', '#9f948b'],
  ink: '#1f2a33',
  paper: '#f4f1ea',
};

/** Two rows of abstract standing figures, the back row paler; a fixed pattern. */
function figures(): VNode[] {
  const nodes: VNode[] = [];
  const rows = [
    { count: 10, first: 75, top: 560, body: 100, head: 60, fills: palette.back },
    { count: 9, first: 150, top: 690, body: 118, head: 70, fills: palette.front },
  ];
  for (const row of rows) {
    for (let i = 0; i < row.count; i++) {
      const cx = row.first + 150 * i;
      const bodyTop = row.top + ((i * 3) % 4) * 14; // regular small differences in height
      nodes.push(
        box({
          left: cx - row.body / 2,
          top: bodyTop,
          width: row.body,
          height: HEIGHT - bodyTop,
          backgroundColor: row.fills[i % row.fills.length]!,
          borderTopLeftRadius: row.body / 2.2,
          borderTopRightRadius: row.body / 2.2,
        }),
        box({
          left: cx - row.head / 2,
          top: bodyTop - row.head - 12,
          width: row.head,
          height: row.head,
          borderRadius: row.head / 2,
          backgroundColor: palette.heads[(i + row.count) % palette.heads.length]!,
        }),
      );
    }
  }
  return nodes;
}

function composition(): VNode {
  return h(
    'div',
    {
      display: 'flex',
      position: 'relative',
      width: WIDTH,
      height: HEIGHT,
      backgroundColor: palette.wall,
      fontFamily: 'Literata',
    },
    // Backdrop: panels of a stage wall and a floor line.
    box({ left: 0, top: 0, width: WIDTH, height: 620, backgroundColor: palette.wallShade }),
    box({ left: 0, top: 120, width: WIDTH, height: 6, backgroundColor: palette.wall }),
    box({ left: 0, top: 620, width: WIDTH, height: HEIGHT - 620, backgroundColor: palette.wall }),
    box({ left: 0, top: 910, width: WIDTH, height: HEIGHT - 910, backgroundColor: palette.floor }),
    ...figures(),
    // The label, centred over everything.
    h(
      'div',
      {
        display: 'flex',
        position: 'absolute',
        left: 200,
        top: 96,
        width: WIDTH - 400,
        height: 340,
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        backgroundColor: palette.paper,
        border: `6px solid ${palette.ink}`,
        color: palette.ink,
      },
      h('div', { display: 'flex', fontSize: 100, fontWeight: 700, letterSpacing: '0.05em' }, 'STAND-IN IMAGE'),
      h('div', { display: 'flex', width: 120, height: 6, backgroundColor: '#c0543a', margin: '34px 0 30px 0' }),
      h('div', { display: 'flex', fontSize: 44, fontStyle: 'italic' }, 'The agency photograph is not reproduced here'),
    ),
  );
}

const svg = await satori(composition(), { width: WIDTH, height: HEIGHT, fonts: await allLiterataCoverFonts() });
const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
await mkdir(path.dirname(OUT), { recursive: true });
await writeFile(OUT, png);
console.log(`${path.relative(process.cwd(), OUT)}: ${WIDTH}×${HEIGHT}, ${png.length} bytes`);
