#!/usr/bin/env node
/**
 * pretest: the tests run the real validators and PDF tools (EPUBCheck on
 * Java, poppler's pdftotext/pdffonts/pdftoppm, qpdf), and convert the e-book
 * as readers do (calibre's ebook-convert; pandoc's EPUB for comparison). This
 * only checks that they are there and says which are missing and how to get
 * them, before a test fails for a less obvious reason. It installs nothing:
 * the README's set-up and .ci/run do that.
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

if (missing.length > 0) {
  console.error(
    `galley tests need: ${missing.join(' ')}\n` +
      `  on Debian/Ubuntu: sudo apt-get install --no-install-recommends ${missing.join(' ')}\n` +
      '  (.ci/run installs them on a clean Debian machine; see "Quick start" in README.md)',
  );
  process.exit(1);
}
