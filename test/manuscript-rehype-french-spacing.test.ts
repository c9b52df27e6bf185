/** src/manuscript/rehype-french-spacing.ts: French text keeps ; : ! ? » and « with their word, in both editions. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { frenchSpacing } from '../src/manuscript/rehype-french-spacing.js';
import { tempDir } from './helpers.js';

/** No-break spaces shown as `~`. */
const shown = (text: string): string => text.replaceAll('\u00A0', '~');

async function read(body: string, language = 'fr', title = 'Un article inventé'): Promise<{ html: string; title: string; subtitle?: string }> {
  const dir = path.join(tempDir(), 'article');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), `---\ntitle: "${title}"\nsubtitle: "Un reportage : inventé !"\ndate: 2024-03-31\nlanguage: ${language}\n---\n\n${body}`);
  const { document } = await loadManuscript(dir);
  return { html: shown(toHtml(document.content)), title: shown(document.metadata.title), subtitle: document.metadata.subtitle && shown(document.metadata.subtitle) };
}

describe('French spacing', () => {
  it('ties the space before ; : ! ? » and after « to the word, and gives guillemets typed without one a space', () => {
    expect(shown(frenchSpacing('Ici : le bac ; il part ! Vraiment ? « Oui » et «Non»'))).toBe('Ici~: le bac~; il part~! Vraiment~? «~Oui~» et «~Non~»');
    // A narrow no-break space, which the text face does not draw, becomes a no-break space.
    expect(shown(frenchSpacing('Vraiment\u202F?'))).toBe('Vraiment~?');
    // No space is added where none was typed, but for guillemets: a time, an address.
    expect(frenchSpacing('à 10:30, voir https://example.org/?q=1')).toBe('à 10:30, voir https://example.org/?q=1');
  });

  it('in a French article: the body, the headline and the dek, but not code or an address', async () => {
    const { html, title, subtitle } = await read('Il répond : «Oui !» Le code `a : b` et <https://example.org/a?b=1> restent.\n\n## Qui prend le bac ?\n', 'fr', '« Le fleuve n’attend personne ! »');
    expect(html).toContain('Il répond~: «~Oui~!~»');
    expect(html).toContain('<code>a : b</code>');
    expect(html).toContain('https://example.org/a?b=1');
    // The heading keeps the id made from its words.
    expect(html).toContain('<h2 id="qui-prend-le-bac-">Qui prend le bac~?</h2>');
    expect(title).toBe('«~Le fleuve n’attend personne~!~»');
    expect(subtitle).toBe('Un reportage~: inventé~!');
  });

  it('in an English article, only inside a span marked French', async () => {
    const { html, subtitle } = await read('She asked: "Why ?" and he said :span[« Pourquoi pas ? »]{lang=fr} before leaving !', 'en');
    expect(html).toContain('Pourquoi pas~?~»');
    expect(html).toContain('<span lang="fr">«~Pourquoi');
    expect(html).toContain('Why ?');
    expect(html).toContain('leaving !');
    expect(subtitle).toBe('Un reportage : inventé !');
  });
});
