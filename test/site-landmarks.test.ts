/**
 * The download page of several entries, as a screen reader's list of
 * landmarks gives it: each entry's downloads, contents and sources are
 * regions, and with one name each ("Downloads", "Sources and credits") the
 * list held as many regions called "Downloads" as there were entries, none
 * saying whose. axe reports it (landmark-unique); the page of one entry,
 * which test/preview.test.ts checks with axe, could not show it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { showAt, withPage } from './screen-helpers.js';

describe('download page of several entries, to a screen reader', () => {
  const context = useBrowserAndTempDir('galley-site-landmarks-');
  let page: string;

  beforeAll(() => {
    const out = tempDir('galley-site-landmarks-out-');
    // The sample manuscripts (two articles and a collection of them) and a collection in three languages.
    const manuscripts = [path.join(repoRoot, 'manuscript'), path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-rtl')];
    const built = runCli(['epub', ...manuscripts, '--out', out, '--no-page-list', '--quiet']);
    expect(built.status, built.stderr).toBe(0);
    const site = runCli(['site', ...manuscripts, '--out', out, '--quiet']);
    expect(site.status, site.stderr).toBe(0);
    page = path.join(out, 'index.html');
  }, 240_000);

  it('names every region by its entry too, so that no two landmarks are named alike', async () => {
    const regions = await withPage(context.browser, async (tab) => {
      await showAt(tab, page, 1280, 900);
      const tree = await tab.accessibility.snapshot();
      const found: string[] = [];
      const walk = (node: typeof tree): void => {
        if (!node) return;
        if (node.role === 'region') found.push(node.name ?? '');
        for (const child of node.children ?? []) walk(child);
      };
      walk(tree);
      return found;
    });
    // Four entries: each has its downloads and sources, the two collections their contents.
    expect(regions).toHaveLength(4 * 2 + 2);
    expect(regions.filter((name, index) => regions.indexOf(name) !== index)).toEqual([]);
    // Each says what it holds and whose it is.
    // (A heading set in capitals is named in them.)
    const said = regions.map((name) => name.toLowerCase());
    expect(said).toContain('downloads harbours in three languages');
    expect(said).toContain('sources and credits the tide gauge that ran out of numbers');
  });

  it('passes axe, best practices included', async () => {
    const violations = await withPage(context.browser, async (tab) => {
      await showAt(tab, page, 1280, 900);
      const require = createRequire(import.meta.url);
      await tab.evaluate(readFileSync(require.resolve('@daisy/axe-core-for-ace/axe.min.js'), 'utf8'));
      return tab.evaluate(async () => {
        type Rule = { id: string; nodes: Array<{ html: string }> };
        const engine = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Rule[] }> } }).axe;
        const result = await engine.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
        return result.violations.map((rule) => `${rule.id}: ${rule.nodes.map((node) => node.html).join(' | ')}`);
      });
    });
    expect(violations).toEqual([]);
  });
});
