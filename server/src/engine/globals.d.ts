// The only globals the engine uses beyond ES2022: the WHATWG text codecs, which every runtime
// it runs in has (Node, the extension host, a browser). Declared here, not taken from Node's
// types, so that the engine's own tsconfig rejects fs, process, Buffer and the like.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
/** The bytes of the WebAssembly that esbuild.mjs compiles from the AssemblyScript source of that name (X.as.wasm: X.as.ts, excluded from the tsconfigs). */
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
