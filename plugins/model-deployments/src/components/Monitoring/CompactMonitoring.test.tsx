import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  DeploymentMetrics,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import {
  aMetric,
  aSeries,
  NOW,
  someMetrics,
} from '../../__testUtils__/monitoring';
import { rootRouteRef } from '../../routes';
import { formatTimeOfDay } from './chartTimes';
import { CompactMonitoring } from './CompactMonitoring';

function inEnvironment(
  id: string,
  environment: ModelDeployment['spec']['environment'],
  overrides: Partial<ModelDeployment> = {},
) {
  const deployment = aDeployment({ id, name: `bert-${id}`, ...overrides });
  deployment.spec.environment = environment;
  return deployment;
}

async function renderCard(
  api: ModelDeploymentsApi,
  deployments: ModelDeployment[],
) {
  return renderInTestApp(
    <TestApiProvider apis={[[modelDeploymentsApiRef, api]]}>
      <CompactMonitoring deployments={deployments} />
    </TestApiProvider>,
    { mountedRoutes: { '/model-deployments': rootRouteRef } },
  );
}

function answering(metrics: DeploymentMetrics) {
  return mockModelDeploymentsApi({ getMetrics: async () => metrics });
}

function glance(name: string) {
  return within(screen.getByRole('figure', { name }));
}

describe('CompactMonitoring', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows the last hour of the first production deployment: the latest figures, with a link to its monitoring', async () => {
    const api = answering(someMetrics());
    await renderCard(api, [
      inEnvironment('d-dev', 'development'),
      inEnvironment('d-prod', 'production'),
    ]);
    expect(await screen.findByText('13.3 req/s')).toBeInTheDocument();
    expect(glance('Request rate').getByText('13.3 req/s')).toBeInTheDocument();
    expect(glance('p99 latency').getByText('230 ms')).toBeInTheDocument();
    expect(glance('Error rate (5xx)').getByText('1.5 %')).toBeInTheDocument();
    expect(api.getMetrics).toHaveBeenCalledTimes(1);
    expect(api.getMetrics).toHaveBeenCalledWith('d-prod', {
      from: '2026-11-26T09:00:00.000Z',
      to: '2026-11-26T10:00:00.000Z',
      step: 15,
    });
    expect(
      screen.getByRole('button', { name: /^Deployment/ }),
    ).toHaveTextContent('bert-d-prod (Production)');
    expect(
      screen.getByRole('link', { name: /Monitoring of bert-d-prod/ }),
    ).toHaveAttribute('href', '/model-deployments/d-prod?tab=monitoring');
  });

  it('offers the deployments that are not stopped or deleted, and shows the one chosen', async () => {
    const api = answering(someMetrics());
    await renderCard(api, [
      inEnvironment('d-staging', 'staging'),
      inEnvironment('d-stopped', 'production', { status: 'stopped' }),
      inEnvironment('d-deleted', 'production', { status: 'deleted' }),
      inEnvironment('d-dev', 'development', { status: 'updating' }),
    ]);
    await screen.findByText('13.3 req/s');
    // No production deployment serves: the first one is shown.
    expect(api.getMetrics).toHaveBeenLastCalledWith(
      'd-staging',
      expect.anything(),
    );
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Deployment/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(option => option.textContent)).toEqual([
      'bert-d-staging (Staging)',
      'bert-d-dev (Development)',
    ]);
    fireEvent.click(options[1]);
    await screen.findByText('13.3 req/s');
    expect(api.getMetrics).toHaveBeenLastCalledWith('d-dev', expect.anything());
    expect(
      screen.getByRole('link', { name: /Monitoring of bert-d-dev/ }),
    ).toHaveAttribute('href', '/model-deployments/d-dev?tab=monitoring');
  });

  it('shows nothing when no deployment serves', async () => {
    const api = mockModelDeploymentsApi();
    await renderCard(api, [
      inEnvironment('d-stopped', 'production', { status: 'stopped' }),
    ]);
    expect(screen.queryByText('Monitoring')).toBeNull();
    expect(api.getMetrics).not.toHaveBeenCalled();
  });

  it('shows a spinner while the metrics load', async () => {
    await renderCard(
      mockModelDeploymentsApi({
        getMetrics: () => new Promise(() => undefined),
      }),
      [aDeployment()],
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows why the metrics could not be loaded', async () => {
    await renderCard(
      mockModelDeploymentsApi({
        getMetrics: async () => {
          throw new Error('connection reset');
        },
      }),
      [aDeployment()],
    );
    expect(
      await screen.findByText('Metrics could not be loaded: connection reset'),
    ).toBeInTheDocument();
  });

  it('says that no metrics provider is configured', async () => {
    await renderCard(
      answering(
        someMetrics({
          state: 'not-configured',
          source: undefined,
          metrics: [],
        }),
      ),
      [aDeployment()],
    );
    expect(
      await screen.findByText(/No metrics provider is configured/),
    ).toHaveTextContent(/modelDeployments\.metrics/);
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it('says that the provider did not answer', async () => {
    await renderCard(
      answering(
        someMetrics({
          state: 'unreachable',
          message: 'timeout after 10 s',
          metrics: [],
        }),
      ),
      [aDeployment()],
    );
    expect(
      await screen.findByText(/did not answer: timeout after 10 s/),
    ).toBeInTheDocument();
  });

  it('says so for a figure without requests, and shows a figure that failed with its error', async () => {
    await renderCard(
      answering(
        someMetrics(
          {},
          {
            requestRate: aMetric('requestRate', [
              aSeries('Request rate', [null, null]),
            ]),
            latency: aMetric(
              'latency',
              [],
              'histogram_quantile: query timed out',
            ),
          },
        ),
      ),
      [aDeployment()],
    );
    expect(
      await screen.findByText('histogram_quantile: query timed out'),
    ).toBeInTheDocument();
    expect(
      glance('p99 latency').getByText('histogram_quantile: query timed out'),
    ).toBeInTheDocument();
    expect(
      glance('Request rate').getByText('No requests in the last hour'),
    ).toBeInTheDocument();
    expect(glance('Error rate (5xx)').getByText('1.5 %')).toBeInTheDocument();
  });

  it('says when a figure older than the end of the hour was measured', async () => {
    await renderCard(
      answering(
        someMetrics(
          {},
          {
            errorRate: aMetric('errorRate', [
              aSeries('Error rate (5xx)', [0.5, 2.5, null, null]),
            ]),
          },
        ),
      ),
      [aDeployment()],
    );
    expect(await screen.findByText('2.5 %')).toBeInTheDocument();
    expect(
      glance('Error rate (5xx)').getByText(
        `at ${formatTimeOfDay(NOW.getTime() - 2 * 60_000)}`,
      ),
    ).toBeInTheDocument();
    // A figure at the end of the hour is the current one.
    expect(glance('Request rate').queryByText(/^at /)).toBeNull();
  });

  it('says that there is no latency figure, not that there were no requests, when requests came in', async () => {
    await renderCard(
      answering(
        someMetrics(
          {},
          {
            latency: aMetric('latency', [
              aSeries('p99', [null, null, null], { quantile: 0.99 }),
            ]),
          },
        ),
      ),
      [aDeployment()],
    );
    expect(
      await screen.findByText('No p99 latency figure in the last hour'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No requests/)).toBeNull();
  });

  it('says there were no requests when the request rate stayed at zero', async () => {
    await renderCard(
      answering(
        someMetrics(
          {},
          {
            requestRate: aMetric('requestRate', [
              aSeries('Request rate', [0, 0, 0]),
            ]),
            errorRate: aMetric('errorRate', [
              aSeries('Error rate (5xx)', [null, null, null]),
            ]),
          },
        ),
      ),
      [aDeployment()],
    );
    expect(
      await within(
        await screen.findByRole('figure', { name: 'Error rate (5xx)' }),
      ).findByText('No requests in the last hour'),
    ).toBeInTheDocument();
    expect(glance('Request rate').getByText('0 req/s')).toBeInTheDocument();
  });
});
