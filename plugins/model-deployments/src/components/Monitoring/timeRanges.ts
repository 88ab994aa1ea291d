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

/**
 * The metrics query of a range ending `now`: its start, end, and the step the backend would choose by
 * default, sent explicitly so that every track of a comparison has the same points.
 */
export function rangeQuery(
  range: TimeRangeId,
  now: Date,
): Required<Pick<MetricsQuery, 'from' | 'to' | 'step'>> {
  const { minutes } = TIME_RANGES.find(option => option.id === range)!;
  const from = new Date(now.getTime() - minutes * 60_000).toISOString();
  const to = now.toISOString();
  return { from, to, step: resolveMetricsRange({ from, to }, now).step };
}
