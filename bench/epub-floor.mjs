#!/usr/bin/env node
/**
 * The floor for a Node e-book tool: the least work any EPUB writer in Node
 * does. It parses an article's Markdown with remark (front matter with yaml),
 * turns it into XHTML, and writes a minimal EPUB 3 (package, navigation, one
 * chapter, the pictures) with jszip: no cover, no fonts, no checks, no
 * typography. The README compares its time with pandoc's to tell how close
 * to pandoc a Node tool can get at all.
 *
 *   node bench/epub-floor.mjs manuscript/mattis-russia-nato out.epub
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkRehype from 'remark-rehype';
import { toHtml } from 'hast-util-to-html';
import { parse as parseYaml } from 'yaml';
import JSZip from 'jszip';

const [folder, out] = process.argv.slice(2);
if (!folder || !out) throw new Error('usage: node bench/epub-floor.mjs <article folder> <out.epub>');
const source = readFileSync(path.join(folder, 'article.md'), 'utf8');
const tree = unified().use(remarkParse).use(remarkFrontmatter).parse(source);
const yamlNode = tree.children.find((node) => node.type === 'yaml');
const meta = yamlNode ? parseYaml(yamlNode.value) : {};
const body = toHtml(await unified().use(remarkRehype).run(tree), { space: 'html', closeSelfClosing: true });
const escape = (text) => String(text ?? '').replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`);
const title = escape(meta.title);
const language = escape(meta.language ?? 'en');
const xhtml = (content) => `<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${language}"><head><title>${title}</title></head><body>${content}</body></html>`;
const images = readdirSync(path.join(folder, 'images'), { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
const types = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp' };
const zip = new JSZip();
zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
zip.file('META-INF/container.xml', '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>');
zip.file(
  'EPUB/package.opf',
  `<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id" xml:lang="${language}"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:floor:${Date.now()}</dc:identifier><dc:title>${title}</dc:title><dc:language>${language}</dc:language><meta property="dcterms:modified">${new Date().toISOString().slice(0, 19)}Z</meta></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="text" href="text.xhtml" media-type="application/xhtml+xml"/>${images.map((name, index) => `<item id="img${index}" href="images/${escape(name)}" media-type="${types[path.extname(name).slice(1).toLowerCase()] ?? 'application/octet-stream'}"/>`).join('')}</manifest><spine><itemref idref="text"/></spine></package>`,
);
zip.file('EPUB/nav.xhtml', xhtml(`<nav epub:type="toc"><ol><li><a href="text.xhtml">${title}</a></li></ol></nav>`));
zip.file('EPUB/text.xhtml', xhtml(`<h1>${title}</h1>${body}`));
for (const name of images) zip.file(`EPUB/images/${name}`, readFileSync(path.join(folder, 'images', name)), { compression: 'STORE' });
writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } }));
