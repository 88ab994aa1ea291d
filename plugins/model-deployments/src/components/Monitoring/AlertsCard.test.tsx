import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import { act, screen } from '@testing-library/react';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { anAlert } from '../../__testUtils__/monitoring';
import { formatTime } from '../../formatChange';
import { AlertsCard, alertConditions } from './AlertsCard';

async function renderCard(
  api: ModelDeploymentsApi,
  deployment: ModelDeployment = aDeployment(),
) {
  await renderInTestApp(
    <TestApiProvider apis={[[modelDeploymentsApiRef, api]]}>
      <AlertsCard deployment={deployment} />
    </TestApiProvider>,
  );
}

/** The text of each row of the alerts table, headings first. */
function rowTexts() {
  return screen.getAllByRole('row').map(row => row.textContent);
}

const resolvedLatency = anAlert({
  id: 'al0',
  kind: 'p99-latency',
  state: 'resolved',
  summary: 'p99 latency 420 ms is above 300 ms',
  value: 280,
  threshold: 300,
  unit: 'ms',
  firedAt: '2026-11-26T08:00:00Z',
  resolvedAt: '2026-11-26T08:20:00Z',
});
const noneReady = anAlert({
  id: 'al2',
  kind: 'no-ready-instances',
  summary: 'No instance is ready (0 of 2)',
  value: 0,
  threshold: 1,
  unit: 'instances',
  firedAt: '2026-11-26T09:55:00Z',
});

describe('AlertsCard', () => {
  it('lists the firing alerts first, each with its value against its threshold, since and until when', async () => {
    const api = mockModelDeploymentsApi({
      // Newest first, as the backend sends them.
      listAlerts: async () => ({
        items: [noneReady, resolvedLatency, anAlert()],
      }),
    });
    await renderCard(api);
    expect(
      await screen.findByText('No instance is ready (0 of 2)'),
    ).toBeInTheDocument();
    expect(api.listAlerts).toHaveBeenCalledWith('d1');
    expect(rowTexts()).toEqual([
      'StateAlertValueThresholdSinceUntil',
      `FiringNo instance is ready (0 of 2)0 instancesat least 1 instance${formatTime(
        '2026-11-26T09:55:00Z',
      )}firing now`,
      `FiringError rate 7.5 % is above 5 %7.5 %at most 5 %${formatTime(
        '2026-11-26T09:50:00Z',
      )}firing now`,
      `Resolvedp99 latency 420 ms is above 300 ms280 msat most 300 ms${formatTime(
        '2026-11-26T08:00:00Z',
      )}${formatTime('2026-11-26T08:20:00Z')}`,
    ]);
  });

  it('says when its alerts fire, while none has', async () => {
    await renderCard(
      mockModelDeploymentsApi({ listAlerts: async () => ({ items: [] }) }),
    );
    expect(
      await screen.findByText(
        'No alert has fired. One fires when the error rate is above 5 % or no instance is ready.',
      ),
    ).toBeInTheDocument();
  });

  it('shows why the alerts could not be loaded', async () => {
    await renderCard(
      mockModelDeploymentsApi({
        listAlerts: async () => {
          throw new Error('connection reset');
        },
      }),
    );
    expect(
      await screen.findByText(/Alerts could not be loaded/),
    ).toBeInTheDocument();
  });
});

describe('AlertsCard refresh', () => {
  beforeEach(() => {
    jest.useFakeTimers();
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

  it('reads the alerts again every minute, as the backend evaluates them, keeping the list when a read fails', async () => {
    let reads = 0;
    const api = mockModelDeploymentsApi({
      listAlerts: async () => {
        reads++;
        if (reads === 2) throw new Error('502 Bad Gateway');
        return { items: reads === 1 ? [] : [anAlert()] };
      },
    });
    await renderCard(api);
    await screen.findByText(/No alert has fired/);

    await wait(59_000);
    expect(api.listAlerts).toHaveBeenCalledTimes(1);
    await wait(1_000);
    expect(api.listAlerts).toHaveBeenCalledTimes(2);
    expect(
      screen.getByText(
        'The alerts could not be read again (502 Bad Gateway); the list is the last read. Trying again.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/No alert has fired/)).toBeInTheDocument();

    await wait(60_000);
    expect(api.listAlerts).toHaveBeenCalledTimes(3);
    expect(
      screen.getByText('Error rate 7.5 % is above 5 %'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/could not be read again/)).toBeNull();
  });
});

describe('alertConditions', () => {
  it('names each threshold that is set', () => {
    expect(
      alertConditions({
        maxErrorRatePercent: 2.5,
        maxP99LatencyMs: 300,
        alertOnNoReadyInstances: true,
      }),
    ).toBe(
      'the error rate is above 2.5 %, the p99 latency is above 300 ms or no instance is ready',
    );
    expect(
      alertConditions({
        maxErrorRatePercent: 5,
        alertOnNoReadyInstances: false,
      }),
    ).toBe('the error rate is above 5 %');
  });
});
