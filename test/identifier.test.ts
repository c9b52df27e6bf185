import { describe, expect, it } from 'vitest';
import { urnUuid, uuidFromHash } from '../src/identifier.js';

const V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('identifiers from content', () => {
  it('lays 32 hex digits of a hash out as a version 8 UUID, keeping every other digit', () => {
    expect(uuidFromHash('0123456789abcdef0123456789abcdef')).toBe('01234567-89ab-8def-8123-456789abcdef');
    expect(uuidFromHash('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF')).toBe('ffffffff-ffff-8fff-bfff-ffffffffffff');
    for (const hex of ['00000000000000000000000000000000', 'c'.repeat(64), '7'.repeat(40)]) expect(uuidFromHash(hex)).toMatch(V8);
    expect(() => uuidFromHash('abc')).toThrow(/32 hex digits/);
  });

  it('names the same parts the same way, and different parts (or the same ones split elsewhere) differently', () => {
    const id = urnUuid('fingerprint', 'a4', '0.1.0');
    expect(id).toMatch(/^urn:uuid:/);
    expect(id.slice('urn:uuid:'.length)).toMatch(V8);
    expect(urnUuid('fingerprint', 'a4', '0.1.0')).toBe(id);
    expect(urnUuid('fingerprint', 'letter', '0.1.0')).not.toBe(id);
    expect(urnUuid('fingerprinta4', '0.1.0')).not.toBe(id);
  });
});
