import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

describe('command line', () => {
  it('--help explains the commands and options', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const word of ['galley build', 'galley epub', 'galley pdf', '--out', '--page-size']) expect(result.stdout).toContain(word);
  });

  it('rejects an unknown command with exit 2 and the usage', () => {
    const result = runCli(['publish']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command `publish`');
  });

  it('rejects a folder that holds no manuscript', () => {
    const result = runCli(['epub', 'src']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no article.md');
  });

  it('rejects an unknown page size', () => {
    const result = runCli(['pdf', '--page-size', 'a3']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--page-size must be one of letter, a4, 6x9');
  });
});
