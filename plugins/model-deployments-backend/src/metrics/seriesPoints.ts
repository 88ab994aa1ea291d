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
  // Both are in time order (Prometheus returns a series' samples so): one walk, no lookup table.
  const points: MetricSeries['points'] = new Array(times.length);
  let next = 0;
  for (let i = 0; i < times.length; i++) {
    const time = times[i];
    while (
      next < samples.length &&
      Math.round(samples[next][0] * 1000) < time
    ) {
      next++;
    }
    const sample = samples[next];
    points[i] = [
      time,
      sample && Math.round(sample[0] * 1000) === time
        ? sampleValue(sample)
        : null,
    ];
  }
  return points;
}
