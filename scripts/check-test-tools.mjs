#!/usr/bin/env node
/**
 * pretest: the tests run the real validators and PDF tools (EPUBCheck on
 * Java, poppler's pdftotext/pdffonts/pdftoppm, qpdf), and convert the e-book
 * as readers do (calibre's ebook-convert; pandoc's EPUB for comparison). On Debian or Ubuntu as
 * root the missing ones are installed from the distribution; elsewhere this
 * says which are missing and how to get them, before a test fails for a less
 * obvious reason.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const missing = [];
if (!has('java')) missing.push('default-jre-headless');
if (!existsSync('/usr/share/java/epubcheck.jar')) missing.push('epubcheck');
if (!has('pdftotext') || !has('pdffonts') || !has('pdftoppm')) missing.push('poppler-utils');
if (!has('qpdf')) missing.push('qpdf');
if (!has('ebook-convert')) missing.push('calibre');
if (!has('pandoc')) missing.push('pandoc');
if (!has('unzip')) missing.push('unzip');

const isRoot = process.getuid?.() === 0;
if (missing.length > 0 && isRoot && has('apt-get')) {
  console.log(`galley: installing test tools from Debian: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env }).status === 0;
  if (install() || (spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0 && install())) process.exit(0);
}

if (missing.length > 0) {
  console.error(`galley tests need: ${missing.join(' ')}\n  on Debian/Ubuntu: sudo apt-get install --no-install-recommends ${missing.join(' ')}`);
  process.exit(1);
}
