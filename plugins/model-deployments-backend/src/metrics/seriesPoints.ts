import type { MetricSeries } from '@modelops/plugin-model-deployments-common';
import type { PrometheusSample } from './PrometheusClient';

/** A sample's figure: Prometheus writes `NaN` (e.g. a quantile while no request came in) and `±Inf`. */
export function sampleValue([, text]: PrometheusSample): number | null {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The times, in epoch ms, that Prometheus evaluates a range query at: from start, a step apart. */
export function rangeTimes(
  start: Date,
  end: Date,
  stepSeconds: number,
): number[] {
  const times: number[] = [];
  for (
    let time = start.getTime();
    time <= end.getTime();
    time += stepSeconds * 1000
  ) {
    times.push(time);
  }
  return times;
}

/**
 * A series' points at every time of the range, `null` where it has no figure: Prometheus leaves out
 * the times a series did not exist at (a pod not started yet), so that every series of a chart lines up.
 */
export function pointsAt(
  times: number[],
  samples: PrometheusSample[],
): MetricSeries['points'] {
  const byTime = new Map(
    samples.map(sample => [Math.round(sample[0] * 1000), sampleValue(sample)]),
  );
  return times.map(time => [time, byTime.get(time) ?? null]);
}
