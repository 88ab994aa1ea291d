import type { Config } from '@backstage/config';
import {
  ENVIRONMENTS,
  METRIC_NAMES,
  type DeploymentEnvironment,
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

/** Where a Prometheus HTTP API answers, and what is sent with every query to it. */
export type PrometheusEndpoint = {
  /** The base URL of the Prometheus HTTP API, without a trailing slash. */
  url: string;
  /** Sent with every query, e.g. `Authorization` for a managed Prometheus. */
  headers: Record<string, string>;
};

/** `modelDeployments.metrics.prometheus`, checked, with its defaults applied. */
export type PrometheusMetricsConfig = PrometheusEndpoint & {
  /** The Prometheus of an environment whose cluster has its own, in place of `url` and `headers`. */
  environments: Partial<Record<DeploymentEnvironment, PrometheusEndpoint>>;
  preset: MetricsPreset;
  /** The smallest window given to rate(). */
  rateWindowMs: number;
  timeoutSeconds: number;
  /** The preset's PromQL templates, with those of `queries` in their place. */
  queries: Record<MetricName, string>;
};

const KEY = 'modelDeployments.metrics.prometheus';

/** The `url` and `headers` of `config`, whose key is `key`. */
function readEndpoint(config: Config, key: string): PrometheusEndpoint {
  const text = config.getString('url');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${key}.url must be a URL, e.g. http://prometheus:9090`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${key}.url must be an http or https URL`);
  }
  if (url.username || url.password) {
    // A URL is shown in error messages; credentials belong in a header.
    throw new Error(
      `${key}.url must not hold credentials; give them in ${key}.headers.Authorization`,
    );
  }
  const headers = config.getOptionalConfig('headers');
  return {
    url: text.replace(/\/+$/, ''),
    headers: Object.fromEntries(
      (headers?.keys() ?? []).map(name => [name, headers!.getString(name)]),
    ),
  };
}

function readEnvironments(
  prometheus: Config,
): PrometheusMetricsConfig['environments'] {
  const environments = prometheus.getOptionalConfig('environments');
  const endpoints: PrometheusMetricsConfig['environments'] = {};
  for (const environment of environments?.keys() ?? []) {
    if (!(ENVIRONMENTS as readonly string[]).includes(environment)) {
      throw new Error(
        `${KEY}.environments.${environment} is not an environment; use one of ${ENVIRONMENTS.join(
          ', ',
        )}`,
      );
    }
    endpoints[environment as DeploymentEnvironment] = readEndpoint(
      environments!.getConfig(environment),
      `${KEY}.environments.${environment}`,
    );
  }
  return endpoints;
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
    ...readEndpoint(prometheus, KEY),
    environments: readEnvironments(prometheus),
    preset,
    rateWindowMs,
    timeoutSeconds,
    queries,
  };
}
