// One file: the behaviours of one component (the Monitoring tab) and the stand-in client they share.
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  DeploymentMetrics,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import {
  aDeployment,
  anOperation,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import {
  aMetric,
  aSeries,
  NOW,
  someMetrics,
} from '../../__testUtils__/monitoring';
import { MonitoringPanel } from './MonitoringPanel';

async function renderPanel(
  api: ModelDeploymentsApi,
  deployment: ModelDeployment = aDeployment(),
) {
  await renderInTestApp(
    <TestApiProvider apis={[[modelDeploymentsApiRef, api]]}>
      <MonitoringPanel deployment={deployment} />
    </TestApiProvider>,
  );
}

function apiAnswering(...answers: DeploymentMetrics[]) {
  let reads = 0;
  return mockModelDeploymentsApi({
    getMetrics: async () => answers[Math.min(reads++, answers.length - 1)],
  });
}

/** The chart of a metric, found by its name as a user's screen reader announces it. */
function chart(name: string) {
  return within(screen.getByRole('figure', { name }));
}

function choose(select: RegExp, option: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: select }));
  fireEvent.click(
    within(screen.getByRole('listbox')).getByRole('option', { name: option }),
  );
}

describe('MonitoringPanel', () => {
  beforeEach(() => {
    // Only the clock is fixed, so the range sent is known; timers run as usual.
    jest.useFakeTimers({
      now: NOW,
      doNotFake: [
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'setImmediate',
        'clearImmediate',
        'queueMicrotask',
        'nextTick',
        'requestAnimationFrame',
        'cancelAnimationFrame',
      ],
    });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows each metric with its unit, the latency quantiles, an instance per line and the thresholds', async () => {
    const deployment = aDeployment();
    deployment.spec.monitoring = {
      maxErrorRatePercent: 2.5,
      maxP99LatencyMs: 300,
      alertOnNoReadyInstances: true,
    };
    const api = apiAnswering(someMetrics());
    await renderPanel(api, deployment);

    expect(
      await screen.findByRole('figure', { name: 'Request rate' }),
    ).toBeInTheDocument();
    expect(api.getMetrics).toHaveBeenCalledWith('d1', {
      from: '2026-11-26T09:00:00.000Z',
      to: '2026-11-26T10:00:00.000Z',
      step: 15,
    });
    expect(
      screen.getByText(
        /^Prometheus \(Istio request metrics\), a point every 15 s/,
      ),
    ).toBeInTheDocument();

    const latency = chart('Latency');
    for (const quantile of ['p50', 'p95', 'p99']) {
      expect(latency.getByText(quantile)).toBeInTheDocument();
    }
    expect(latency.getAllByText(/ ms$/).length).toBeGreaterThan(0);
    expect(
      latency.getByText('Alert and canary threshold for p99: 300 ms'),
    ).toBeInTheDocument();
    expect(
      chart('Error rate (5xx)').getByText('Alert and canary threshold: 2.5 %'),
    ).toBeInTheDocument();
    expect(
      chart('Request rate').getAllByText(/ req\/s$/).length,
    ).toBeGreaterThan(0);

    const cpu = chart('CPU usage');
    expect(cpu.getByText('bert-7f9c-a')).toBeInTheDocument();
    expect(cpu.getByText('bert-7f9c-b')).toBeInTheDocument();
    expect(cpu.getAllByText(/ cores?$/).length).toBeGreaterThan(0);
    expect(chart('Memory usage').getAllByText(/ GiB$/).length).toBeGreaterThan(
      0,
    );
    expect(
      screen.getByRole('figure', { name: 'GPU utilization' }),
    ).toBeInTheDocument();
  }, 20_000);

  it('draws the metrics the backend answers and no other, and no latency threshold when none is set', async () => {
    // The deployment has GPUs; whether GPU utilization applies is the backend's to say.
    const withoutGpu = someMetrics().metrics.filter(
      result => result.metric !== 'gpu',
    );
    await renderPanel(apiAnswering(someMetrics({ metrics: withoutGpu })));
    expect(
      await screen.findByRole('figure', { name: 'CPU usage' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('figure', { name: 'GPU utilization' }),
    ).toBeNull();
    expect(chart('Latency').queryByText(/threshold/)).toBeNull();
    expect(
      chart('Error rate (5xx)').getByText('Alert and canary threshold: 5 %'),
    ).toBeInTheDocument();
  }, 20_000);

  it("tells screen readers each series' latest, lowest and highest value, and lets the keyboard move along the chart", async () => {
    await renderPanel(apiAnswering(someMetrics()));
    const latency = within(
      await screen.findByRole('figure', { name: 'Latency' }),
    );
    expect(
      latency
        .getAllByRole('listitem')
        .map(item => item.textContent)
        .filter(text => /^p\d\d:/.test(text ?? '')),
    ).toEqual([
      'p50: latest 41 ms, lowest 40 ms, highest 42 ms',
      'p95: latest 92 ms, lowest 90 ms, highest 95 ms',
      'p99: latest 230 ms, lowest 180 ms, highest 230 ms',
    ]);
    expect(
      chart('Memory usage').getByText(
        'bert-7f9c-a: latest 3 GiB, lowest 2 GiB, highest 3 GiB',
      ),
    ).toBeInTheDocument();
    const surface = latency.getByRole('application', { name: 'Latency' });
    expect(surface).toHaveAttribute('tabindex', '0');
  }, 20_000);

  it('reads the range chosen, with its step', async () => {
    const api = apiAnswering(someMetrics());
    await renderPanel(api);
    await screen.findByRole('figure', { name: 'Request rate' });
    choose(/Time range/, 'Last 7 days');
    await screen.findByRole('figure', { name: 'Request rate' });
    expect(api.getMetrics).toHaveBeenLastCalledWith('d1', {
      from: '2026-11-19T09:48:00.000Z',
      to: '2026-11-26T09:48:00.000Z',
      step: 2520,
    });
    choose(/Time range/, 'Last 15 minutes');
    await screen.findByRole('figure', { name: 'Request rate' });
    expect(api.getMetrics).toHaveBeenLastCalledWith('d1', {
      from: '2026-11-26T09:45:00.000Z',
      to: '2026-11-26T10:00:00.000Z',
      step: 15,
    });
  }, 20_000);

  it('shows a spinner while the metrics load', async () => {
    const api = mockModelDeploymentsApi({
      getMetrics: () => new Promise(() => undefined),
    });
    await renderPanel(api);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it('shows why the metrics could not be loaded', async () => {
    const api = mockModelDeploymentsApi({
      getMetrics: async () => {
        throw new Error('connection reset');
      },
    });
    await renderPanel(api);
    expect(
      await screen.findByText(/Metrics could not be loaded/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/connection reset/).length).toBeGreaterThan(0);
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it('says plainly that no metrics provider is configured, and draws no chart', async () => {
    await renderPanel(
      apiAnswering(
        someMetrics({
          state: 'not-configured',
          source: undefined,
          message: 'No metrics provider is configured',
          metrics: [],
        }),
      ),
    );
    expect(
      await screen.findByText(/No metrics provider is configured/),
    ).toHaveTextContent(/modelDeployments\.metrics/);
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it("says why a configured provider cannot measure this deployment, in the backend's words", async () => {
    const message =
      'The environment staging has no cluster configured, so nothing of this deployment runs to be measured';
    await renderPanel(
      apiAnswering(
        someMetrics({ state: 'not-configured', message, metrics: [] }),
      ),
    );
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.queryByText(/No metrics provider/)).toBeNull();
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it("says that the provider did not answer, in the provider's words", async () => {
    await renderPanel(
      apiAnswering(
        someMetrics({
          state: 'unreachable',
          message: 'connect ECONNREFUSED 10.0.0.5:9090',
          metrics: [],
        }),
      ),
    );
    expect(
      await screen.findByText(
        'Prometheus (Istio request metrics) did not answer: connect ECONNREFUSED 10.0.0.5:9090',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it('says so in each chart that has no value in the range', async () => {
    const empty = [aSeries('x', [null, null])];
    await renderPanel(
      apiAnswering(
        someMetrics(
          {},
          {
            requestRate: aMetric('requestRate', []),
            latency: aMetric('latency', empty),
            errorRate: aMetric('errorRate', empty),
            cpu: aMetric('cpu', []),
          },
        ),
      ),
    );
    for (const name of ['Request rate', 'Latency', 'Error rate (5xx)']) {
      expect(
        (await screen.findByRole('figure', { name })).textContent,
      ).toContain('No requests in this range');
    }
    expect(
      chart('CPU usage').getByText('No samples in this range'),
    ).toBeInTheDocument();
    expect(chart('Memory usage').queryByText(/No samples/)).toBeNull();
  }, 20_000);

  it("shows a metric's error in its chart only", async () => {
    await renderPanel(
      apiAnswering(
        someMetrics(
          {},
          {
            gpu: aMetric(
              'gpu',
              [],
              'DCGM_FI_DEV_GPU_UTIL: no such metric in Prometheus',
            ),
          },
        ),
      ),
    );
    expect(
      await screen.findByText(
        'DCGM_FI_DEV_GPU_UTIL: no such metric in Prometheus',
      ),
    ).toBeInTheDocument();
    expect(
      chart('GPU utilization').getByText(
        'DCGM_FI_DEV_GPU_UTIL: no such metric in Prometheus',
      ),
    ).toBeInTheDocument();
    expect(chart('CPU usage').getByText('bert-7f9c-b')).toBeInTheDocument();
  }, 20_000);

  it('compares stable and canary side by side during a canary step', async () => {
    const api = mockModelDeploymentsApi({
      getMetrics: async (_id, query) =>
        someMetrics(
          { track: query?.track },
          query?.track === 'canary'
            ? {
                errorRate: aMetric('errorRate', [
                  aSeries('Error rate (5xx)', [4, 9, 12]),
                ]),
              }
            : {},
        ),
    });
    await renderPanel(
      api,
      aDeployment({
        status: 'updating',
        operation: anOperation({
          targetRevision: 3,
          progress: {
            strategy: 'canary',
            phase: 'canary',
            fromRevision: 2,
            baseInstances: 2,
            stepIndex: 0,
            weightPercent: 10,
            canaryInstances: 1,
          },
        }),
      }),
    );
    expect(
      await screen.findByRole('figure', {
        name: 'Error rate (5xx), canary (revision 3)',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('figure', {
        name: 'Error rate (5xx), stable (revision 2)',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'The old and the new version side by side: stable (revision 2) and canary (revision 3).',
      ),
    ).toBeInTheDocument();
    const range = {
      from: '2026-11-26T09:00:00.000Z',
      to: '2026-11-26T10:00:00.000Z',
      step: 15,
    };
    expect(api.getMetrics.mock.calls).toEqual([
      ['d1', { ...range, track: 'stable' }],
      ['d1', { ...range, track: 'canary' }],
    ]);
  }, 20_000);
});

describe('MonitoringPanel auto-refresh', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** Lets the timers of `ms` run, and the reads they start settle. */
  async function wait(ms: number) {
    await act(async () => {
      await jest.advanceTimersByTimeAsync(ms);
    });
  }

  it('reads again at the chosen interval, keeping the charts while it reads and when a read fails', async () => {
    let answer: (metrics: DeploymentMetrics) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const api = mockModelDeploymentsApi({
      getMetrics: () =>
        new Promise((resolve, reject) => {
          answer = resolve;
          fail = reject;
        }),
    });
    await renderPanel(api);
    await act(async () => answer(someMetrics()));
    expect(screen.getByRole('figure', { name: 'Request rate' })).toBeVisible();

    // Off by default: nothing is read again.
    await wait(60_000);
    expect(api.getMetrics).toHaveBeenCalledTimes(1);

    choose(/Auto-refresh/, 'Every 15 seconds');
    await wait(14_000);
    expect(api.getMetrics).toHaveBeenCalledTimes(1);
    await wait(1_000);
    expect(api.getMetrics).toHaveBeenCalledTimes(2);
    // The range moved forward with the clock.
    expect(api.getMetrics).toHaveBeenLastCalledWith('d1', {
      from: '2026-11-26T09:01:15.000Z',
      to: '2026-11-26T10:01:15.000Z',
      step: 15,
    });
    expect(
      screen.getByRole('progressbar', { name: 'Reading the metrics again' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Request rate' })).toBeVisible();

    await act(async () => fail(new Error('502 Bad Gateway')));
    expect(
      screen.getByText(
        'The metrics could not be read again (502 Bad Gateway); the charts show the last read. Trying again.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Request rate' })).toBeVisible();

    await wait(15_000);
    expect(api.getMetrics).toHaveBeenCalledTimes(3);
    await act(async () => answer(someMetrics()));
    expect(screen.queryByText(/could not be read again/)).toBeNull();
  }, 20_000);

  it('tries a failed read again no more often than every minute once auto-refresh is off', async () => {
    let answer: (metrics: DeploymentMetrics) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const api = mockModelDeploymentsApi({
      getMetrics: () =>
        new Promise((resolve, reject) => {
          answer = resolve;
          fail = reject;
        }),
    });
    await renderPanel(api);
    await act(async () => answer(someMetrics()));
    choose(/Auto-refresh/, 'Every 15 seconds');
    await wait(15_000);
    expect(api.getMetrics).toHaveBeenCalledTimes(2);
    await act(async () => fail(new Error('502 Bad Gateway')));
    expect(screen.getByText(/could not be read again/)).toBeInTheDocument();

    choose(/Auto-refresh/, 'Off');
    await wait(59_000);
    expect(api.getMetrics).toHaveBeenCalledTimes(2);
    await wait(1_000);
    expect(api.getMetrics).toHaveBeenCalledTimes(3);
    await act(async () => answer(someMetrics()));
    expect(screen.queryByText(/could not be read again/)).toBeNull();
    // Read, and off: nothing more is read.
    await wait(120_000);
    expect(api.getMetrics).toHaveBeenCalledTimes(3);
  }, 20_000);
});
