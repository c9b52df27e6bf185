/**
 * The README's "How it works" names the tree as it is: every file and folder
 * it names is there, and every folder of src/ is named.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

/** The section's text, read before the tests (not while the file loads). */
function howItWorks(): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## How it works\n');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start, 'README.md has a "How it works" section').toBeGreaterThan(0);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Every file and folder below `dir`, relative to the repository. */
function filesBelow(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file));
}

describe('README "How it works"', () => {
  it('names only files and folders that are there', () => {
    const known = [...filesBelow('src'), ...filesBelow('templates'), ...filesBelow('scripts')];
    const named = [...howItWorks().matchAll(/`([^`\s]+)`/g)].map((match) => match[1]!);
    // Paths, not package names or code: with a folder or a file ending; without placeholders or outputs.
    // (A bare "x.js" is a package, pdf.js.)
    const paths = named.filter((name) => /\/|\.(ts|mjs|cjs|json|ejs|css)$/.test(name) && !/[<>*]|^(dist|lib|\.galley)/.test(name) && !name.startsWith('import'));
    expect(paths.length).toBeGreaterThan(40);
    const missing = paths.filter((name) => {
      const clean = name.replace(/\/$/, '');
      if (existsSync(path.join(repoRoot, clean))) return false;
      // Named within its folder ("cover-layout.ts", "epub/page-titles.json"): some file ends so.
      return !known.some((file) => file.endsWith(`/${clean}`));
    });
    expect(missing).toEqual([]);
  });

  it('names every folder of src/', () => {
    const text = howItWorks();
    const folders = readdirSync(path.join(repoRoot, 'src'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `src/${entry.name}/`);
    expect(folders.length).toBeGreaterThan(4);
    expect(folders.filter((folder) => !text.includes(`\`${folder}`))).toEqual([]);
  });
});
