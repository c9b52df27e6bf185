/**
 * ICU's answers kept in the build cache (src/intl-answers.ts): a run asks
 * Intl only what no run before it asked with the same ICU, and the editions
 * are the same bytes either way. Real CLI runs, each with a hook that notes
 * every Intl object the process makes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, seedManuscript, tempDir } from './helpers.js';

describe('Intl answers kept between runs', () => {
  it('lets a run that asks what an earlier run asked make no Intl object, for the same e-book, and asks again when the kept file is damaged', () => {
    const dir = tempDir('galley-intl-');
    const cache = path.join(dir, 'cache');
    const hook = path.join(dir, 'hook.cjs');
    // Every Intl object the process makes, by its kind, written as the process exits.
    writeFileSync(
      hook,
      `const made = [];
for (const kind of ['DateTimeFormat', 'ListFormat', 'NumberFormat', 'PluralRules', 'Locale', 'Collator', 'Segmenter', 'DisplayNames', 'RelativeTimeFormat']) {
  Intl[kind] = new Proxy(Intl[kind], { construct(target, args) { made.push(kind); return Reflect.construct(target, args); } });
}
process.on('exit', () => require('node:fs').writeFileSync(process.env.TEST_MADE, JSON.stringify(made)));
`,
    );
    const build = (run: string): { made: string[]; epub: Buffer } => {
      const out = path.join(dir, run);
      const made = path.join(dir, `${run}.json`);
      const result = runCli(['epub', seedManuscript, '--out', out, '--no-page-list', '-q'], { GALLEY_CACHE_DIR: cache, NODE_OPTIONS: `--require ${hook}`, TEST_MADE: made });
      expect(result.status, result.stderr).toBe(0);
      return { made: JSON.parse(readFileSync(made, 'utf8')) as string[], epub: readFileSync(path.join(out, 'mattis-russia-nato.epub')) };
    };
    const first = build('first');
    // The date, the authors' list, the language's script: asked of ICU the first time.
    expect(first.made).toEqual(expect.arrayContaining(['DateTimeFormat', 'ListFormat', 'Locale']));
    const second = build('second');
    expect(second.made).toEqual([]);
    expect(second.epub.equals(first.epub)).toBe(true);
    // A byte of the kept answers changed: the file no longer matches its digest, and ICU is asked again.
    const [name] = readdirSync(path.join(cache, 'intl'));
    const file = path.join(cache, 'intl', name!);
    const kept = readFileSync(file);
    kept[10] = kept[10]! ^ 1;
    writeFileSync(file, kept);
    const third = build('third');
    expect(third.made).toEqual(expect.arrayContaining(['DateTimeFormat', 'ListFormat', 'Locale']));
    expect(third.epub.equals(first.epub)).toBe(true);
  }, 240_000);
});
