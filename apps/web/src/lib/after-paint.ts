import { type ReactNode, startTransition, useEffect, useState } from "react";

/**
 * False in a component's first render; true from a render of its own once the frame that shows that
 * first render has been painted (the next animation frame, then a task after it), done as a transition
 * so that React can interrupt it for anything urgent. For parts of a page that are not needed at first
 * sight (menus, dialogs, what loads its own data below or beside the page's main content): the first
 * render is shorter, and the page's main content is on screen one render earlier. A hidden tab gets
 * no animation frames: there the flip comes after at most half a second.
 */
export function useAfterPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flip = () => {
      clearTimeout(fallback);
      cancelAnimationFrame(frame);
      startTransition(() => setPainted(true));
    };
    const fallback = setTimeout(flip, 500);
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(flip, 0);
    });
    return () => {
      clearTimeout(fallback);
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [painted]);
  return painted;
}

/**
 * Its children from a render after the frame that shows its first render (see `useAfterPaint`);
 * `fallback` (default nothing) until then.
 */
export function AfterPaint({
  children,
  fallback = null,
}: {
  readonly children: ReactNode;
  readonly fallback?: ReactNode;
}): ReactNode {
  return useAfterPaint() ? children : fallback;
}
