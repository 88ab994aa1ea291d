import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  FieldIssue,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import { ScaleDialog } from './ScaleDialog';

const autoscalingOff = aDeployment({
  spec: {
    ...aDeployment().spec,
    autoscaling: { ...aDeployment().spec.autoscaling, enabled: false },
  },
});

async function refusal(message: string, issues: FieldIssue[]) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message, issues },
        request: { method: 'POST', url: '/x' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

async function renderDialog(
  api: ModelDeploymentsApi,
  deployment: ModelDeployment,
) {
  const onChanged = jest.fn();
  const onClose = jest.fn();
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [modelDeploymentsApiRef, api],
        [alertApiRef, alertApi],
      ]}
    >
      <ScaleDialog
        open
        deployment={deployment}
        onClose={onClose}
        onChanged={onChanged}
      />
    </TestApiProvider>,
  );
  return { onChanged, onClose, alertApi };
}

function withReplicas(
  deployment: ModelDeployment,
  replicas: { min: number; max: number },
): ModelDeployment {
  return { ...deployment, spec: { ...deployment.spec, replicas } };
}

/** A page that opens the dialog with a button, as the deployment's actions do. */
function ScaleButton(props: { deployment: ModelDeployment }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)}>Scale</button>
      <ScaleDialog
        open={open}
        deployment={props.deployment}
        onClose={() => setOpen(false)}
        onChanged={() => setOpen(false)}
      />
    </>
  );
}

describe('ScaleDialog', () => {
  it('with auto-scaling off, offers the number of instances, starting from the current one, and what runs now', async () => {
    await renderDialog(
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
    const { onChanged, alertApi } = await renderDialog(api, autoscalingOff);
    fireEvent.change(screen.getByLabelText(/^Instances/), {
      target: { value: '3' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(scaled));
    expect(api.scaleDeployment).toHaveBeenCalledWith('d1', { replicas: 3 });
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'Scaling bert-sentiment-api to 3 instances',
        severity: 'success',
      }),
    );
  });

  it('with auto-scaling on, sends the new bounds', async () => {
    const scaled = withReplicas(aDeployment(), { min: 3, max: 8 });
    const api = mockModelDeploymentsApi({
      scaleDeployment: async () => scaled,
    });
    const { onChanged, alertApi } = await renderDialog(api, aDeployment());
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
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'Scaling bert-sentiment-api between 3 and 8 instances',
      }),
    );
  });

  it("shows the schema's rule at the field and sends nothing", async () => {
    const api = mockModelDeploymentsApi();
    await renderDialog(api, aDeployment());
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
      scaleDeployment: async () => {
        throw await refusal(`replicas: ${message}`, [
          { field: 'replicas', message },
        ]);
      },
    });
    const { onChanged } = await renderDialog(api, autoscalingOff);
    fireEvent.change(screen.getByLabelText(/^Instances/), {
      target: { value: '12' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Apply was refused')).toBeInTheDocument();
    expect(within(alert).getByText(message)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Instances/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('starts again from the deployment each time it opens', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[modelDeploymentsApiRef, mockModelDeploymentsApi()]]}
      >
        <ScaleButton deployment={autoscalingOff} />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Scale' }));
    fireEvent.change(screen.getByLabelText(/^Instances/), {
      target: { value: '7' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Scale' }));
    expect(screen.getByLabelText(/^Instances/)).toHaveValue(2);
  });
});
