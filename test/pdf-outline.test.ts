/**
 * The PDF's bookmarks read as the headings are written: right-to-left
 * headings in their own word order, once each (Chromium titles them in
 * display order, and twice over in a left-to-right collection), and a
 * collection's "Sources and credits" at the top level beside its articles,
 * not under the last one.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { qpdfCheck, run } from './pdf-helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);

interface Entry {
  title: string;
  kids: Entry[];
}

/** The outline as an indented list: one line an entry, two spaces a level. */
function outline(file: string): string[] {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', file])) as { outlines: Entry[] };
  const lines: string[] = [];
  const walk = (items: Entry[], depth: number): void => {
    for (const item of items) {
      lines.push(`${'  '.repeat(depth)}${item.title}`);
      walk(item.kids, depth + 1);
    }
  };
  walk(json.outlines, 0);
  return lines;
}

describe('the PDF outline', () => {
  const out = tempDir('galley-pdf-outline-');
  let status: number | null;
  let stderr: string;

  beforeAll(() => {
    ({ status, stderr } = runCli(['pdf', good('collection-rtl'), good('words-ar'), '--out', out], { GALLEY_CACHE_DIR: tempDir() }));
  }, 300_000);

  it('lists an Arabic article\'s headings in their own word order', () => {
    expect(status, stderr).toBe(0);
    const file = path.join(out, 'words-ar.pdf');
    qpdfCheck(file);
    expect(outline(file)).toEqual([
      'العبّارة تعود إلى العمل في البحيرة',
      '  ما الذي تغيّر',
      '  الحواشي',
      '  المصادر والحقوق',
      '    الصور',
      '    النشر الأصلي',
      '    مواد وكالات الأنباء',
      '    المصادر المقتبس منها',
      '    الحقوق',
    ]);
  });

  it('lists a collection\'s right-to-left headlines once, and its sources and credits beside its articles', () => {
    expect(status, stderr).toBe(0);
    const file = path.join(out, 'collection-rtl.pdf');
    qpdfCheck(file);
    expect(outline(file)).toEqual([
      'Harbours in three languages',
      '  Contents',
      'العبّارة تعود إلى العمل في البحيرة',
      '  ما الذي تغيّر',
      '  الحواشي',
      'לילה ארוך בשוק הפנסים',
      '  הערב הראשון',
      '  מה מכרו בשוק',
      '  קולות מהטיילת',
      '  הלילה האחרון',
      '  מה יקרה בשנה הבאה',
      'The harbour at first light',
      'Sources and credits',
      '  Rights',
      '  العبّارة تعود إلى العمل في البحيرة',
      '    Pictures',
      '    Original publication',
      '    Agency material',
      '    Sources quoted',
      '    Rights',
      '  לילה ארוך בשוק הפנסים',
      '  The harbour at first light',
      '    Pictures',
    ]);
  });
});
