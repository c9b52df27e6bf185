/** wawoff2 ships no types: Google's woff2 tools compiled to WebAssembly. */
declare module 'wawoff2' {
  /** WOFF2 → TrueType/OpenType (sfnt) bytes. */
  export function decompress(woff2: Uint8Array): Promise<Uint8Array>;
  /** TrueType/OpenType (sfnt) → WOFF2 bytes. */
  export function compress(sfnt: Uint8Array): Promise<Uint8Array>;
}
