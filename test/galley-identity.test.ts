/**
 * The build record holds galley's own identity (src/identity.ts): a galley
 * with other code or another version rebuilds the editions an older one
 * built, and the same galley finds them up to date. A copy of galley is
 * installed in a temporary folder (its node_modules linked), bundled as a
 * checkout bundles itself, and changed as an upgrade would change it.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, seedManuscript, tempDir } from './helpers.js';

describe('the build record and galley itself', () => {
  let copy: string;
  let out: string;
  let cache: string;

  beforeAll(() => {
    copy = path.join(tempDir('galley-identity-'), 'galley');
    for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'bin', 'scripts', 'src', 'templates']) {
      cpSync(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
    }
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
    out = tempDir('galley-identity-out-');
    cache = tempDir('galley-identity-cache-');
  });

  /** Builds the seed's e-book with the copy; returns the e-book's inode and change time (a rebuilt e-book is a new file). */
  const build = (): string => {
    const result = spawnSync(process.execPath, [path.join(copy, 'bin', 'galley.js'), 'epub', seedManuscript, '--out', out, '--no-page-list', '-q'], {
      cwd: copy,
      encoding: 'utf8',
      env: { ...process.env, GALLEY_CACHE_DIR: cache },
      timeout: 180_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const info = statSync(path.join(out, 'mattis-russia-nato.epub'));
    return `${info.ino} ${info.ctimeMs}`;
  };

  it('rebuilds when galley\'s code or version changed, and not when it is the same galley', () => {
    const first = build();
    expect(build()).toBe(first);

    // Other code (here a comment in a source file: the bundle is made again, with the new digest).
    appendFileSync(path.join(copy, 'src', 'version.ts'), '// another build of galley\n');
    const afterCode = build();
    expect(afterCode).not.toBe(first);
    expect(build()).toBe(afterCode);

    // Another version.
    const manifest = JSON.parse(readFileSync(path.join(copy, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(path.join(copy, 'package.json'), JSON.stringify({ ...manifest, version: `${manifest.version}-next` }, null, 2));
    const afterVersion = build();
    expect(afterVersion).not.toBe(afterCode);
    expect(build()).toBe(afterVersion);
  });
});
