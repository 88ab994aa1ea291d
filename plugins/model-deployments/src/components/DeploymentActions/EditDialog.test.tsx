// One file: the behaviours of one component (the Edit dialog), field by field, with the helpers they share.
import type {
  EditDeploymentResponse,
  FieldChange,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import {
  backendRefusal,
  findRowTexts,
  renderDialog,
} from '../../__testUtils__/dialogs';
import type { ModelDeploymentsApi } from '../../api';
import { EditDialog } from './EditDialog';

/**
 * The backend's answer to the edit of the description and the CPU cores, as a dry run or for real: a
 * running deployment restarts its instances, a stopped one stays stopped.
 */
function descriptionAndCpuEdited(
  dryRun: boolean,
  before: ModelDeployment = aDeployment(),
): EditDeploymentResponse {
  const changes: FieldChange[] = [
    {
      field: 'description',
      before: before.spec.description,
      after: 'Reviews in English',
      effect: 'none',
    },
    { field: 'resources.cpuCores', before: 4, after: 8, effect: 'restart' },
  ];
  return {
    deployment: aDeployment({
      status:
        before.status === 'running' && !dryRun ? 'updating' : before.status,
      spec: {
        ...before.spec,
        description: 'Reviews in English',
        resources: { ...before.spec.resources, cpuCores: 8 },
      },
    }),
    changes,
    restartRequired: true,
    effects: ['none', 'restart'],
    dryRun,
  };
}

function answer(
  api: jest.Mocked<ModelDeploymentsApi>,
  before: ModelDeployment = aDeployment(),
) {
  api.editDeployment.mockImplementation(async (_id, _patch, options) =>
    descriptionAndCpuEdited(Boolean(options?.dryRun), before),
  );
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** Picks an option of a select, which is named by its label and its value. */
function choose(select: RegExp, option: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: select }));
  fireEvent.click(
    within(screen.getByRole('listbox')).getByRole('option', { name: option }),
  );
}

function envVar(position: number) {
  return within(
    screen.getByRole('group', { name: `Environment variable ${position}` }),
  );
}

const reviewButton = () =>
  screen.getByRole('button', { name: 'Review changes' });

describe('EditDialog', () => {
  // Each test renders the whole Edit form, which takes seconds on a loaded CI machine.
  jest.setTimeout(20_000);

  it('groups the fields in the sections of the details view, in their order', async () => {
    await renderDialog(EditDialog, mockModelDeploymentsApi());
    expect(
      screen
        .getAllByRole('heading', { level: 3 })
        .map(heading => heading.textContent),
    ).toEqual([
      'Basic Information',
      'Resource Configuration',
      'Scaling Configuration',
      'Load Balancer',
      'Monitoring',
      'Environment Variables',
    ]);
  });

  it("shows the deployment's current values, and nothing to send until a field changes", async () => {
    await renderDialog(EditDialog, mockModelDeploymentsApi());
    expect(screen.getByLabelText('Deployment Name')).toHaveValue(
      'bert-sentiment-api',
    );
    expect(screen.getByLabelText('Description')).toHaveValue(
      'Sentiment analysis for customer reviews',
    );
    expect(screen.getByLabelText('Model')).toHaveValue(
      'resource:default/bert-sentiment',
    );
    expect(screen.getByLabelText('Model ID')).toHaveValue('model-001');
    expect(screen.getByLabelText('Model Version')).toHaveValue('v2.1.0');
    expect(
      screen.getByRole('button', { name: /^Environment/ }),
    ).toHaveTextContent('Production');
    expect(
      screen.getByRole('button', { name: /^Deployment Strategy/ }),
    ).toHaveTextContent('Blue-Green');
    expect(
      screen.getByLabelText('Extra Instance During Updates'),
    ).toBeChecked();
    expect(screen.getByLabelText('CPU Cores')).toHaveValue(4);
    expect(screen.getByLabelText('Memory (GB)')).toHaveValue(16);
    expect(screen.getByLabelText('GPU Count')).toHaveValue(2);
    expect(screen.getByRole('button', { name: /^GPU Type/ })).toHaveTextContent(
      'NVIDIA A100',
    );
    expect(screen.getByLabelText('Storage (GB)')).toHaveValue(200);
    expect(screen.getByLabelText('Network Bandwidth (Mbps)')).toHaveValue(1000);
    expect(screen.getByLabelText('Enable Auto-Scaling')).toBeChecked();
    expect(screen.getByLabelText('Min Instances')).toHaveValue(2);
    expect(screen.getByLabelText('Max Instances')).toHaveValue(10);
    expect(screen.getByLabelText('Target CPU Utilization (%)')).toHaveValue(70);
    expect(screen.getByLabelText('Target Memory Utilization (%)')).toHaveValue(
      80,
    );
    expect(screen.getByLabelText('Target GPU Utilization (%)')).toHaveValue(75);
    expect(screen.getByLabelText('Enable Load Balancer')).toBeChecked();
    expect(
      screen.getByRole('button', { name: /^Load Balancing Algorithm/ }),
    ).toHaveTextContent('Least Connections');
    expect(screen.getByLabelText('Health Check Path')).toHaveValue('/health');
    expect(
      screen.getByLabelText('Health Check Interval (seconds)'),
    ).toHaveValue(30);
    expect(screen.getByLabelText('Sticky Sessions')).not.toBeChecked();
    expect(screen.getByLabelText('Max Error Rate (%)')).toHaveValue(5);
    expect(screen.getByLabelText('Max p99 Latency (ms)')).toHaveValue(null);
    expect(
      screen.getByLabelText('Alert When No Instance Is Ready'),
    ).toBeChecked();

    expect(envVar(1).getByLabelText('Name')).toHaveValue('LOG_LEVEL');
    expect(envVar(1).getByLabelText('Value')).toHaveValue('info');
    expect(envVar(2).getByLabelText('Name')).toHaveValue('HF_TOKEN');
    expect(
      envVar(2).getByRole('button', { name: /^Source/ }),
    ).toHaveTextContent('Kubernetes Secret');
    expect(envVar(2).getByLabelText('Secret name')).toHaveValue(
      'hf-credentials',
    );
    expect(envVar(2).getByLabelText('Secret key')).toHaveValue('token');
    // A secret's value is never asked for.
    expect(envVar(2).queryByLabelText('Value')).not.toBeInTheDocument();

    expect(screen.getByText('No changes yet')).toBeInTheDocument();
    expect(reviewButton()).toBeDisabled();
  });

  it('shows a field that cannot be edited as read-only, with the reason', async () => {
    await renderDialog(EditDialog, mockModelDeploymentsApi());
    const modelVersion = screen.getByLabelText('Model Version');
    expect(modelVersion).toBeDisabled();
    expect(modelVersion).toHaveAccessibleDescription(
      'Use Update Model, which rolls the new version out with a strategy.',
    );
    expect(screen.getByLabelText('Deployment Name')).toBeDisabled();
    expect(
      screen.getByRole('button', { name: /^Environment/ }),
    ).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByLabelText('Description')).toBeEnabled();
    expect(screen.getByLabelText('Min Instances')).toBeEnabled();
  });

  it('marks the fields whose change restarts the instances', async () => {
    await renderDialog(EditDialog, mockModelDeploymentsApi());
    const restarts = /restarts the instances/;
    expect(screen.getByLabelText('CPU Cores')).toHaveAccessibleDescription(
      restarts,
    );
    expect(screen.getByLabelText('Memory (GB)')).toHaveAccessibleDescription(
      restarts,
    );
    expect(
      screen.getByLabelText('Health Check Path'),
    ).toHaveAccessibleDescription(restarts);
    expect(
      screen.getByLabelText('Max Instances'),
    ).not.toHaveAccessibleDescription(restarts);
    expect(
      screen.getByLabelText('Description'),
    ).not.toHaveAccessibleDescription(restarts);
    // The environment variables, a list rather than one input, say it under their heading.
    expect(
      screen.getByText(
        /stays in the cluster\. A change here restarts the instances/,
      ),
    ).toBeInTheDocument();
  });

  it("shows the spec schema's rule at the field, and sends nothing", async () => {
    const api = mockModelDeploymentsApi();
    await renderDialog(EditDialog, api);
    type('Max Instances', '1');
    expect(screen.getByLabelText('Max Instances')).toHaveAccessibleDescription(
      'must be greater than or equal to replicas.min (2)',
    );
    expect(screen.getByLabelText('Max Instances')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    type('CPU Cores', '');
    expect(screen.getByLabelText('CPU Cores')).toHaveAccessibleDescription(
      'is required',
    );
    expect(reviewButton()).toBeDisabled();
    fireEvent.submit(reviewButton().closest('form')!);
    expect(api.editDeployment).not.toHaveBeenCalled();
  });

  it('shows a rule between fields at the field to change', async () => {
    await renderDialog(EditDialog, mockModelDeploymentsApi());
    fireEvent.click(screen.getByLabelText('Extra Instance During Updates'));
    expect(
      screen.getByRole('button', { name: /^Deployment Strategy/ }),
    ).toHaveAccessibleDescription(
      'blue-green runs a second fleet at full size, which needs surgeDuringUpdates on; use canary or rolling',
    );
    expect(reviewButton()).toBeDisabled();
    choose(/^Deployment Strategy/, 'Rolling Update');
    expect(reviewButton()).toBeEnabled();
  });

  it('lists the issues about fields without an input of their own', async () => {
    const api = mockModelDeploymentsApi();
    api.editDeployment.mockRejectedValue(
      await backendRefusal(400, 'env: must have at most 200 variables', [
        { field: 'env', message: 'must have at most 200 variables' },
      ]),
    );
    await renderDialog(EditDialog, api);
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    fireEvent.change(envVar(3).getByLabelText('Name'), {
      target: { value: 'EXTRA' },
    });
    fireEvent.click(reviewButton());
    expect(
      await screen.findByText(
        'Environment Variables: must have at most 200 variables',
      ),
    ).toBeInTheDocument();
  });

  it('asks for a GPU Type once there are GPUs', async () => {
    const withoutGpus = aDeployment();
    withoutGpus.spec.resources = { cpuCores: 4, memoryGb: 16, gpuCount: 0 };
    withoutGpus.spec.autoscaling.targetGpuPercent = undefined;
    const api = mockModelDeploymentsApi();
    await renderDialog(EditDialog, api, withoutGpus);
    expect(
      screen.queryByRole('button', { name: /^GPU Type/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByLabelText('Target GPU Utilization (%)'),
    ).not.toBeInTheDocument();
    type('GPU Count', '1');
    expect(
      screen.getByRole('button', { name: /^GPU Type/ }),
    ).toHaveAccessibleDescription(
      'is required when resources.gpuCount is greater than 0',
    );
    expect(reviewButton()).toBeDisabled();

    choose(/^GPU Type/, 'NVIDIA T4');
    expect(
      screen.getByRole('button', { name: /^GPU Type/ }),
    ).toHaveAccessibleDescription(/restarts the instances/);
    expect(reviewButton()).toBeEnabled();
  });

  it('reviews the changes with a dry run, then updates with the same patch', async () => {
    const api = mockModelDeploymentsApi();
    answer(api);
    const { onChanged, expectSuccessMessage } = await renderDialog(
      EditDialog,
      api,
    );
    type('Description', 'Reviews in English');
    type('CPU Cores', '8');
    fireEvent.click(reviewButton());

    const patch = {
      description: 'Reviews in English',
      resources: { cpuCores: 8 },
    };
    const rows = await findRowTexts('Changes');
    expect(api.editDeployment).toHaveBeenCalledTimes(1);
    expect(api.editDeployment).toHaveBeenCalledWith('d1', patch, {
      dryRun: true,
    });
    expect(rows).toEqual([
      'FieldBeforeAfterEffect',
      'DescriptionSentiment analysis for customer reviewsReviews in Englishrecorded',
      'CPU Cores48restarts instances',
    ]);
    expect(
      screen.getByText(
        'Updating replaces every instance with a rolling update (no downtime) because these change: CPU Cores',
      ),
    ).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Update Deployment' }));
    await waitFor(() =>
      expect(onChanged).toHaveBeenCalledWith(
        descriptionAndCpuEdited(false).deployment,
      ),
    );
    expect(api.editDeployment).toHaveBeenCalledTimes(2);
    expect(api.editDeployment).toHaveBeenLastCalledWith('d1', patch);
    expectSuccessMessage(
      'Updating bert-sentiment-api: instances restart with a rolling update',
    );
  });

  it('on a stopped deployment, says that the changes are applied when it starts, not that instances restart', async () => {
    const stopped = aDeployment({
      status: 'stopped',
      instances: { desired: 0, current: 0, ready: 0 },
    });
    const api = mockModelDeploymentsApi();
    answer(api, stopped);
    const { onChanged, expectSuccessMessage } = await renderDialog(
      EditDialog,
      api,
      stopped,
    );
    type('Description', 'Reviews in English');
    type('CPU Cores', '8');
    fireEvent.click(reviewButton());

    expect(await findRowTexts('Changes')).toEqual([
      'FieldBeforeAfterEffect',
      'DescriptionSentiment analysis for customer reviewsReviews in Englishrecorded',
      'CPU Cores48applied when it starts',
    ]);
    expect(
      screen.getByText(
        'bert-sentiment-api is stopped: no instance restarts now, and the changes are applied when the deployment starts.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/replaces every instance/),
    ).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Update Deployment' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(onChanged.mock.calls[0][0].status).toBe('stopped');
    expectSuccessMessage(
      'Updated bert-sentiment-api: the changes are applied when the deployment starts',
    );
  });

  it("shows a change of only a variable's value in the review", async () => {
    const { spec } = aDeployment();
    const env = [{ name: 'LOG_LEVEL', value: 'debug' }, spec.env[1]];
    const api = mockModelDeploymentsApi({
      editDeployment: async (_id, _patch, options) => ({
        deployment: aDeployment({ spec: { ...spec, env } }),
        changes: [
          { field: 'env', before: spec.env, after: env, effect: 'restart' },
        ],
        restartRequired: true,
        effects: ['restart'],
        dryRun: Boolean(options?.dryRun),
      }),
    });
    await renderDialog(EditDialog, api);
    fireEvent.change(envVar(1).getByLabelText('Value'), {
      target: { value: 'debug' },
    });
    fireEvent.click(reviewButton());

    expect(await findRowTexts('Changes')).toEqual([
      'FieldBeforeAfterEffect',
      'Environment VariablesLOG_LEVEL=info, HF_TOKEN from secret hf-credentials/tokenLOG_LEVEL=debug, HF_TOKEN from secret hf-credentials/tokenrestarts instances',
    ]);
    expect(api.editDeployment).toHaveBeenCalledWith(
      'd1',
      { env },
      { dryRun: true },
    );
  });

  it('edits the monitoring thresholds, which restart nothing, checked with the spec schema', async () => {
    const api = mockModelDeploymentsApi();
    answer(api);
    await renderDialog(EditDialog, api);
    const maxErrorRate = screen.getByLabelText('Max Error Rate (%)');
    expect(maxErrorRate).toBeEnabled();
    expect(maxErrorRate).not.toHaveAccessibleDescription(
      /restarts the instances/,
    );
    type('Max Error Rate (%)', '0');
    expect(maxErrorRate).toHaveAccessibleDescription('must be at least 0.1');
    type('Max p99 Latency (ms)', '12.5');
    expect(
      screen.getByLabelText('Max p99 Latency (ms)'),
    ).toHaveAccessibleDescription('must be a whole number, not float');
    expect(reviewButton()).toBeDisabled();
    expect(api.editDeployment).not.toHaveBeenCalled();

    type('Max Error Rate (%)', '2.5');
    type('Max p99 Latency (ms)', '300');
    fireEvent.click(screen.getByLabelText('Alert When No Instance Is Ready'));
    fireEvent.click(reviewButton());
    await screen.findByRole('table', { name: 'Changes' });
    expect(api.editDeployment).toHaveBeenCalledWith(
      'd1',
      {
        monitoring: {
          maxErrorRatePercent: 2.5,
          maxP99LatencyMs: 300,
          alertOnNoReadyInstances: false,
        },
      },
      { dryRun: true },
    );
  });

  it('removes a cleared optional value with null', async () => {
    const api = mockModelDeploymentsApi();
    answer(api);
    await renderDialog(EditDialog, api);
    type('Storage (GB)', '');
    fireEvent.click(reviewButton());
    await screen.findByRole('table', { name: 'Changes' });
    expect(api.editDeployment).toHaveBeenCalledWith(
      'd1',
      { resources: { storageGb: null } },
      { dryRun: true },
    );
  });

  it('sends the environment variables whole, with a secret as a reference', async () => {
    const api = mockModelDeploymentsApi();
    answer(api);
    await renderDialog(EditDialog, api);
    fireEvent.click(envVar(1).getByRole('button', { name: /^Remove / }));
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    fireEvent.change(envVar(2).getByLabelText('Name'), {
      target: { value: 'DB_PASSWORD' },
    });
    fireEvent.mouseDown(envVar(2).getByRole('button', { name: /^Source/ }));
    fireEvent.click(screen.getByRole('option', { name: 'Kubernetes Secret' }));
    fireEvent.change(envVar(2).getByLabelText('Secret name'), {
      target: { value: 'db' },
    });
    fireEvent.change(envVar(2).getByLabelText('Secret key'), {
      target: { value: 'password' },
    });
    fireEvent.click(reviewButton());
    await screen.findByRole('table', { name: 'Changes' });
    expect(api.editDeployment).toHaveBeenCalledWith(
      'd1',
      {
        env: [
          {
            name: 'HF_TOKEN',
            secretKeyRef: { name: 'hf-credentials', key: 'token' },
          },
          {
            name: 'DB_PASSWORD',
            secretKeyRef: { name: 'db', key: 'password' },
          },
        ],
      },
      { dryRun: true },
    );
  });

  it("shows the backend's refusal of the review in the dialog, and each issue at its field", async () => {
    const api = mockModelDeploymentsApi();
    api.editDeployment.mockRejectedValue(
      await backendRefusal(
        400,
        'replicas.max: must be at most 8 in production',
        [{ field: 'replicas.max', message: 'must be at most 8 in production' }],
      ),
    );
    const { onChanged, expectRefusalShown } = await renderDialog(
      EditDialog,
      api,
    );
    type('Max Instances', '12');
    fireEvent.click(reviewButton());

    await expectRefusalShown(
      'The change was refused',
      'must be at most 8 in production',
    );
    expect(onChanged).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Max Instances')).toHaveAccessibleDescription(
      'must be at most 8 in production',
    );
    expect(screen.getByLabelText('Max Instances')).toHaveValue(12);
  });

  it("shows the backend's refusal of the update, and each issue at its field back in the form", async () => {
    const api = mockModelDeploymentsApi();
    api.editDeployment
      .mockResolvedValueOnce(descriptionAndCpuEdited(true))
      .mockRejectedValueOnce(
        await backendRefusal(
          400,
          'resources.cpuCores: no node has 8 free CPU cores',
          [
            {
              field: 'resources.cpuCores',
              message: 'no node has 8 free CPU cores',
            },
          ],
        ),
      );
    const { onChanged, expectRefusalShown } = await renderDialog(
      EditDialog,
      api,
    );
    type('Description', 'Reviews in English');
    type('CPU Cores', '8');
    fireEvent.click(reviewButton());
    fireEvent.click(
      await screen.findByRole('button', { name: 'Update Deployment' }),
    );

    await expectRefusalShown(
      'Update Deployment was refused',
      'no node has 8 free CPU cores',
    );
    expect(onChanged).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByLabelText('CPU Cores')).toHaveAccessibleDescription(
      'no node has 8 free CPU cores',
    );
  });

  it('goes back from the review to the form with the edits kept', async () => {
    const api = mockModelDeploymentsApi();
    answer(api);
    await renderDialog(EditDialog, api);
    type('Description', 'Reviews in English');
    type('CPU Cores', '8');
    fireEvent.click(reviewButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Back' }));

    expect(screen.getByLabelText('Description')).toHaveValue(
      'Reviews in English',
    );
    expect(screen.getByLabelText('CPU Cores')).toHaveValue(8);
    expect(reviewButton()).toBeEnabled();
  });

  it('starts from the current values each time it opens', async () => {
    const { reopen } = await renderDialog(
      EditDialog,
      mockModelDeploymentsApi(),
    );
    type('Description', 'Reviews in English');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    reopen();
    expect(await screen.findByLabelText('Description')).toHaveValue(
      'Sentiment analysis for customer reviews',
    );
  });
});
