import { type ComponentType, type LazyExoticComponent, lazy } from "react";

/**
 * A component of a chunk loaded on demand (React's `lazy`), with `preload` to start the download early.
 * Once the chunk is in (preloaded, or rendered before), the component renders at once: React's `lazy`
 * reads the module through a thenable that answers synchronously, so nothing suspends. Otherwise a
 * first render suspends until the chunk arrives, and React shows the nearest Suspense fallback; a
 * fallback once shown stays at least 300 ms (React throttles revealing content after a fallback), so
 * the first load awaits its chunks before rendering rather than showing a fallback.
 */
export interface LazyComponent<P> {
  readonly Component: LazyExoticComponent<ComponentType<P>>;
  /** Starts loading the chunk (once; again after a failure); resolves when it is in. */
  readonly preload: () => Promise<unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: React's own `lazy` and `ComponentType` default to any props.
export function lazyComponent<M, P = any>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType<P>,
): LazyComponent<P> {
  let loaded: { readonly module: M } | null = null;
  let pending: Promise<M> | null = null;
  const preload = () => {
    pending ??= load().then(
      (module) => {
        loaded = { module };
        return module;
      },
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
    return pending;
  };
  const Component = lazy(() => {
    if (loaded !== null) return resolvedNow({ default: pick(loaded.module) });
    return preload().then((module) => ({ default: pick(module) }));
  });
  return { Component, preload };
}

/**
 * A thenable that calls back at once, inside `then`: React's `lazy` marks the module as resolved
 * before it would throw, so the component renders in the same pass.
 */
function resolvedNow<T>(value: T): Promise<T> {
  const thenable = {
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose (React's lazy accepts any).
    then(onFulfilled?: (value: T) => unknown) {
      onFulfilled?.(value);
      return thenable;
    },
  };
  return thenable as unknown as Promise<T>;
}
