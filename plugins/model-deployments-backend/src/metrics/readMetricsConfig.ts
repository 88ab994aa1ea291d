import type { Config } from '@backstage/config';
import {
  METRIC_NAMES,
  type MetricName,
} from '@modelops/plugin-model-deployments-common';
import { parsePrometheusDuration } from './prometheusDuration';
import {
  METRICS_PRESETS,
  PRESET_QUERIES,
  templateVariables,
  variablesIn,
  type MetricsPreset,
} from './queryTemplates';

/** `modelDeployments.metrics.prometheus`, checked, with its defaults applied. */
export type PrometheusMetricsConfig = {
  /** The base URL of the Prometheus HTTP API, without a trailing slash. */
  url: string;
  preset: MetricsPreset;
  /** The smallest window given to rate(). */
  rateWindowMs: number;
  timeoutSeconds: number;
  /** Sent with every query, e.g. `Authorization` for a managed Prometheus. */
  headers: Record<string, string>;
  /** The preset's PromQL templates, with those of `queries` in their place. */
  queries: Record<MetricName, string>;
};

const KEY = 'modelDeployments.metrics.prometheus';

function readUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${KEY}.url must be a URL, e.g. http://prometheus:9090`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${KEY}.url must be an http or https URL`);
  }
  if (url.username || url.password) {
    // fetch refuses credentials in a URL, and a URL is shown in error messages.
    throw new Error(
      `${KEY}.url must not hold credentials; give them in ${KEY}.headers.Authorization`,
    );
  }
  return text.replace(/\/+$/, '');
}

function checkTemplate(metric: MetricName, template: string): void {
  const allowed = templateVariables(metric);
  const used = variablesIn(template);
  const unknown = used.find(variable => !allowed.includes(variable));
  if (unknown !== undefined) {
    throw new Error(
      `${KEY}.queries.${metric} uses {{${unknown}}}, which is not a variable of this query; use ${allowed
        .map(variable => `{{${variable}}}`)
        .join(', ')}`,
    );
  }
  if (metric === 'latency' && !used.includes('quantile')) {
    throw new Error(
      `${KEY}.queries.latency must use {{quantile}}: it is run once for each of p50, p95 and p99`,
    );
  }
}

/**
 * Reads and checks `modelDeployments.metrics.prometheus`; `undefined` when it is absent, and the
 * deployments' metrics are then reported as not configured. A mistake is an error at startup.
 */
export function readMetricsConfig(
  config: Config,
): PrometheusMetricsConfig | undefined {
  const prometheus = config.getOptionalConfig(KEY);
  if (!prometheus) {
    return undefined;
  }

  const preset = (prometheus.getOptionalString('preset') ??
    'istio') as MetricsPreset;
  if (!METRICS_PRESETS.includes(preset)) {
    throw new Error(
      `${KEY}.preset must be one of ${METRICS_PRESETS.join(', ')}`,
    );
  }

  const rateWindow = prometheus.getOptionalString('rateWindow') ?? '1m';
  const rateWindowMs = parsePrometheusDuration(rateWindow);
  if (!rateWindowMs) {
    throw new Error(
      `${KEY}.rateWindow must be a Prometheus duration longer than 0, e.g. 1m or 30s`,
    );
  }

  const timeoutSeconds = prometheus.getOptionalNumber('timeoutSeconds') ?? 10;
  if (!(timeoutSeconds > 0)) {
    throw new Error(`${KEY}.timeoutSeconds must be more than 0`);
  }

  const headersConfig = prometheus.getOptionalConfig('headers');
  const headers = Object.fromEntries(
    (headersConfig?.keys() ?? []).map(name => [
      name,
      headersConfig!.getString(name),
    ]),
  );

  const queries = { ...PRESET_QUERIES[preset] };
  const queriesConfig = prometheus.getOptionalConfig('queries');
  for (const metric of queriesConfig?.keys() ?? []) {
    if (!(METRIC_NAMES as readonly string[]).includes(metric)) {
      throw new Error(
        `${KEY}.queries.${metric} is not a metric; use one of ${METRIC_NAMES.join(
          ', ',
        )}`,
      );
    }
    const template = queriesConfig!.getString(metric);
    checkTemplate(metric as MetricName, template);
    queries[metric as MetricName] = template;
  }

  return {
    url: readUrl(prometheus.getString('url')),
    preset,
    rateWindowMs,
    timeoutSeconds,
    headers,
    queries,
  };
}
