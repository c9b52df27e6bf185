import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockedUrlFromConsole, renderSandboxed, type SandboxFiles } from '../src/pdf/sandbox.js';
import { pdfInfo, pdfText, useBrowserAndTempDir } from './pdf-helpers.js';

const session = useBrowserAndTempDir('galley-sandbox-');

/** Words of a file that are long enough not to turn up in the page by chance. */
function secretsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/[\s:]+/)
    .filter((word) => word.length >= 6);
}

describe('the sandboxed render', () => {
  it('reads nothing but its own files and reports what it refused', async () => {
    const html = `<!doctype html><html lang="en"><head><title>Sandbox</title>
      <link rel="stylesheet" href="http://example.com/x.css">
      <link rel="stylesheet" href="style.css">
      </head><body>
      <h1>Only this page</h1>
      <p>Inside the sandbox.</p>
      <img src="file:///etc/hostname" alt="">
      <iframe src="file:///etc/passwd"></iframe>
      <object data="file:///etc/passwd"></object>
      <img src="https://example.org/tracker.gif" alt="">
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
      <script>document.write('scripts run')</script>
      </body></html>`;
    const files: SandboxFiles = new Map([
      ['index.html', { body: html, contentType: 'text/html; charset=utf-8' }],
      ['style.css', { body: 'h1 { color: #333 }', contentType: 'text/css' }],
    ]);
    const { pdf, blocked } = await renderSandboxed(session.browser, files);
    const file = path.join(session.dir, 'sandbox.pdf');
    writeFileSync(file, pdf);

    const text = pdfText(file);
    expect(text).toContain('Only this page');
    expect(text).toContain('Inside the sandbox.');
    expect(text).not.toContain('scripts run');
    const hostname = readFileSync('/etc/hostname', 'utf8').trim();
    if (hostname) expect(text).not.toContain(hostname);
    expect(text).not.toContain('root:');
    for (const secret of [...secretsOf('/etc/hostname'), ...secretsOf('/etc/passwd')]) {
      expect(text).not.toContain(secret);
    }
    expect(blocked).toEqual(
      expect.arrayContaining([
        'file:///etc/hostname',
        'file:///etc/passwd',
        'http://example.com/x.css',
        'https://example.org/tracker.gif',
      ]),
    );
    expect(blocked.some((url) => url.startsWith('data:image/gif'))).toBe(true);
    // The page's own stylesheet was served, not refused.
    expect(blocked).not.toContain('https://galley.invalid/style.css');
    expect(pdfInfo(file).Tagged).toBe('yes');
  });

  it('refuses to open a page it does not hold', async () => {
    await expect(renderSandboxed(session.browser, new Map())).rejects.toThrow(/no index.html/);
  });
});

describe('blockedUrlFromConsole', () => {
  it('finds the URL in Chromium messages', () => {
    expect(blockedUrlFromConsole('Not allowed to load local resource: file:///etc/passwd')).toBe('file:///etc/passwd');
    expect(
      blockedUrlFromConsole(
        "Mixed Content: The page at 'https://galley.invalid/index.html' was loaded over HTTPS, but requested an insecure stylesheet 'http://example.com/x.css'. This request has been blocked.",
      ),
    ).toBe('http://example.com/x.css');
    expect(
      blockedUrlFromConsole(
        "Loading the image 'data:image/png;base64,AAAA' violates the following Content Security Policy directive: \"img-src https://galley.invalid/\". The action has been blocked.",
      ),
    ).toBe('data:image/png;base64,AAAA');
    expect(blockedUrlFromConsole('Something else entirely')).toBeUndefined();
  });
});
