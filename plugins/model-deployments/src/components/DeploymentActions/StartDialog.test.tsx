import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import { StartDialog } from './StartDialog';

const stopped = aDeployment({
  status: 'stopped',
  instances: { desired: 0, current: 0, ready: 0 },
});

const stoppedWithoutAutoscaling = aDeployment({
  status: 'stopped',
  spec: {
    ...stopped.spec,
    replicas: { min: 3, max: 10 },
    autoscaling: { ...stopped.spec.autoscaling, enabled: false },
  },
});

async function renderDialog(
  api: ModelDeploymentsApi,
  deployment: ModelDeployment = stopped,
) {
  const onChanged = jest.fn();
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [modelDeploymentsApiRef, api],
        [alertApiRef, alertApi],
      ]}
    >
      <StartDialog
        open
        deployment={deployment}
        onClose={jest.fn()}
        onChanged={onChanged}
      />
    </TestApiProvider>,
  );
  return { onChanged, alertApi };
}

describe('StartDialog', () => {
  it('says what the deployment resumes with: its version and auto-scaling bounds', async () => {
    await renderDialog(mockModelDeploymentsApi());
    expect(
      screen.getByText(
        'bert-sentiment-api resumes with its previous configuration in Production:',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Model Version: v2.1.0')).toBeInTheDocument();
    expect(
      screen.getByText('Instances: auto-scaling between 2 and 10 instances'),
    ).toBeInTheDocument();
  });

  it('says how many instances run when auto-scaling is off', async () => {
    await renderDialog(mockModelDeploymentsApi(), stoppedWithoutAutoscaling);
    expect(screen.getByText('Instances: 3 instances')).toBeInTheDocument();
  });

  it('starts and says what happens next', async () => {
    const starting = {
      ...stoppedWithoutAutoscaling,
      status: 'starting' as const,
    };
    const api = mockModelDeploymentsApi({
      startDeployment: async () => starting,
    });
    const { onChanged, alertApi } = await renderDialog(
      api,
      stoppedWithoutAutoscaling,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(starting));
    expect(api.startDeployment).toHaveBeenCalledWith('d1');
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'Starting bert-sentiment-api: v2.1.0 on 3 instances',
        severity: 'success',
      }),
    );
  });

  it("shows the backend's refusal and stays open", async () => {
    const message =
      "Cannot start deployment 'bert-sentiment-api' while it is running";
    const api = mockModelDeploymentsApi({
      startDeployment: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'StatusConflictError', message },
              request: { method: 'POST', url: '/x' },
              response: { statusCode: 409 },
            }),
            { status: 409, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      },
    });
    const { onChanged } = await renderDialog(api);
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Start was refused')).toBeInTheDocument();
    expect(within(alert).getByText(message)).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });
});
