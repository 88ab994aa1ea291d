import type { MetricUnit } from '@modelops/plugin-model-deployments-common';

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/**
 * Fewer decimals as a number grows: 12.5, 125; below 1, three significant digits, so that small
 * figures (a millicore of CPU, 0.0012 cores) stay apart on an axis: 0.025, 0.0012.
 */
function decimal(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude > 0 && magnitude < 1) {
    return new Intl.NumberFormat('en-US', {
      maximumSignificantDigits: 3,
    }).format(value);
  }
  let digits = 0;
  if (magnitude < 10) {
    digits = 2;
  } else if (magnitude < 100) {
    digits = 1;
  }
  return new Intl.NumberFormat('en-US', {
    maximumFractionDigits: digits,
  }).format(value);
}

function plural(value: number, one: string, many: string): string {
  return `${decimal(value)} ${value === 1 ? one : many}`;
}

const FORMATS: Readonly<
  Record<MetricUnit | 'instances', (value: number) => string>
> = {
  'requests/s': value => `${decimal(value)} req/s`,
  ms: value => `${decimal(value)} ms`,
  percent: value => `${decimal(value)} %`,
  cores: value => plural(value, 'core', 'cores'),
  bytes: value =>
    Math.abs(value) >= GIB
      ? `${decimal(value / GIB)} GiB`
      : `${decimal(value / MIB)} MiB`,
  instances: value => plural(value, 'instance', 'instances'),
};

/**
 * A figure with its unit as users read it: "12.5 req/s", "230 ms", "1.5 %", "0.25 cores", "512 MiB",
 * "2.5 GiB", "1 instance"; "—" where there is no value.
 */
export function formatMetricValue(
  value: number | null,
  unit: MetricUnit | 'instances',
): string {
  return value === null || !Number.isFinite(value) ? '—' : FORMATS[unit](value);
}
