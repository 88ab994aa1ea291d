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
import { StopDialog } from './StopDialog';

async function renderDialog(
  api: ModelDeploymentsApi,
  deployment: ModelDeployment = aDeployment(),
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
      <StopDialog
        open
        deployment={deployment}
        onClose={jest.fn()}
        onChanged={onChanged}
      />
    </TestApiProvider>,
  );
  return { onChanged, alertApi };
}

describe('StopDialog', () => {
  it('says plainly what stopping does, to which deployment, and which instances stop', async () => {
    await renderDialog(
      mockModelDeploymentsApi(),
      aDeployment({ instances: { desired: 3, current: 3, ready: 3 } }),
    );
    expect(
      screen.getByText(
        'All instances of bert-sentiment-api in Production shut down, and its endpoint becomes unavailable until the deployment is started again.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Instances ready now, which will stop: 3'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Reason')).toHaveValue('');
  });

  it('says nothing was observed rather than a number', async () => {
    await renderDialog(
      mockModelDeploymentsApi(),
      aDeployment({ instances: { desired: 2, current: null, ready: null } }),
    );
    expect(
      screen.getByText('Instances ready now, which will stop: —'),
    ).toBeInTheDocument();
  });

  it('stops with the reason given and says what happens next', async () => {
    const stopping = aDeployment({ status: 'stopping' });
    const api = mockModelDeploymentsApi({
      stopDeployment: async () => stopping,
    });
    const { onChanged, alertApi } = await renderDialog(api);
    fireEvent.change(screen.getByLabelText('Reason'), {
      target: { value: 'Maintenance window' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(stopping));
    expect(api.stopDeployment).toHaveBeenCalledWith('d1', {
      reason: 'Maintenance window',
    });
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message:
          'Stopping bert-sentiment-api: all instances shut down and the endpoint becomes unavailable',
        severity: 'success',
      }),
    );
  });

  it('stops without a reason when none is given', async () => {
    const api = mockModelDeploymentsApi({
      stopDeployment: async () => aDeployment({ status: 'stopping' }),
    });
    const { onChanged } = await renderDialog(api);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.stopDeployment.mock.calls[0]).toStrictEqual(['d1', {}]);
  });

  it("shows the schema's rule at the reason and sends nothing", async () => {
    const api = mockModelDeploymentsApi();
    await renderDialog(api);
    fireEvent.change(screen.getByLabelText('Reason'), {
      target: { value: 'x'.repeat(501) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(
      await screen.findByText('must be at most 500 characters'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Reason')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(api.stopDeployment).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal and stays open", async () => {
    const message =
      "Cannot stop deployment 'bert-sentiment-api' while it is deleting";
    const api = mockModelDeploymentsApi({
      stopDeployment: async () => {
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
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Stop was refused')).toBeInTheDocument();
    expect(within(alert).getByText(message)).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });
});
