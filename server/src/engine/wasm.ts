// What the engine needs of the WebAssembly global (every runtime it runs in has it; a module
// may still fail to compile, say under node --jitless): the modules that esbuild.mjs compiles
// from the AssemblyScript sources (investigate/wasm/*.as.ts) and bundles as bytes, instantiated
// over a memory that the JavaScript side also sees. A module built with `// @sharedMemory`
// takes a shared memory (another thread reads or scans in it); the others a plain one.

/** A WebAssembly.Memory: `shared` when made so. */
export interface Memory<B extends ArrayBufferLike = ArrayBufferLike> {
  buffer: B;
  grow(pages: number): number;
}

interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: unknown };
  Memory: new <B extends ArrayBufferLike>(limits: { initial: number; maximum: number; shared: boolean }) => Memory<B>;
}

export const wasm = (): Wasm => (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

/** A module from its bytes, compiled once; undefined when this runtime cannot run it (nor make a memory of that kind). */
export function compiledOnce(bytes: Uint8Array, shared: boolean): () => object | undefined {
  let m: object | undefined;
  let failed = false;
  return () => {
    if (m || failed) return m;
    try {
      m = new (wasm().Module)(bytes);
      new (wasm().Memory)({ initial: 1, maximum: 1, shared });
    } catch {
      m = undefined;
      failed = true;
    }
    return m;
  };
}
