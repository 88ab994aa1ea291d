import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { PRESET_QUERIES } from './queryTemplates';
import { readMetricsConfig } from './readMetricsConfig';

const read = (prometheus: JsonObject) =>
  readMetricsConfig(
    new ConfigReader({ modelDeployments: { metrics: { prometheus } } }),
  );

describe('readMetricsConfig', () => {
  it('gives nothing without modelDeployments.metrics.prometheus', () => {
    expect(readMetricsConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      readMetricsConfig(
        new ConfigReader({ modelDeployments: { metrics: {} } }),
      ),
    ).toBeUndefined();
  });

  it('applies the defaults: Istio, a 1 minute rate window, 10 s', () => {
    expect(read({ url: 'http://prometheus.monitoring:9090/' })).toEqual({
      url: 'http://prometheus.monitoring:9090',
      preset: 'istio',
      rateWindowMs: 60_000,
      timeoutSeconds: 10,
      headers: {},
      environments: {},
      queries: PRESET_QUERIES.istio,
    });
  });

  it('reads the preset, window, timeout, headers and the queries that replace the preset’s', () => {
    const requestRate =
      'sum(rate(requests_total{namespace="{{ namespace }}",app="{{name}}"}[{{window}}]))';
    const latency =
      'histogram_quantile({{quantile}}, sum by (le) (rate(latency_bucket{workload=~"{{workloads}}"}[{{window}}])))';
    expect(
      read({
        url: 'https://mimir.example.com/prometheus',
        preset: 'opentelemetry',
        rateWindow: '2m30s',
        timeoutSeconds: 2.5,
        headers: { Authorization: 'Bearer token', 'X-Scope-OrgID': 'ml' },
        queries: { requestRate, latency },
      }),
    ).toEqual({
      url: 'https://mimir.example.com/prometheus',
      preset: 'opentelemetry',
      rateWindowMs: 150_000,
      timeoutSeconds: 2.5,
      headers: { Authorization: 'Bearer token', 'X-Scope-OrgID': 'ml' },
      environments: {},
      queries: { ...PRESET_QUERIES.opentelemetry, requestRate, latency },
    });
  });

  it("reads the Prometheus of each environment that has its own, with that one's headers alone", () => {
    expect(
      read({
        url: 'https://thanos.example.com/',
        headers: { Authorization: 'Bearer shared' },
        environments: {
          production: {
            url: 'http://prometheus.prod-cluster:9090/',
            headers: { Authorization: 'Bearer production' },
          },
          staging: { url: 'http://prometheus.staging-cluster:9090' },
        },
      }),
    ).toMatchObject({
      url: 'https://thanos.example.com',
      headers: { Authorization: 'Bearer shared' },
      environments: {
        production: {
          url: 'http://prometheus.prod-cluster:9090',
          headers: { Authorization: 'Bearer production' },
        },
        staging: { url: 'http://prometheus.staging-cluster:9090', headers: {} },
      },
    });
  });

  it('names the metric and the variable of a template that uses an unknown one', () => {
    expect(() =>
      read({
        url: 'http://prometheus:9090',
        queries: {
          cpu: 'sum by (pod) (rate(cpu{pod=~"{{pod}}"}[{{window}}]))',
        },
      }),
    ).toThrow(
      'modelDeployments.metrics.prometheus.queries.cpu uses {{pod}}, which is not a variable of this query; use {{namespace}}, {{name}}, {{workloads}}, {{pods}}, {{window}}',
    );
    expect(() =>
      read({
        url: 'http://prometheus:9090',
        queries: { errorRate: 'histogram_quantile({{quantile}}, x)' },
      }),
    ).toThrow(
      'modelDeployments.metrics.prometheus.queries.errorRate uses {{quantile}}, which is not a variable of this query',
    );
  });

  it('wants {{quantile}} in a latency template', () => {
    expect(() =>
      read({
        url: 'http://prometheus:9090',
        queries: { latency: 'histogram_quantile(0.99, x)' },
      }),
    ).toThrow(
      'modelDeployments.metrics.prometheus.queries.latency must use {{quantile}}',
    );
  });

  it.each([
    [{ queries: { throughput: 'x' } }, 'queries.throughput is not a metric'],
    [{ preset: 'linkerd' }, 'preset must be one of istio, opentelemetry'],
    [{ rateWindow: '1 minute' }, 'rateWindow must be a Prometheus duration'],
    [{ rateWindow: '0s' }, 'rateWindow must be a Prometheus duration'],
    [{ timeoutSeconds: 0 }, 'timeoutSeconds must be more than 0'],
    [{ url: 'prometheus:9090' }, 'url must be an http or https URL'],
    [{ url: 'not a url' }, 'url must be a URL'],
    [
      { url: 'http://admin:secret@prometheus:9090' },
      'url must not hold credentials; give them in modelDeployments.metrics.prometheus.headers.Authorization',
    ],
    [
      { environments: { qa: { url: 'http://prometheus.qa:9090' } } },
      'environments.qa is not an environment; use one of development, staging, production',
    ],
    [
      { environments: { production: { url: 'prometheus.prod:9090' } } },
      'environments.production.url must be an http or https URL',
    ],
  ])('refuses %j', (settings, message) => {
    expect(() => read({ url: 'http://prometheus:9090', ...settings })).toThrow(
      `modelDeployments.metrics.prometheus.${message}`,
    );
  });

  it('requires the url, also of an environment', () => {
    expect(() => read({ preset: 'istio' })).toThrow(
      "Missing required config value at 'modelDeployments.metrics.prometheus.url'",
    );
    expect(() =>
      read({ url: 'http://prometheus:9090', environments: { staging: {} } }),
    ).toThrow(
      "Missing required config value at 'modelDeployments.metrics.prometheus.environments.staging.url'",
    );
  });
});
