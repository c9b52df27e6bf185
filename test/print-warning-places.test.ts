/** The PDF writer's warning about a picture with too few pixels: the right advice, told at the figure's place (a collection's article, not collection.yaml). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPrintPage } from '../src/pdf/html.js';
import { imageAsset, sampleDocument } from './pdf-fixture.js';
import { runCli, tempDir } from './helpers.js';

let stderr: string;

beforeAll(async () => {
  const root = tempDir('galley-ppi-');
  mkdirSync(path.join(root, 'icons', 'images'), { recursive: true });
  mkdirSync(path.join(root, 'coll'));
  await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 200, g: 20, b: 20 } } }).png().toFile(path.join(root, 'icons', 'images', 'icon.png'));
  writeFileSync(
    path.join(root, 'icons', 'article.md'),
    '---\ntitle: "Waymarks"\ndate: 2025-06-02\nlanguage: en\n---\n\nFollow the red square.\n\n:::figure{src="images/icon.png" alt="A red square" kind="graphic" credit="Stand-in Pictures"}\nThe waymark.\n:::\n\nThe end.\n',
  );
  writeFileSync(path.join(root, 'coll', 'collection.yaml'), 'title: "Walks"\ndate: 2025-06-02\nlanguage: en\narticles:\n  - ../icons\n');
  const built = runCli(['pdf', path.join(root, 'coll'), '-o', path.join(root, 'out')], { GALLEY_CACHE_DIR: path.join(root, 'cache') });
  expect(built.status, built.stderr).toBe(0);
  stderr = built.stderr;
}, 180_000);

describe('the low-resolution warning', () => {
  it("is told at the figure's line and column in its article, also in a collection", () => {
    expect(stderr).toMatch(/icons\/article\.md:9:1: warning: picture images\/icon\.png prints at 96 ppi \(16×16 px\)/);
    expect(stderr).not.toMatch(/collection\.yaml: warning: picture/);
  });

  it('tells a picture printed at its own size that more pixels print it larger, not sharper', () => {
    const doc = sampleDocument();
    doc.assets.images = [imageAsset('figure-1', 16, 16)];
    const [warning] = buildPrintPage(doc).warnings.filter((text) => text.includes('ppi'));
    expect(warning).toMatch(/prints at 96 ppi \(16×16 px\), at its own size \(0\.17 in across\): more pixels would print it larger, not sharper; draw it as SVG/);
    expect(warning).not.toMatch(/needs \d+ px across/);
  });

  it('asks a picture printed across the measure for 150 ppi at that width', () => {
    const doc = sampleDocument();
    doc.assets.images = [imageAsset('figure-1', 600, 400)];
    const [warning] = buildPrintPage(doc).warnings.filter((text) => text.includes('ppi'));
    // Letter's measure: 8.5 in less two margins of 1.6 in = 5.3 in; 150 ppi × 5.3 in = 795 px.
    expect(warning).toMatch(/prints at 113 ppi \(600×400 px\), 5\.3 in across: 150 ppi at that width needs 795 px across/);
  });
});
