import { type RefObject, useLayoutEffect, useState } from "react";

/** The content width of an element, kept current with a ResizeObserver (charts draw at real pixels). */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback = 640): number {
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    setWidth(Math.floor(element.getBoundingClientRect().width) || fallback);
    if (typeof ResizeObserver === "undefined") return;
    let frame = 0;
    const observer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      cancelAnimationFrame(frame);
      // One update per frame: resizing a window fires many observations.
      frame = requestAnimationFrame(() => {
        if (w > 0) setWidth(w);
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [ref, fallback]);
  return width;
}
