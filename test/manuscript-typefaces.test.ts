/** src/manuscript/typefaces.ts: every character a reader will see, code apart, and the faces that draw them. */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { codeText, loadTypefaces, visibleText } from '../src/manuscript/typefaces.js';
import { repoRoot, tempDir } from './helpers.js';

const ARTICLE = `---
title: "Zürich ⁂ headline"
subtitle: Subtitle ẞ
authors: [Ирина Петрова]
date: 2017-02-16
---
Body with Ελλάδα and a note[^1]. Run \`grep ŧ\` or <kbd>Ctrl+Ŋ</kbd>.

\`\`\`
code ∮ block
\`\`\`

:::figure{src="images/pixel.png" alt="Alt" credit="Photo: Łukasz Ŵ/Agency" license="CC ǅ"}
Caption ǈ.
:::

[^1]: Note text Ǝ.
`;

let doc: GalleyDocument;

beforeAll(async () => {
  const dir = path.join(tempDir('galley-faces-'), 'faces');
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  copyFileSync(path.join(repoRoot, 'test/fixtures/good/notes-and-tables/images/pixel.png'), path.join(dir, 'images/pixel.png'));
  writeFileSync(path.join(dir, 'article.md'), ARTICLE);
  doc = (await loadManuscript(dir)).document;
});

describe('manuscript typefaces', () => {
  it('visibleText holds the body, metadata, credit lines, licences and captions', () => {
    const text = visibleText(doc);
    for (const seen of ['Ελλάδα', 'Ирина Петрова', 'Zürich ⁂', 'ẞ', 'Ŵ', 'ǅ', 'ǈ', 'Ǝ', '∮']) expect(text, seen).toContain(seen);
  });

  it('visibleText leaves out the notes\' back-link arrows, which the writers draw themselves', () => {
    const backlinks = JSON.stringify(doc.content).includes('doc-backlink');
    expect(backlinks).toBe(true);
    expect(visibleText(doc)).not.toContain('↩');
  });

  it('codeText gathers inline code, keyboard input and code blocks, once each, and nothing else', () => {
    const code = codeText(doc.content);
    expect(code.split('\n').filter(Boolean)).toEqual(['grep ŧ', 'Ctrl+Ŋ', 'code ∮ block']);
    expect(code).not.toContain('Ελλάδα');
  });

  it('loadTypefaces gives a text face and a code face, and names a character none draws', async () => {
    const { typefaces, uncovered } = await loadTypefaces({ ...doc, content: { ...doc.content, children: [...doc.content.children, { type: 'text', value: 'ᚠ' }] } });
    expect(new Set(typefaces.map((face) => face.role))).toEqual(new Set(['code', 'text']));
    expect(typefaces.every((face) => face.fonts.length > 0 && face.licenseText.length > 0)).toBe(true);
    expect(uncovered).toContain('ᚠ');
    const { typefaces: plain } = await loadTypefaces({ ...doc, content: { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'plain' }] }] } });
    expect(new Set(plain.map((face) => face.role))).toEqual(new Set(['text']));
  });
});
