/**
 * src/templates.ts: templates read from a folder, cached, rendered with EJS.
 * A templates folder of its own in a temporary directory, so that a file can
 * be changed and the cache seen to keep or forget it.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultTemplatesDir, forgetTemplates, readTemplate, renderTemplate } from '../src/templates.js';
import { repoRoot, tempDir } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('galley-templates-');
  mkdirSync(path.join(dir, 'partials'));
  writeFileSync(path.join(dir, 'page.html.ejs'), '<h1><%= title %></h1><%- body %>|<%- include("partials/by.html.ejs", { name }) %>');
  writeFileSync(path.join(dir, 'partials', 'by.html.ejs'), '<p>By <%= name %></p>');
});

describe('defaultTemplatesDir', () => {
  it("is the templates folder shipped beside galley's package.json", () => {
    expect(defaultTemplatesDir).toBe(path.join(repoRoot, 'templates'));
    expect(existsSync(path.join(defaultTemplatesDir, 'epub', 'style.css'))).toBe(true);
    expect(readTemplate('words/en.json')).toContain('"photo"');
  });
});

describe('readTemplate', () => {
  it('reads a template once, until told to forget', () => {
    expect(readTemplate('partials/by.html.ejs', dir)).toBe('<p>By <%= name %></p>');
    writeFileSync(path.join(dir, 'partials', 'by.html.ejs'), 'changed');
    expect(readTemplate('partials/by.html.ejs', dir)).toBe('<p>By <%= name %></p>');
    forgetTemplates();
    expect(readTemplate('partials/by.html.ejs', dir)).toBe('changed');
  });

  it('keeps templates of different folders apart', () => {
    const other = tempDir('galley-templates-');
    mkdirSync(path.join(other, 'partials'));
    writeFileSync(path.join(other, 'partials', 'by.html.ejs'), 'other');
    expect(readTemplate('partials/by.html.ejs', dir)).toBe('<p>By <%= name %></p>');
    expect(readTemplate('partials/by.html.ejs', other)).toBe('other');
  });

  it('says which file is missing', () => {
    expect(() => readTemplate('nowhere.ejs', dir)).toThrow(/ENOENT.*nowhere\.ejs/);
  });
});

describe('renderTemplate', () => {
  it('escapes <%= %>, inserts <%- %> as it is, and includes partials from the same folder', () => {
    const html = renderTemplate('page.html.ejs', { title: 'Fish & <Chips>', body: '<em>safe</em>', name: 'Ann "A" Smith' }, dir);
    expect(html).toBe('<h1>Fish &amp; &lt;Chips&gt;</h1><em>safe</em>|<p>By Ann &#34;A&#34; Smith</p>');
  });

  it('finds a partial from a template in a subfolder, as the edition templates include them', () => {
    mkdirSync(path.join(dir, 'epub'));
    writeFileSync(path.join(dir, 'epub', 'article.xhtml.ejs'), '<%- include("partials/by.html.ejs", { name }) %>');
    expect(renderTemplate('epub/article.xhtml.ejs', { name: 'Bo' }, dir)).toBe('<p>By Bo</p>');
  });

  it('renders a saved partial once forgotten: ours and EJS’s caches are cleared together', () => {
    expect(renderTemplate('page.html.ejs', { title: 't', body: '', name: 'Ann' }, dir)).toContain('<p>By Ann</p>');
    writeFileSync(path.join(dir, 'partials', 'by.html.ejs'), '<p>Written by <%= name %></p>');
    writeFileSync(path.join(dir, 'page.html.ejs'), '<h2><%= title %></h2><%- include("partials/by.html.ejs", { name }) %>');
    forgetTemplates();
    expect(renderTemplate('page.html.ejs', { title: 't', body: '', name: 'Ann' }, dir)).toBe('<h2>t</h2><p>Written by Ann</p>');
  });
});
