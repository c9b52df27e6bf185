/**
 * The parts of jszip (and the pako it deflates with) that src/epub/fonts.ts
 * uses to hand jszip entries deflated ahead. Neither ships types for them.
 * All are CommonJS: imported by their default export, which Node gives
 * every CommonJS module (it cannot always name their other exports).
 */
declare module 'jszip/lib/compressedObject.js' {
  /** What jszip keeps for an entry whose compressed bytes are known. */
  const CompressedObject: new (compressedSize: number, uncompressedSize: number, crc32: number, compression: unknown, data: Uint8Array) => object;
  export default CompressedObject;
}

declare module 'jszip/lib/compressions.js' {
  /** jszip's compression methods; DEFLATE and STORE as its entries name them. */
  const compressions: { DEFLATE: unknown; STORE: unknown };
  export default compressions;
}

declare module 'jszip/lib/crc32.js' {
  const crc32: (data: Uint8Array) => number;
  export default crc32;
}

declare module 'pako' {
  const pako: { deflateRaw(data: Uint8Array, options: { level: number }): Uint8Array };
  export default pako;
}
