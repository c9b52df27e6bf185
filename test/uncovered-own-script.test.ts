/**
 * An article written in a script galley ships no face for (Javanese,
 * `jv-Java`) is built, with ⚠ editions, and the warning says plainly that
 * the article's own script has no face, rather than telling its author to
 * leave the characters out, which fits a word quoted in another script only
 * (scripts-none, an English article with Javanese signs, keeps that advice).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);

describe("an article in a script without a face", () => {
  let lines: string[] = [];
  let status: number | null = null;

  beforeAll(() => {
    const built = runCli(['build', good('scripts-jv'), good('scripts-none'), '--out', tempDir('galley-own-script-')], { GALLEY_CACHE_DIR: tempDir() });
    status = built.status;
    lines = `${built.stdout}\n${built.stderr}`.split('\n');
  }, 240_000);

  it('builds both editions, marked ⚠', () => {
    expect(status, lines.join('\n')).toBe(0);
    for (const edition of ['scripts-jv.pdf', 'scripts-jv.epub']) expect(lines.find((line) => line.includes(edition)), edition).toMatch(/^⚠ /);
  });

  it("says the article's own script has no face, and gives the advice to leave characters out only for a quoted word", () => {
    const own = lines.filter((line) => line.includes('scripts-jv/article.md') && line.includes('no shipped typeface'));
    expect(own).toHaveLength(1);
    expect(own[0]).toMatch(/scripts-jv\/article\.md:2:9: warning: no shipped typeface draws Javanese script, the script the article's language \(`jv-Java`\) is written in: 23 different characters/);
    expect(own[0]).toContain('publish the e-book alone');
    expect(own[0]).not.toContain('leave them out');
    const quoted = lines.filter((line) => line.includes('scripts-none/article.md') && line.includes('no shipped typeface'));
    expect(quoted).toHaveLength(1);
    expect(quoted[0]).toContain('leave them out or write them in words');
  });
});
