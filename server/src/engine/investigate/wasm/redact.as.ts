// AssemblyScript: the WebAssembly module of the CLI's redaction (engine/investigate/redactWasm.ts
// loads it): the scan of redactFind.ts and the replacement of redactScan.ts, over one memory,
// shared: the CLI's reading thread reads the files into it.
// @sharedMemory
export * from './redactFind.as';
export * from './redactApply.as';
