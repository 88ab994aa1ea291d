import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The default 1 s for findBy/waitFor is too short for MUI forms on a loaded 2-core CI machine.
configure({ asyncUtilTimeout: 3000 });

/**
 * jsdom lays nothing out and has no ResizeObserver, so recharts' ResponsiveContainer would measure 0×0
 * and draw nothing: each observed element reports a chart-sized box once, as a browser does on observe.
 */
class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [
        {
          target,
          contentRect: { width: 800, height: 240 } as DOMRectReadOnly,
        } as ResizeObserverEntry,
      ],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= FixedSizeResizeObserver;
