/** src/paths.ts: galley's own folder, found from the module itself. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { repoRoot } from './helpers.js';

describe('packageRoot', () => {
  it("is the folder of galley's package.json, whatever the working folder", () => {
    expect(path.resolve(packageRoot)).toBe(path.resolve(repoRoot));
    expect(JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')).name).toBe('galley');
    expect(path.isAbsolute(packageRoot)).toBe(true);
  });

  it('is the same when galley runs from another working folder', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = `import(${JSON.stringify(path.join(repoRoot, 'src', 'paths.ts'))}).then((m) => console.log(m.packageRoot))`;
    const out = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['-e', script], { cwd: '/', encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(path.resolve(out.stdout.trim())).toBe(path.resolve(repoRoot));
  });
});
