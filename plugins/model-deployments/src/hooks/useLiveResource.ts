import { useCallback, useEffect, useRef, useState } from 'react';
import { LIVE_REFRESH_MS } from './liveRefresh';

type LiveState<T> = {
  value?: T;
  error?: Error;
  loading: boolean;
  /** How many reads have ended: each one schedules the next, even when nothing else changed. */
  reads: number;
};

/**
 * Reads a resource, and reads it again every `refreshMs` ({@link LIVE_REFRESH_MS} by default, or as long
 * as `refreshMs(value)` says for the value read last) while `isLive(value)`. A failed read keeps the last
 * value (and reports the error) and is tried again on the same schedule, so a passing network error
 * neither blanks the page nor stops the refresh. `reload` reads at once, even while a read is under way:
 * the older answer is dropped.
 */
export function useLiveResource<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  isLive: (value: T) => boolean,
  refreshMs: number | ((value: T) => number) = LIVE_REFRESH_MS,
) {
  const [state, setState] = useState<LiveState<T>>({
    loading: true,
    reads: 0,
  });
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const read = ++latest.current;
    setState(previous => ({ ...previous, loading: true }));
    loadRef.current().then(
      value => {
        if (latest.current === read)
          setState(previous => ({
            value,
            loading: false,
            reads: previous.reads + 1,
          }));
      },
      error => {
        if (latest.current === read)
          setState(previous => ({
            value: previous.value,
            error,
            loading: false,
            reads: previous.reads + 1,
          }));
      },
    );
  }, []);

  useEffect(() => {
    // Something else is read now: what was shown no longer applies.
    setState(previous => ({ loading: true, reads: previous.reads }));
    reload();
    // Whatever is still on its way then belongs to what was read before.
    const readCounter = latest;
    return () => {
      readCounter.current++;
    };
    // The caller's deps say when `load` reads something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const { value, error, loading, reads } = state;
  // None when the value does not change by itself and the last read worked.
  let nextReadMs: number | undefined;
  if (value !== undefined && (isLive(value) || error !== undefined)) {
    nextReadMs = typeof refreshMs === 'function' ? refreshMs(value) : refreshMs;
  }
  useEffect(() => {
    if (nextReadMs === undefined || loading) {
      return undefined;
    }
    const timer = setTimeout(reload, nextReadMs);
    return () => clearTimeout(timer);
  }, [nextReadMs, loading, reads, reload]);

  return { value, error, loading, reload };
}
