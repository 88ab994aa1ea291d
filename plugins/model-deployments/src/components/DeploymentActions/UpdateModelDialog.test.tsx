import type { ModelVersion } from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { anApprovalAskedByViewer } from '../../__testUtils__/approvals';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { refusedWith, renderDialog } from '../../__testUtils__/dialogs';
import type { ModelDeploymentsApi } from '../../api';
import { UpdateModelDialog } from './UpdateModelDialog';
import { formatTime } from '../../formatChange';

const versions: ModelVersion[] = [
  {
    version: 'v2.2.0',
    description: 'distilled',
    createdAt: '2026-11-20T10:00:00Z',
  },
  { version: 'v2.1.0' },
  { version: 'v2.0.0' },
];

/** Opens the versions once they are loaded. */
async function openVersions() {
  const select = screen.getByRole('button', { name: /Model Version/ });
  await waitFor(() => expect(select).not.toHaveAttribute('aria-disabled'));
  fireEvent.mouseDown(select);
}

async function chooseVersion(version: string) {
  await openVersions();
  fireEvent.click(
    within(screen.getByRole('listbox')).getByRole('option', {
      name: new RegExp(`^${version}`),
    }),
  );
}

function apiWithVersions(implementations: Partial<ModelDeploymentsApi> = {}) {
  return mockModelDeploymentsApi({
    listModelVersions: async () => versions,
    ...implementations,
  });
}

describe('UpdateModelDialog', () => {
  it("offers the model's versions with the one serving not selectable, and the strategies with the deployment's chosen", async () => {
    const api = apiWithVersions();
    await renderDialog(UpdateModelDialog, api);
    expect(screen.getByRole('radio', { name: /^Blue-Green/ })).toBeChecked();
    expect(
      screen.getByRole('radio', { name: /^Rolling Update/ }),
    ).toBeEnabled();
    expect(screen.getByRole('radio', { name: /^Canary/ })).toBeEnabled();
    expect(screen.getByLabelText('Rollback window (minutes)')).toHaveValue(60);
    await openVersions();
    expect(api.listModelVersions).toHaveBeenCalledWith(
      'resource:default/bert-sentiment',
    );
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      `v2.2.0distilled · ${formatTime('2026-11-20T10:00:00Z')}`,
      'v2.1.0 (serving now)',
      'v2.0.0',
    ]);
    expect(options[1]).toHaveAttribute('aria-disabled', 'true');
    expect(options[0]).not.toHaveAttribute('aria-disabled', 'true');
  });

  it('sends the new version with the canary steps, and says what happens next', async () => {
    const updated = aDeployment({
      status: 'updating',
      spec: { ...aDeployment().spec, modelVersion: 'v2.2.0' },
    });
    const api = apiWithVersions({ updateModel: async () => updated });
    const { onChanged, expectSuccessMessage } = await renderDialog(
      UpdateModelDialog,
      api,
    );
    await chooseVersion('v2.2.0');
    fireEvent.click(screen.getByRole('radio', { name: /^Canary/ }));
    expect(screen.getByLabelText(/Step 1: traffic/)).toHaveValue(10);
    expect(screen.getByText('The initial percentage')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/Step 2: traffic/), {
      target: { value: '40' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add step' }));
    fireEvent.change(screen.getByLabelText(/Step 3: traffic/), {
      target: { value: '80' },
    });
    fireEvent.change(screen.getByLabelText(/Step 3: pause/), {
      target: { value: '60' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(updated));
    expect(api.updateModel).toHaveBeenCalledWith('d1', {
      modelVersion: 'v2.2.0',
      strategy: 'canary',
      canary: {
        steps: [
          { weightPercent: 10, pauseSeconds: 300 },
          { weightPercent: 40, pauseSeconds: 300 },
          { weightPercent: 80, pauseSeconds: 60 },
        ],
      },
    });
    expectSuccessMessage(
      'Rolling out v2.2.0 to bert-sentiment-api with Canary',
    );
  });

  it('sends a blue-green update with its rollback window', async () => {
    const api = apiWithVersions({ updateModel: async () => aDeployment() });
    const { onChanged } = await renderDialog(UpdateModelDialog, api);
    await chooseVersion('v2.0.0');
    fireEvent.change(screen.getByLabelText('Rollback window (minutes)'), {
      target: { value: '30' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.updateModel).toHaveBeenCalledWith('d1', {
      modelVersion: 'v2.0.0',
      strategy: 'blue-green',
      blueGreen: { rollbackWindowMinutes: 30 },
    });
  });

  it('says that the update waits for approval, not that it rolls out, when the backend makes it wait', async () => {
    const waiting = aDeployment({
      pendingApproval: anApprovalAskedByViewer({
        parameters: { modelVersion: 'v2.2.0', strategy: 'rolling' },
      }),
    });
    const api = apiWithVersions({ updateModel: async () => waiting });
    const { onChanged, expectInfoMessage } = await renderDialog(
      UpdateModelDialog,
      api,
    );
    await chooseVersion('v2.2.0');
    fireEvent.click(screen.getByRole('radio', { name: /^Rolling Update/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(waiting));
    expectInfoMessage(
      'bert-sentiment-api: Update to v2.2.0 with Rolling Update waits for approval by nlp-team or ml-approvers; nothing changes until it is approved',
    );
  });

  it("shows the schema's rules at the fields, a canary step's at its row, and sends nothing", async () => {
    const api = apiWithVersions();
    await renderDialog(UpdateModelDialog, api);
    fireEvent.click(screen.getByRole('radio', { name: /^Canary/ }));
    fireEvent.change(screen.getByLabelText(/Step 2: traffic/), {
      target: { value: '5' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));
    expect(
      await screen.findByText("must be greater than the previous step's 10"),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/Step 2: traffic/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.getByLabelText(/Step 1: traffic/)).toHaveAttribute(
      'aria-invalid',
      'false',
    );
    expect(screen.getByText('is required')).toHaveAttribute(
      'id',
      'model-deployments-update-model-version-helper-text',
    );
    expect(api.updateModel).not.toHaveBeenCalled();
  });

  it('says why a strategy is not available for the deployment', async () => {
    const base = aDeployment().spec;
    const withoutSurge = aDeployment({
      spec: {
        ...base,
        strategy: 'rolling',
        surgeDuringUpdates: false,
        autoscaling: { ...base.autoscaling, enabled: false },
      },
    });
    await renderDialog(UpdateModelDialog, apiWithVersions(), withoutSurge);
    expect(
      screen.getByRole('radio', { name: /^Rolling Update/ }),
    ).toBeChecked();
    expect(screen.getByRole('radio', { name: /^Blue-Green/ })).toBeDisabled();
    expect(screen.getByRole('radio', { name: /^Canary/ })).toBeEnabled();
    expect(
      screen.getByText(
        'Not available: blue-green runs a second fleet at full size, which needs surgeDuringUpdates on; use canary or rolling',
      ),
    ).toBeInTheDocument();
  });

  it('says why the versions could not be loaded', async () => {
    const api = mockModelDeploymentsApi({
      listModelVersions: async () => {
        throw new Error('the model registry is unreachable');
      },
    });
    await renderDialog(UpdateModelDialog, api);
    expect(
      await screen.findByText(
        'The versions of the model could not be loaded: the model registry is unreachable',
      ),
    ).toBeInTheDocument();
  });

  it("shows the backend's refusal at the field and stays open", async () => {
    const message =
      'v2.2.0 is not a version of resource:default/bert-sentiment';
    const api = apiWithVersions({
      updateModel: refusedWith(400, `modelVersion: ${message}`, [
        { field: 'modelVersion', message },
      ]),
    });
    const { onChanged, expectRefusalShown } = await renderDialog(
      UpdateModelDialog,
      api,
    );
    await chooseVersion('v2.2.0');
    fireEvent.click(screen.getByRole('button', { name: 'Update' }));
    await expectRefusalShown('Update was refused', message);
    expect(onChanged).not.toHaveBeenCalled();
    // Also at the field it names.
    expect(screen.getAllByText(message)).toHaveLength(2);
  });
});
