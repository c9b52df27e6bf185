/**
 * satori, as the cover uses it, with one sign put right.
 *
 * satori shapes each run of text with HarfBuzz and draws every glyph at the
 * pen plus the glyph's offset. HarfBuzz gives the vertical offset upwards,
 * in font units, as fonts count; the SVG's y runs downwards; and satori 0.63
 * adds the offset where it must subtract it (`z=c+Y.dy*b` in its build, for
 * the glyph's outline and for the underline's gaps). Most text has no
 * vertical offset, so nothing shows; a mark that the font's mark positioning
 * (GPOS) raises over a capital is drawn as far below its place instead. A
 * Yoruba tone mark on a dotted capital (Ọ̀, Ẹ́: Unicode has no single
 * character for them, so the font places the grave or acute on Ọ) was drawn
 * 180 units low, inside the O's bowl, where it vanished into the letter's
 * own ink; the same goes for any stacked mark (a decomposed Vietnamese ộ,
 * the Hebrew points and Arabic vowels fonts move up or down).
 *
 * The fix is that one character in satori's CommonJS build, made as the
 * module is compiled from its own file (so its own dependencies resolve as
 * before); the package on disk is left as it is. A satori whose build no
 * longer holds that exact expression (a release that fixed or rewrote it)
 * is refused loudly rather than loaded unchecked, so that an upgrade is
 * looked at: test/cover-marks.test.ts draws the marks either way.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileFunction } from 'node:vm';

type Satori = typeof import('satori');

/** satori's drawing of a shaped glyph: the pen (r, c) plus the glyph's offset (dx, dy) times the scale (b), wrongly signed in y. */
const WRONG = 'let K=r+Y.dx*b,z=c+Y.dy*b,';
const RIGHT = 'let K=r+Y.dx*b,z=c-Y.dy*b,';

/** satori's build with the y offset subtracted; throws when the build is not the one this was written for. */
export function patchedSource(source: string): string {
  const at = source.indexOf(WRONG);
  if (at < 0 || source.indexOf(WRONG, at + 1) >= 0) {
    throw new Error(`satori's build no longer draws a glyph's offset as galley expects (\`${WRONG}\` once): see src/satori.ts`);
  }
  return `${source.slice(0, at)}${RIGHT}${source.slice(at + WRONG.length)}`;
}

let loaded: Promise<Satori> | undefined;

/** satori (its CommonJS build, which loads in half the time of its ESM one), loaded once, with its glyph offsets drawn the right way up. */
export function loadSatori(): Promise<Satori> {
  loaded ??= new Promise<Satori>((resolve) => {
    const require = createRequire(import.meta.url);
    const file = require.resolve('satori');
    const run = compileFunction(patchedSource(readFileSync(file, 'utf8')), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
    const module: { exports: unknown } = { exports: {} };
    run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
    // A CommonJS build made from ESM keeps its default export on `default` (__esModule).
    resolve(module.exports as Satori);
  });
  loaded.catch(() => (loaded = undefined));
  return loaded;
}
