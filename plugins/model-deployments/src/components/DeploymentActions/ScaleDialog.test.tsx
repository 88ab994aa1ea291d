import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import {
  anApproval,
  anApprovalAskedByViewer,
} from '../../__testUtils__/approvals';
import { refusedWith, renderDialog } from '../../__testUtils__/dialogs';
import { ScaleDialog } from './ScaleDialog';

const autoscalingOff = aDeployment({
  spec: {
    ...aDeployment().spec,
    autoscaling: { ...aDeployment().spec.autoscaling, enabled: false },
  },
});

function withReplicas(
  deployment: ModelDeployment,
  replicas: { min: number; max: number },
): ModelDeployment {
  return { ...deployment, spec: { ...deployment.spec, replicas } };
}

describe('ScaleDialog', () => {
  it('with auto-scaling off, offers the number of instances, starting from the current one, and what runs now', async () => {
    await renderDialog(
      ScaleDialog,
      mockModelDeploymentsApi(),
      withReplicas(
        {
          ...autoscalingOff,
          instances: { desired: 2, current: 3, ready: null },
        },
        { min: 2, max: 10 },
      ),
    );
    expect(screen.getByLabelText(/^Instances/)).toHaveValue(2);
    expect(screen.queryByLabelText(/Min Instances/)).not.toBeInTheDocument();
    expect(
      screen.getByText('Max Instances (10) caps this; raise it with Edit'),
    ).toBeInTheDocument();
    // Nothing observed is not shown as a number.
    expect(screen.getByText(/Instances now: — ready of 3/)).toBeInTheDocument();
  });

  it('sends the number of instances and says what happens next', async () => {
    const scaled = withReplicas(autoscalingOff, { min: 3, max: 10 });
    const api = mockModelDeploymentsApi({
      scaleDeployment: async () => scaled,
    });
    const { onChanged, expectSuccessMessage } = await renderDialog(
      ScaleDialog,
      api,
      autoscalingOff,
    );
    fireEvent.change(screen.getByLabelText(/^Instances/), {
      target: { value: '3' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(scaled));
    expect(api.scaleDeployment).toHaveBeenCalledWith('d1', { replicas: 3 });
    expectSuccessMessage('Scaling bert-sentiment-api to 3 instances');
  });

  it('with auto-scaling on, sends the new bounds', async () => {
    const scaled = withReplicas(aDeployment(), { min: 3, max: 8 });
    const api = mockModelDeploymentsApi({
      scaleDeployment: async () => scaled,
    });
    const { onChanged, expectSuccessMessage } = await renderDialog(
      ScaleDialog,
      api,
    );
    expect(screen.queryByLabelText(/^Instances/)).not.toBeInTheDocument();
    expect(screen.getByLabelText(/Min Instances/)).toHaveValue(2);
    expect(screen.getByLabelText(/Max Instances/)).toHaveValue(10);
    fireEvent.change(screen.getByLabelText(/Min Instances/), {
      target: { value: '3' },
    });
    fireEvent.change(screen.getByLabelText(/Max Instances/), {
      target: { value: '8' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(scaled));
    expect(api.scaleDeployment).toHaveBeenCalledWith('d1', { min: 3, max: 8 });
    expectSuccessMessage(
      'Scaling bert-sentiment-api between 3 and 8 instances',
    );
  });

  it("shows the schema's rule at the field and sends nothing", async () => {
    const api = mockModelDeploymentsApi();
    await renderDialog(ScaleDialog, api);
    fireEvent.change(screen.getByLabelText(/Max Instances/), {
      target: { value: '1' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(
      await screen.findByText('must be greater than or equal to min (2)'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/Max Instances/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(api.scaleDeployment).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal at the field and stays open", async () => {
    const message =
      'must be at most replicas.max (10); raise it with Edit first';
    const api = mockModelDeploymentsApi({
      scaleDeployment: refusedWith(400, `replicas: ${message}`, [
        { field: 'replicas', message },
      ]),
    });
    const { onChanged, expectRefusalShown } = await renderDialog(
      ScaleDialog,
      api,
      autoscalingOff,
    );
    fireEvent.change(screen.getByLabelText(/^Instances/), {
      target: { value: '12' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await expectRefusalShown('Apply was refused', message);
    expect(onChanged).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/^Instances/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('starts again from the deployment each time it opens', async () => {
    const { reopen } = await renderDialog(
      ScaleDialog,
      mockModelDeploymentsApi(),
      autoscalingOff,
    );
    fireEvent.change(screen.getByLabelText(/^Instances/), {
      target: { value: '7' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    reopen();
    expect(screen.getByLabelText(/^Instances/)).toHaveValue(2);
  });

  it('keeps what is typed when the deployment is refreshed while open', async () => {
    const { refresh } = await renderDialog(
      ScaleDialog,
      mockModelDeploymentsApi(),
      autoscalingOff,
    );
    fireEvent.change(screen.getByLabelText(/^Instances/), {
      target: { value: '7' },
    });
    refresh(
      withReplicas(
        { ...autoscalingOff, instances: { desired: 2, current: 3, ready: 3 } },
        { min: 3, max: 10 },
      ),
    );
    expect(screen.getByText(/Instances now: 3 ready of 3/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Instances/)).toHaveValue(7);
  });
});

describe('ScaleDialog while a change waits for approval', () => {
  const waiting = anApproval({ id: 'waiting-update' });

  /** Sends 3 as the auto-scaling minimum, and waits until the dialog is done. */
  async function scaleMinTo3(onChanged: jest.Mock) {
    fireEvent.change(screen.getByLabelText(/Min Instances/), {
      target: { value: '3' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  }

  it('says that a scaling which waits too replaces the waiting request, and that it waits', async () => {
    const scaleWaits = anApprovalAskedByViewer({
      id: 'scale-request',
      action: 'scale',
      parameters: { min: 3, max: 10 },
      changes: [{ field: 'replicas.min', before: 2, after: 3 }],
    });
    const api = mockModelDeploymentsApi({
      scaleDeployment: async () => aDeployment({ pendingApproval: scaleWaits }),
    });
    const { onChanged, expectInfoMessage } = await renderDialog(
      ScaleDialog,
      api,
      aDeployment({ pendingApproval: waiting }),
    );
    expect(
      screen.getByText(
        'A request to update-model by user:default/alice waits for approval: this change replaces it if it waits for approval too, and withdraws it if it is carried out now and makes a new revision',
      ),
    ).toBeInTheDocument();
    await scaleMinTo3(onChanged);
    expectInfoMessage(
      'bert-sentiment-api: Scaling waits for approval by nlp-team or ml-approvers; nothing changes until it is approved',
    );
  });

  it("says it scaled when the request that waits now is someone else's", async () => {
    const api = mockModelDeploymentsApi({
      scaleDeployment: async () =>
        withReplicas(
          aDeployment({
            pendingApproval: anApproval({ id: 'asked-meanwhile' }),
          }),
          { min: 3, max: 10 },
        ),
    });
    const { onChanged, expectSuccessMessage } = await renderDialog(
      ScaleDialog,
      api,
    );
    await scaleMinTo3(onChanged);
    expect(api.scaleDeployment).toHaveBeenCalledWith('d1', { min: 3, max: 10 });
    expectSuccessMessage(
      'Scaling bert-sentiment-api between 3 and 10 instances',
    );
  });

  it('says it scaled when the request that waits is still the earlier one', async () => {
    const api = mockModelDeploymentsApi({
      scaleDeployment: async () =>
        withReplicas(aDeployment({ pendingApproval: waiting }), {
          min: 3,
          max: 10,
        }),
    });
    const { onChanged, expectSuccessMessage } = await renderDialog(
      ScaleDialog,
      api,
      aDeployment({ pendingApproval: waiting }),
    );
    await scaleMinTo3(onChanged);
    expect(api.scaleDeployment).toHaveBeenCalledWith('d1', { min: 3, max: 10 });
    expectSuccessMessage(
      'Scaling bert-sentiment-api between 3 and 10 instances',
    );
  });
});
