import type {
  MetricResult,
  MetricSeries,
} from '@modelops/plugin-model-deployments-common';

/** One point in time of a chart: `t` in epoch milliseconds, and each series' value by its key. */
type ChartRow = { t: number } & Record<string, number | null>;

/** The key of the series at `index` in the chart's rows. */
export function seriesKey(index: number): string {
  return `s${index}`;
}

/** The series side by side, one row per time any of them has a point; a gap stays `null`. */
export function chartRows(series: readonly MetricSeries[]): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  series.forEach((one, index) => {
    for (const [t, value] of one.points) {
      const row = rows.get(t) ?? ({ t } as ChartRow);
      row[seriesKey(index)] = value;
      rows.set(t, row);
    }
  });
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** Whether the provider had any value in the range: an empty metric is said so, never drawn as zero. */
export function hasValues(result: MetricResult | undefined): boolean {
  return Boolean(
    result?.series.some(one => one.points.some(([, value]) => value !== null)),
  );
}

/** The last value a series has, when it was measured, and whether that is the end of the range. */
export type LatestFigure = { value: number; at: number; atEnd: boolean };

/**
 * The last value the series has, or `null` if it has none. The provider gives a point at every time of
 * the range (`null` where it had no value), so a figure before the last point is an older one.
 */
export function latestFigure(
  series: MetricSeries | undefined,
): LatestFigure | null {
  const points = series?.points ?? [];
  for (let index = points.length - 1; index >= 0; index--) {
    const [at, value] = points[index];
    if (value !== null) {
      return { value, at, atEnd: index === points.length - 1 };
    }
  }
  return null;
}

/** The highest value of the metrics, so that charts compared side by side share their scale. */
export function highestValue(
  results: readonly (MetricResult | undefined)[],
): number | undefined {
  const values = results.flatMap(
    result =>
      result?.series.flatMap(one =>
        one.points.flatMap(([, value]) => (value === null ? [] : [value])),
      ) ?? [],
  );
  return values.length ? Math.max(...values) : undefined;
}

/**
 * The value axis of a chart: from zero to the `highest` value shared by charts compared side by side, or
 * to what its own values need. All-zero charts share no height to scale to: a zero top would squash the
 * axis to a point.
 */
export function valueDomain(
  highest: number | undefined,
): [number, number | 'auto'] {
  return [0, highest || 'auto'];
}
