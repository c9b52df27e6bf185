/** The last few cover layouts, shared by the e-book's cover and the download page's thumbnail. */
import { describe, expect, it } from 'vitest';
import { RecentLayouts } from '../src/cover-svg-cache.js';

describe('recent cover layouts', () => {
  it('lays a cover out once for two sizes, keeps the most recently used, and forgets a layout that failed', async () => {
    const cache = new RecentLayouts<string>(2);
    let made = 0;
    const make = (value: string) => async () => {
      made++;
      return value;
    };
    expect(await cache.get('a', make('A'))).toBe('A');
    expect(await cache.get('a', make('other'))).toBe('A');
    expect(made).toBe(1);

    await cache.get('b', make('B'));
    // 'a' used again, so 'b' is the oldest when 'c' comes.
    await cache.get('a', make('other'));
    await cache.get('c', make('C'));
    expect(cache.count).toBe(2);
    made = 0;
    expect(await cache.get('a', make('again'))).toBe('A');
    expect(made).toBe(0);
    expect(await cache.get('b', make('B again'))).toBe('B again');
    expect(made).toBe(1);

    await expect(cache.get('bad', () => Promise.reject(new Error('no fonts')))).rejects.toThrow('no fonts');
    expect(await cache.get('bad', make('mended'))).toBe('mended');
  });
});
