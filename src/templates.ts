/**
 * Templates live in templates/ so that a designer can change every word and
 * style without touching code. They are EJS files; `<%= %>` escapes,
 * `<%- %>` inserts markup that code already made safe.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { packageRoot } from './paths.js';

/** The templates folder shipped with galley. */
export const defaultTemplatesDir = path.join(packageRoot, 'templates');

const cache = new Map<string, string>();

/** Reads a template file (cached: a batch renders the same templates many times). */
export function readTemplate(name: string, templatesDir: string = defaultTemplatesDir): string {
  const file = path.join(templatesDir, name);
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text;
}

const forgetHooks: Array<() => void> = [];

/** Runs `hook` whenever the templates are forgotten: what was made from them goes too (src/words.ts). */
export function onForgetTemplates(hook: () => void): void {
  forgetHooks.push(hook);
}

/** Forgets every template read so far, ours and ejs's: `galley dev` calls it when a template is saved. */
export function forgetTemplates(): void {
  cache.clear();
  ejs.clearCache();
  for (const hook of forgetHooks) hook();
}

/**
 * Renders `templates/<name>` with `data`. Inside a template,
 * `include('partials/credits.html.ejs', data)` includes another template.
 */
export function renderTemplate(
  name: string,
  data: Record<string, unknown>,
  templatesDir: string = defaultTemplatesDir,
): string {
  const file = path.join(templatesDir, name);
  return ejs.render(readTemplate(name, templatesDir), data, {
    filename: file,
    root: templatesDir,
    views: [templatesDir],
    // ejs resolves include() through its own cache; keep it consistent with ours.
    cache: true,
  });
}
