import type {
  MetricSeries,
  MetricUnit,
} from '@modelops/plugin-model-deployments-common';
import { latestFigure } from './chartData';
import { formatMetricValue } from './formatMetricValue';

/**
 * A series in words, for readers who cannot see its line: "p99: latest 230 ms, lowest 180 ms, highest
 * 230 ms". A latest figure older than the end of the range says when it was measured, in `times`.
 */
export function seriesSummary(
  series: MetricSeries,
  unit: MetricUnit,
  times: Intl.DateTimeFormat,
): string {
  const latest = latestFigure(series);
  if (!latest) {
    return `${series.label}: no value in this range`;
  }
  const values = series.points.flatMap(([, value]) =>
    value === null ? [] : [value],
  );
  const when = latest.atEnd ? '' : ` at ${times.format(latest.at)}`;
  return `${series.label}: latest ${formatMetricValue(
    latest.value,
    unit,
  )}${when}, lowest ${formatMetricValue(
    Math.min(...values),
    unit,
  )}, highest ${formatMetricValue(Math.max(...values), unit)}`;
}
