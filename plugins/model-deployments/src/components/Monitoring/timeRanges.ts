import {
  resolveMetricsRange,
  type MetricsQuery,
} from '@modelops/plugin-model-deployments-common';

/** The ranges the Monitoring panel offers, each ending now. */
export const TIME_RANGES = [
  { id: '15m', label: 'Last 15 minutes', minutes: 15 },
  { id: '1h', label: 'Last hour', minutes: 60 },
  { id: '6h', label: 'Last 6 hours', minutes: 6 * 60 },
  { id: '24h', label: 'Last 24 hours', minutes: 24 * 60 },
  { id: '7d', label: 'Last 7 days', minutes: 7 * 24 * 60 },
] as const;

export type TimeRangeId = (typeof TIME_RANGES)[number]['id'];

/** How often the panel reads the metrics again by itself. */
export const AUTO_REFRESH_OPTIONS = [
  { id: 'off', label: 'Off', ms: undefined },
  { id: '15s', label: 'Every 15 seconds', ms: 15_000 },
  { id: '1m', label: 'Every minute', ms: 60_000 },
] as const;

export type AutoRefreshId = (typeof AUTO_REFRESH_OPTIONS)[number]['id'];

/** The slowest auto-refresh offered: a failed read is tried again no more often while auto-refresh is off. */
export const SLOWEST_REFRESH_MS = Math.max(
  ...AUTO_REFRESH_OPTIONS.flatMap(option => (option.ms ? [option.ms] : [])),
);

/** `epochMs` rounded down to a whole number of `stepSeconds` since the epoch. */
function floorToStep(epochMs: number, stepSeconds: number): Date {
  const stepMs = stepSeconds * 1000;
  return new Date(Math.floor(epochMs / stepMs) * stepMs);
}

/**
 * The metrics query of a range ending `now`: its start, end, and the step the backend would choose by
 * default, sent explicitly so that every track of a comparison has the same points. Start and end are
 * whole steps since the epoch, so every read evaluates at the same instants: a refresh adds points at the
 * end instead of moving every point (and the figures a step sums up) a little.
 */
export function rangeQuery(
  range: TimeRangeId,
  now: Date,
): Required<Pick<MetricsQuery, 'from' | 'to' | 'step'>> {
  const { minutes } = TIME_RANGES.find(option => option.id === range)!;
  const spanMs = minutes * 60_000;
  const { step } = resolveMetricsRange(
    {
      from: new Date(now.getTime() - spanMs).toISOString(),
      to: now.toISOString(),
    },
    now,
  );
  return {
    from: floorToStep(now.getTime() - spanMs, step).toISOString(),
    to: floorToStep(now.getTime(), step).toISOString(),
    step,
  };
}
