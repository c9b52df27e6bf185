/**
 * Where galley's own files are. Found by walking up from this module, so the
 * answer is the same whether the sources run directly or from a bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'galley') return dir;
    if (path.dirname(dir) === dir) throw new Error(`galley: cannot find galley's package.json above ${start}`);
  }
}

/** The folder holding galley's package.json, templates/ and node_modules/. */
export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
