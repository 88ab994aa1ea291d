import { METRIC_NAMES } from '@modelops/plugin-model-deployments-common';
import {
  METRICS_PRESETS,
  PRESET_QUERIES,
  renderQuery,
  templateVariables,
  variablesIn,
} from './queryTemplates';

const values = {
  namespace: 'models',
  name: 'fraud',
  workloads: ['fraud', 'fraud-canary'],
  window: '1m',
};

describe('renderQuery', () => {
  it('replaces each variable, with or without spaces in the braces', () => {
    expect(
      renderQuery(
        'x{ns="{{namespace}}",svc="{{ name }}",w=~"{{workloads}}",pod=~"{{pods}}"}[{{window}}] {{quantile}}',
        { ...values, quantile: 0.95 },
      ),
    ).toBe(
      'x{ns="models",svc="fraud",w=~"(?:fraud|fraud-canary)",pod=~"(?:fraud|fraud-canary)-[a-z0-9]+-[a-z0-9]+"}[1m] 0.95',
    );
  });

  it('escapes regex characters of workload names, then the string for PromQL', () => {
    // A Deployment's name may hold dots: `\.` in the regex, written `\\.` in a PromQL string.
    expect(
      renderQuery('{{workloads}} {{pods}}', {
        ...values,
        workloads: ['fraud.v2'],
      }),
    ).toBe(String.raw`(?:fraud\\.v2) (?:fraud\\.v2)-[a-z0-9]+-[a-z0-9]+`);
  });

  it('escapes quotes and backslashes in plain values', () => {
    expect(
      renderQuery('{{namespace}}', { ...values, namespace: 'a"b\\c' }),
    ).toBe(String.raw`a\"b\\c`);
  });

  it('renders every preset query to PromQL without a variable left', () => {
    for (const preset of METRICS_PRESETS) {
      for (const metric of METRIC_NAMES) {
        const template = PRESET_QUERIES[preset][metric];
        expect(
          variablesIn(template).filter(
            variable => !templateVariables(metric).includes(variable),
          ),
        ).toEqual([]);
        expect(
          renderQuery(template, { ...values, quantile: 0.99 }),
        ).not.toMatch(/\{\{|\}\}/);
      }
    }
  });
});

describe('the pods a query selects', () => {
  /** The pod regex as Prometheus applies it: anchored at both ends. */
  const selects = (workloads: string[], pod: string) => {
    const [, regex] = /pod=~"(.*)"/.exec(
      renderQuery('x{pod=~"{{pods}}"}', { ...values, workloads }),
    )!;
    return new RegExp(`^(?:${regex.replace(/\\\\/g, '\\')})$`).test(pod);
  };

  it("are the deployment's own, never another deployment's whose name starts the same", () => {
    expect(selects(['fraud', 'fraud-canary'], 'fraud-7d4b9c8f6-x2k9p')).toBe(
      true,
    );
    expect(selects(['fraud', 'fraud-canary'], 'fraud-canary-5f6d7-abcde')).toBe(
      true,
    );
    // Another team's deployment "fraud-v2", and one named like a pod template hash: a Deployment's pods
    // are <name>-<hash>-<suffix>, so a longer name has one segment too many.
    expect(selects(['fraud'], 'fraud-v2-7d4b9c8f6-x2k9p')).toBe(false);
    expect(selects(['fraud'], 'fraud-7d4b9c8f6-7d4b9c8f6-x2k9p')).toBe(false);
    expect(selects(['fraud'], 'fraudulent-7d4b9c8f6-x2k9p')).toBe(false);
  });
});

describe('the preset queries', () => {
  it('select Istio requests by the destination workload, and OpenTelemetry ones by the deployment', () => {
    const rendered = (preset: 'istio' | 'opentelemetry') =>
      renderQuery(PRESET_QUERIES[preset].requestRate, values);
    expect(rendered('istio')).toBe(
      'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="models",destination_workload=~"(?:fraud|fraud-canary)"}[1m]))',
    );
    expect(rendered('opentelemetry')).toBe(
      'sum(rate(http_server_request_duration_seconds_count{k8s_namespace_name="models",k8s_deployment_name=~"(?:fraud|fraud-canary)"}[1m]))',
    );
  });

  it('give latency in milliseconds for both', () => {
    expect(PRESET_QUERIES.istio.latency).toContain(
      'histogram_quantile({{quantile}}, sum by (le) (rate(istio_request_duration_milliseconds_bucket',
    );
    expect(PRESET_QUERIES.opentelemetry.latency).toMatch(
      /^1000 \* histogram_quantile\(\{\{quantile\}\}, sum by \(le\) \(rate\(http_server_request_duration_seconds_bucket/,
    );
  });
});
