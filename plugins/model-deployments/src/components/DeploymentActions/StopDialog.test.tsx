import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { refusedWith, renderDialog } from '../../__testUtils__/dialogs';
import { StopDialog } from './StopDialog';

describe('StopDialog', () => {
  it('says plainly what stopping does, to which deployment, and which instances stop', async () => {
    await renderDialog(
      StopDialog,
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
      StopDialog,
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
    const { onChanged, expectSuccessMessage } = await renderDialog(
      StopDialog,
      api,
    );
    fireEvent.change(screen.getByLabelText('Reason'), {
      target: { value: 'Maintenance window' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(stopping));
    expect(api.stopDeployment).toHaveBeenCalledWith('d1', {
      reason: 'Maintenance window',
    });
    expectSuccessMessage(
      'Stopping bert-sentiment-api: all instances shut down and the endpoint becomes unavailable',
    );
  });

  it('stops without a reason when none is given', async () => {
    const api = mockModelDeploymentsApi({
      stopDeployment: async () => aDeployment({ status: 'stopping' }),
    });
    const { onChanged } = await renderDialog(StopDialog, api);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.stopDeployment.mock.calls[0]).toStrictEqual(['d1', {}]);
  });

  it("shows the schema's rule at the reason and sends nothing", async () => {
    const api = mockModelDeploymentsApi();
    await renderDialog(StopDialog, api);
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
      stopDeployment: refusedWith(409, message),
    });
    const { onChanged, expectRefusalShown } = await renderDialog(
      StopDialog,
      api,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await expectRefusalShown('Stop was refused', message);
    expect(onChanged).not.toHaveBeenCalled();
  });
});
