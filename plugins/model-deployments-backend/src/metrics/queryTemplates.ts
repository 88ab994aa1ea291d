import type { MetricName } from '@modelops/plugin-model-deployments-common';

/** Which request metrics the deployments' traffic is measured with. */
export const METRICS_PRESETS = ['istio', 'opentelemetry'] as const;

export type MetricsPreset = (typeof METRICS_PRESETS)[number];

export const PRESET_SOURCES: Record<MetricsPreset, string> = {
  istio: 'Prometheus (Istio request metrics)',
  opentelemetry: 'Prometheus (OpenTelemetry HTTP server metrics)',
};

/** cAdvisor's (kubelet's) and DCGM's series of the workloads' pods, whatever measures the requests. */
const RESOURCE_QUERIES = {
  cpu: 'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="{{namespace}}",pod=~"{{pods}}",container!="",container!="POD"}[{{window}}]))',
  memory:
    'sum by (pod) (container_memory_working_set_bytes{namespace="{{namespace}}",pod=~"{{pods}}",container!="",container!="POD"})',
  gpu: 'avg by (pod) (DCGM_FI_DEV_GPU_UTIL{namespace="{{namespace}}",pod=~"{{pods}}"})',
};

const ISTIO_REQUESTS =
  'reporter="destination",destination_workload_namespace="{{namespace}}",destination_workload=~"{{workloads}}"';

const OTEL_REQUESTS =
  'k8s_namespace_name="{{namespace}}",k8s_deployment_name=~"{{workloads}}"';

/**
 * The PromQL of each metric. The error rate's 5xx rate falls back to 0 (`or vector(0)`) while requests
 * come in without errors, and has no value while none come in at all.
 */
export const PRESET_QUERIES: Record<
  MetricsPreset,
  Record<MetricName, string>
> = {
  istio: {
    requestRate: `sum(rate(istio_requests_total{${ISTIO_REQUESTS}}[{{window}}]))`,
    latency: `histogram_quantile({{quantile}}, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${ISTIO_REQUESTS}}[{{window}}])))`,
    errorRate: `100 * (sum(rate(istio_requests_total{${ISTIO_REQUESTS},response_code=~"5.."}[{{window}}])) or vector(0)) / sum(rate(istio_requests_total{${ISTIO_REQUESTS}}[{{window}}]))`,
    ...RESOURCE_QUERIES,
  },
  opentelemetry: {
    requestRate: `sum(rate(http_server_request_duration_seconds_count{${OTEL_REQUESTS}}[{{window}}]))`,
    latency: `1000 * histogram_quantile({{quantile}}, sum by (le) (rate(http_server_request_duration_seconds_bucket{${OTEL_REQUESTS}}[{{window}}])))`,
    errorRate: `100 * (sum(rate(http_server_request_duration_seconds_count{${OTEL_REQUESTS},http_response_status_code=~"5.."}[{{window}}])) or vector(0)) / sum(rate(http_server_request_duration_seconds_count{${OTEL_REQUESTS}}[{{window}}]))`,
    ...RESOURCE_QUERIES,
  },
};

/** What a template's variables stand for, for one deployment (or one of its tracks) and one query. */
export type TemplateValues = {
  namespace: string;
  /** The deployment's name. */
  name: string;
  /** Its Kubernetes Deployments. */
  workloads: readonly string[];
  /** The rate window, a PromQL duration. */
  window: string;
  /** Latency only: the quantile to compute. */
  quantile?: number;
};

const COMMON_VARIABLES = ['namespace', 'name', 'workloads', 'pods', 'window'];

/** The variables a metric's template may use: `quantile` is latency's alone. */
export function templateVariables(metric: MetricName): string[] {
  return metric === 'latency'
    ? [...COMMON_VARIABLES, 'quantile']
    : COMMON_VARIABLES;
}

/** `{{name}}`, or `{{ name }}` as the runtime's image templates write it. */
const VARIABLE = /\{\{\s*([^{}\s]*)\s*\}\}/g;

/** The variables a template uses. */
export function variablesIn(template: string): string[] {
  return [...template.matchAll(VARIABLE)].map(match => match[1]);
}

const escapeRegex = (text: string) =>
  text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/** A value as the content of a double-quoted PromQL string: the templates put it between quotes. */
const escapeString = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus anchors label regexes, so the alternation matches these names exactly. */
const workloadsRegex = (workloads: readonly string[]) =>
  `(?:${workloads.map(escapeRegex).join('|')})`;

/** A Deployment's pods are named `<deployment>-<pod template hash>-<suffix>`. */
const podsRegex = (workloads: readonly string[]) =>
  `${workloadsRegex(workloads)}-[a-z0-9]+-[a-z0-9]+`;

/** The template with its variables replaced; the templates were checked by readMetricsConfig. */
export function renderQuery(template: string, values: TemplateValues): string {
  const rendered: Record<string, string> = {
    namespace: escapeString(values.namespace),
    name: escapeString(values.name),
    workloads: escapeString(workloadsRegex(values.workloads)),
    pods: escapeString(podsRegex(values.workloads)),
    window: values.window,
    quantile: String(values.quantile),
  };
  return template.replace(
    VARIABLE,
    (_, variable: string) => rendered[variable],
  );
}
