/*
 * The part of WebAssembly's JavaScript API the readers use, typed here: the project's TypeScript
 * libraries (no DOM) do not declare it. Without WebAssembly (`--jitless`) or its SIMD (an old engine),
 * `compileWasm` answers undefined and the readers do without.
 */

export type WasmModule = { readonly __brand: "WebAssembly.Module" };

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Memory: new (descriptor: { initial: number }) => WasmMemory;
  readonly Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: unknown };
}

/** The size of a page of WebAssembly memory. */
export const WASM_PAGE = 64 * 1024;

const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

/** The module of `base64` compiled, or undefined where WebAssembly or a feature it uses is not available. */
export function compileWasm(base64: string): WasmModule | undefined {
  if (api === undefined) return undefined;
  try {
    return new api.Module(Buffer.from(base64, "base64"));
  } catch {
    return undefined;
  }
}

/**
 * A memory of `pages` pages (zeroed; a page is taken from the system when first written) and an
 * instance of `module` importing it as `env.memory`: its exports, typed by the caller.
 */
export function instantiateWasm<Exports>(
  module: WasmModule,
  pages: number,
): { readonly memory: WasmMemory; readonly exports: Exports } {
  if (api === undefined) throw new Error("WebAssembly is not available");
  const memory = new api.Memory({ initial: pages });
  return { memory, exports: new api.Instance(module, { env: { memory } }).exports as Exports };
}
