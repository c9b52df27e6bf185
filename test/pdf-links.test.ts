/**
 * src/pdf/links.ts: links on paper. A link that leads out of the document gets
 * its address printed after it, breakable only at the Chicago Manual's places;
 * a link whose text is its address and links inside the document get nothing
 * more. Checked on hast trees as the print writer hands them over, and on the
 * print page the writer builds from a real manuscript.
 */
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { buildPrintPage } from '../src/pdf/html.js';
import { printedAddress, printLinkAddresses, showsAddress } from '../src/pdf/links.js';
import { repoRoot } from './helpers.js';

function printed(html: string): Root {
  const tree = fromHtml(html, { fragment: true });
  printLinkAddresses(tree);
  return tree;
}

/** The printed address of each link (undefined when none), as text. */
function addresses(tree: Root): Array<string | undefined> {
  return selectAll('a', tree).map((a) => {
    const span = selectAll('.link-url', a)[0];
    return span ? toString(span) : undefined;
  });
}

/** Where a line may break in `node`: the text before each <wbr>. */
function breaks(node: Element): string[] {
  const parts: string[] = [''];
  const walk = (parent: Element): void => {
    for (const child of parent.children) {
      if (child.type === 'text') parts[parts.length - 1] += child.value;
      else if (child.type === 'element' && child.tagName === 'wbr') parts.push('');
      else if (child.type === 'element') walk(child);
    }
  };
  walk(node);
  return parts;
}

describe('printedAddress', () => {
  it('prints web and ftp addresses as written, a mail address without mailto:, nothing else', () => {
    expect(printedAddress(' https://example.com/a?b=c ')).toBe('https://example.com/a?b=c');
    expect(printedAddress('HTTP://Example.com')).toBe('HTTP://Example.com');
    expect(printedAddress('ftp://files.example.org/x')).toBe('ftp://files.example.org/x');
    expect(printedAddress('mailto:desk%40example.com?subject=Hi')).toBe('desk@example.com');
    expect(printedAddress('mailto:')).toBeUndefined();
    expect(printedAddress('#fn-1')).toBeUndefined();
    expect(printedAddress('javascript:alert(1)')).toBeUndefined();
    expect(printedAddress('https://')).toBeUndefined();
    expect(printedAddress('/relative/page')).toBeUndefined();
  });
});

describe('showsAddress', () => {
  it('takes text that is the address, give or take scheme, www., a final slash, case and break marks', () => {
    expect(showsAddress('example.com', 'https://www.example.com/')).toBe(true);
    expect(showsAddress('Example.com/Series', 'http://example.com/series')).toBe(true);
    expect(showsAddress('exam\u00ADple.com', 'https://example.com')).toBe(true);
    expect(showsAddress('desk@example.com', 'mailto:desk@example.com')).toBe(true);
    expect(showsAddress('the series', 'https://example.com/series')).toBe(false);
    expect(showsAddress('example.com/other', 'https://example.com/series')).toBe(false);
  });
});

describe('printLinkAddresses', () => {
  it('prints the address after a linked phrase, and nothing after links that show it or stay inside', () => {
    const tree = printed(
      '<p><a href="https://example.com/report">the report</a>, <a href="https://example.com">example.com</a>, ' +
        '<a href="#fn-1">1</a>, <a href="mailto:desk@example.com">write to us</a>, <a href="">empty</a></p>',
    );
    expect(addresses(tree)).toEqual(['https://example.com/report', undefined, undefined, 'desk@example.com', undefined]);
    // The span sits last in the link, for the stylesheet's parentheses.
    const first = selectAll('a', tree)[0]!;
    const last = first.children[first.children.length - 1] as Element;
    expect(last.tagName).toBe('span');
    expect(last.properties.className).toEqual(['link-url']);
  });

  it('breaks an address as the text does: after / . ? & = _ @ and before -, never elsewhere', () => {
    const tree = printed('<p><a href="https://news.example-site.com/a/b?x=1&y=2#top">read</a></p>');
    const span = selectAll('.link-url', tree)[0]!;
    expect(breaks(span)).toEqual(['https://', 'news.', 'example', '-site.', 'com/', 'a/', 'b?', 'x=', '1&', 'y=', '2#top']);
    expect(breaks(span).join('')).toBe('https://news.example-site.com/a/b?x=1&y=2#top');
  });

  it('makes a link whose text is its address breakable at the same places, adding nothing', () => {
    const tree = printed('<p><a href="https://example.com/series/one">https://example.com/series/one</a></p>');
    const link = selectAll('a', tree)[0]!;
    expect(selectAll('.link-url', tree)).toHaveLength(0);
    expect(breaks(link)).toEqual(['https://', 'example.', 'com/', 'series/', 'one']);
  });

  it('finds links at any depth, and leaves a link with markup inside as it is', () => {
    const tree = printed('<blockquote><ul><li><p><em><a href="https://deep.example.com">deep</a></em></p></li></ul></blockquote><p><a href="https://example.com"><em>example.com</em></a></p>');
    expect(addresses(tree)).toEqual(['https://deep.example.com', undefined]);
    expect(toHtml(selectAll('a', tree)[1]!)).toBe('<a href="https://example.com"><em>example.com</em></a>');
  });
});

describe('the print page of a real manuscript', () => {
  let html: string;
  beforeAll(async () => {
    const { document } = await loadManuscript(path.join(repoRoot, 'test/fixtures/good/notes-and-tables'));
    html = buildPrintPage(document).html;
  });

  it('prints the address of the note’s link and none for the note references', () => {
    const tree = fromHtml(html);
    const linked = selectAll('a', tree).filter((a) => toString(a).startsWith('link'));
    expect(linked).toHaveLength(1);
    expect(toString(selectAll('.link-url', linked[0]!)[0]!)).toBe('https://example.com');
    for (const ref of selectAll('a[href^="#"]', tree)) expect(selectAll('.link-url', ref)).toHaveLength(0);
  });
});
