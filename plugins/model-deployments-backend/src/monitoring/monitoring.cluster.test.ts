import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockCredentials } from '@backstage/backend-test-utils';
import { eventually, useTestNamespace } from '@internal/local-cluster';
import {
  startRequestMetricsExporter,
  type RequestMetricsExporter,
  type WorkloadTraffic,
} from '@internal/local-cluster/requestMetricsExporter';
import type {
  AlertList,
  DeploymentMetrics,
  InstanceList,
  MetricResult,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import request from 'supertest';
import {
  startPrometheus,
  type TestPrometheus,
} from '../__testUtils__/prometheus';
import {
  startRuntimeTestBackend,
  type RuntimeTestBackend,
} from '../__testUtils__/startRuntimeTestBackend';

jest.setTimeout(180_000);

const API = '/api/model-deployments';
const auth = mockCredentials.user.header('user:default/alice');

/** Half the requests within 50 ms, 90 % within 100 ms, 99 % within 250 ms: p50 50, p95 183.3, p99 250. */
const LATENCY: WorkloadTraffic['latencyBuckets'] = [
  [50, 0.5],
  [100, 0.9],
  [250, 0.99],
  [500, 1],
];

function lastValue(result: MetricResult | undefined, label?: string) {
  const series = result?.series.find(s => !label || s.label === label);
  const values = (series?.points ?? [])
    .map(([, value]) => value)
    .filter((value): value is number => value !== null);
  return values[values.length - 1];
}

/**
 * Monitoring of deployments that run on the test cluster, measured by a real Prometheus that scrapes an
 * exporter serving known request counts and latency histograms for the deployment's workloads (the
 * simulated pods serve no requests; their names and namespace are the real ones).
 */
describe('monitoring on a real cluster and a real Prometheus', () => {
  const namespace = useTestNamespace();
  let exporter: RequestMetricsExporter;
  let prometheus: TestPrometheus;
  let backend: RuntimeTestBackend['backend'];
  let api: RuntimeTestBackend['api'];

  beforeAll(async () => {
    exporter = await startRequestMetricsExporter();
    prometheus = await startPrometheus({ scrapeTargets: [exporter.hostPort] });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  beforeEach(async () => {
    ({ backend, api } = await startRuntimeTestBackend({
      namespace: namespace.name,
      // The real scheduler, whose trigger endpoint runs the alert evaluation now.
      scheduler: schedulerServiceFactory,
      modelDeployments: {
        metrics: { prometheus: { url: prometheus.url, rateWindow: '5s' } },
        alerts: { windowSeconds: 5 },
      },
    }));
  });

  afterEach(async () => {
    await backend.stop();
  });

  async function instances(id: string): Promise<InstanceList> {
    const response = await request(backend.server)
      .get(`${API}/deployments/${id}/instances`)
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function metrics(
    id: string,
    query: Record<string, string | number> = {},
  ): Promise<DeploymentMetrics> {
    const to = new Date();
    const response = await request(backend.server)
      .get(`${API}/deployments/${id}/metrics`)
      .query({
        from: new Date(to.getTime() - 30_000).toISOString(),
        to: to.toISOString(),
        step: 2,
        ...query,
      })
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    return response.body;
  }

  function traffic(
    pods: string[],
    overrides: Partial<WorkloadTraffic> = {},
  ): WorkloadTraffic {
    return {
      namespace: namespace.name,
      name: 'sentiment',
      requestsPerSecond: 20,
      errorRatio: 0.1,
      latencyBuckets: LATENCY,
      pods: pods.map(name => ({
        name,
        cpuCores: 0.5,
        memoryBytes: 2 ** 30,
      })),
      ...overrides,
    };
  }

  it('answers the request rate, latency percentiles, error rate and usage of each instance, as Prometheus computes them', async () => {
    const created = await api.createRunning();
    const { items } = await instances(created.id);
    expect(items.map(i => [i.track, i.phase, i.ready])).toEqual([
      ['stable', 'Running', true],
      ['stable', 'Running', true],
    ]);
    const pods = items.map(i => i.name);
    exporter.set('sentiment', traffic(pods));
    await prometheus.waitForSamples(
      `rate(istio_requests_total{destination_workload_namespace="${namespace.name}"}[5s])`,
      30_000,
    );

    const answer = await eventually(
      'a full rate window of samples',
      async () => {
        const body = await metrics(created.id);
        const rate = lastValue(
          body.metrics.find(m => m.metric === 'requestRate'),
        );
        return rate !== undefined && Math.abs(rate - 20) < 1e-6
          ? body
          : undefined;
      },
    );

    expect(answer).toMatchObject({
      state: 'ok',
      source: 'Prometheus (Istio request metrics)',
      stepSeconds: 2,
    });
    const byName = (name: string) =>
      answer.metrics.find(m => m.metric === name);
    expect(answer.metrics.map(m => [m.metric, m.unit])).toEqual([
      ['requestRate', 'requests/s'],
      ['latency', 'ms'],
      ['errorRate', 'percent'],
      ['cpu', 'cores'],
      ['memory', 'bytes'],
    ]);
    expect(lastValue(byName('errorRate'))).toBeCloseTo(10, 6);
    expect(lastValue(byName('latency'), 'p50')).toBeCloseTo(50, 6);
    expect(lastValue(byName('latency'), 'p95')).toBeCloseTo(183.333, 2);
    expect(lastValue(byName('latency'), 'p99')).toBeCloseTo(250, 6);
    expect(
      byName('cpu')!
        .series.map(s => s.instance)
        .sort(),
    ).toEqual([...pods].sort());
    expect(lastValue(byName('cpu'))).toBeCloseTo(0.5, 6);
    expect(lastValue(byName('memory'))).toBe(2 ** 30);

    // Only the canary's workload, of which there is none: nothing is measured, nothing is shown.
    const canary = await metrics(created.id, { track: 'canary' });
    expect(canary.track).toBe('canary');
    expect(canary.metrics.every(m => m.series.length === 0)).toBe(true);
  });

  it("reads an instance's log through the API server, and refuses other pods and containers", async () => {
    const created = await api.createRunning({ replicas: { min: 1, max: 2 } });
    const [pod] = (await instances(created.id)).items;

    const log = await request(backend.server)
      .get(`${API}/deployments/${created.id}/instances/${pod.name}/logs`)
      .query({ tailLines: 2 })
      .set('Authorization', auth);
    expect(log.status).toBe(200);
    expect(log.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = log.text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.every(line => line.includes('(simulated)'))).toBe(true);

    const other = await request(backend.server)
      .get(`${API}/deployments/${created.id}/instances/kube-apiserver/logs`)
      .set('Authorization', auth);
    expect(other.status).toBe(404);
    expect(other.body.error.message).toBe(
      "No instance 'kube-apiserver' of deployment 'sentiment'",
    );
    const container = await request(backend.server)
      .get(`${API}/deployments/${created.id}/instances/${pod.name}/logs`)
      .query({ container: 'istio-proxy' })
      .set('Authorization', auth);
    expect(container.status).toBe(400);
    expect(container.body.error.message).toBe(
      "container must be one of the instance's containers: model-server",
    );
  });

  it('aborts a canary whose error rate is above the threshold, rolls it back, and records the figures', async () => {
    const created = await api.createRunning({
      replicas: { min: 3, max: 5 },
      monitoring: { maxErrorRatePercent: 5 },
    });
    const stablePods = (await instances(created.id)).items.map(i => i.name);
    exporter.set('sentiment', traffic(stablePods, { errorRatio: 0.01 }));
    // The canary's requests fail a third of the time from its first instance on.
    exporter.set(
      'sentiment-canary',
      traffic([], { requestsPerSecond: 10, errorRatio: 0.3 }),
    );

    await api
      .act(created.id, 'update-model', {
        modelVersion: 'v2.0.0',
        strategy: 'canary',
        canary: { steps: [{ weightPercent: 25, pauseSeconds: 5 }] },
      })
      .expect(202);

    // The rollback restores revision 1's spec as revision 3.
    const rolledBack = await api.until(
      created.id,
      'the canary to be aborted and rolled back',
      d => d.status === 'running' && d.activeRevision === 3,
      { timeoutMs: 120_000 },
    );
    expect(rolledBack.spec.modelVersion).toBe('v2.1.0');
    expect(rolledBack.instances).toMatchObject({ current: 3, ready: 3 });
    const figures =
      "Canary step 1 of 1 analysis: fail: the canary's error rate 30 % is above 5 % (Prometheus (Istio request metrics)) (canary requests/s 10, canary error rate % 30, canary p99 ms 250, stable requests/s 20, stable error rate % 1, stable p99 ms 250)";
    expect((await api.events(created.id)).map(e => e.message)).toEqual(
      expect.arrayContaining([
        `Revision 2 did not roll out: ${figures}`,
        `Rolling back automatically to revision 1 (v2.1.0): ${figures}`,
        'Revision 3 is serving: 3 of 3 instances ready',
      ]),
    );
  });

  it('fires an alert while the error rate is above the threshold, shows it on the deployment, and resolves it', async () => {
    const created = await api.createRunning({
      monitoring: { maxErrorRatePercent: 5 },
    });
    const pods = (await instances(created.id)).items.map(i => i.name);
    exporter.set('sentiment', traffic(pods, { errorRatio: 0.5 }));
    // The workload's counters go on from the earlier tests' traffic: until a whole window lies after the
    // change, the error rate is a mix of before and after, and an alert would fire or resolve on that.
    const requests = (codes: string) =>
      `sum(rate(istio_requests_total{destination_workload_namespace="${namespace.name}",destination_workload="sentiment"${codes}}[5s]))`;
    const errorRatio = `${requests(',response_code=~"5.."')} / ${requests('')}`;
    await prometheus.waitForSamples(`${errorRatio} > 0.4999`, 30_000);

    const evaluate = async () => {
      const trigger = await request(backend.server)
        .post(`${API}/.backstage/scheduler/v1/tasks/evaluate-alerts/trigger`)
        .set('Authorization', mockCredentials.service.header());
      // 409 while a run is under way; the next attempt triggers again.
      expect([200, 204, 409]).toContain(trigger.status);
    };
    const firing = await eventually('the alert to fire', async () => {
      await evaluate();
      const deployment: ModelDeployment = await api.get(created.id);
      return deployment.firingAlerts?.length ? deployment : undefined;
    });
    expect(firing.firingAlerts).toEqual([
      expect.objectContaining({
        kind: 'error-rate',
        state: 'firing',
        threshold: 5,
        unit: 'percent',
        summary: 'Error rate 50 % over the last 5 s is above 5 %',
      }),
    ]);
    expect(firing.firingAlerts![0].value).toBeCloseTo(50, 6);

    exporter.set('sentiment', traffic(pods, { errorRatio: 0 }));
    await prometheus.waitForSamples(`${errorRatio} == 0`, 30_000);
    await eventually('the alert to resolve', async () => {
      await evaluate();
      return !(await api.get(created.id)).firingAlerts;
    });
    const alerts = await request(backend.server)
      .get(`${API}/deployments/${created.id}/alerts`)
      .set('Authorization', auth);
    expect(alerts.status).toBe(200);
    // It resolves at the first evaluation within the threshold, which may still see some of the errors
    // in its window (an evaluation the firing loop triggered can run after the traffic changed).
    const [resolved] = (alerts.body as AlertList).items;
    expect((alerts.body as AlertList).items).toHaveLength(1);
    expect(resolved).toMatchObject({ kind: 'error-rate', state: 'resolved' });
    expect(resolved.value).toBeLessThan(5);
    expect(resolved.summary).toMatch(
      /^Error rate \d+(\.\d+)? % over the last 5 s is within 5 %$/,
    );
  });
});
