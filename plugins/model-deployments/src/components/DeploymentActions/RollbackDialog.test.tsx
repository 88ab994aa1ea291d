import type {
  DeploymentRevision,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  aDeployment,
  anOperation,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import {
  findRowTexts,
  refusedWith,
  renderDialog as renderActionDialog,
} from '../../__testUtils__/dialogs';
import type { ModelDeploymentsApi } from '../../api';
import type { DeploymentDialogProps } from './DeploymentDialogProps';
import { RollbackDialog } from './RollbackDialog';
import { formatTime } from '../../formatChange';

const spec = aDeployment().spec;

const revisions: DeploymentRevision[] = [
  {
    revision: 2,
    modelVersion: 'v2.1.0',
    spec,
    reason: 'update-model to v2.1.0 (blue-green)',
    serving: null,
    createdAt: '2026-11-26T09:30:00Z',
    createdBy: 'user:default/alice',
    approvedBy: null,
  },
  {
    revision: 1,
    modelVersion: 'v2.0.0',
    spec: {
      ...spec,
      modelVersion: 'v2.0.0',
      description: 'The first one',
      resources: { ...spec.resources, cpuCores: 2 },
      replicas: { min: 1, max: 3 },
    },
    reason: 'create',
    serving: null,
    createdAt: '2026-11-26T09:00:00Z',
    createdBy: 'user:default/bob',
    approvedBy: 'user:default/carol',
  },
];

/** The newest revision, which an update rolls out. */
const newest: DeploymentRevision = {
  ...revisions[0],
  revision: 3,
  modelVersion: 'v2.2.0',
  spec: { ...spec, modelVersion: 'v2.2.0' },
  reason: 'update-model to v2.2.0 (canary)',
};

/** Rolling revision 3 out, while revision 2 still serves. */
const updating = aDeployment({
  status: 'updating',
  revision: 3,
  activeRevision: 2,
  spec: newest.spec,
  operation: anOperation(),
});

function apiWithRevisions(implementations: Partial<ModelDeploymentsApi> = {}) {
  return mockModelDeploymentsApi({
    listRevisions: async () => revisions,
    ...implementations,
  });
}

/** Renders the dialog opened on `initialRevision`, as the Revisions card opens it. */
function renderDialog(
  api: ModelDeploymentsApi,
  options: { deployment?: ModelDeployment; initialRevision?: number } = {},
) {
  const Dialog = (props: DeploymentDialogProps) => (
    <RollbackDialog {...props} initialRevision={options.initialRevision} />
  );
  return renderActionDialog(Dialog, api, options.deployment);
}

describe('RollbackDialog', () => {
  it('offers the revisions but the serving one, and shows what the chosen one restores', async () => {
    const api = apiWithRevisions();
    await renderDialog(api, { initialRevision: 1 });
    const serving = await screen.findByRole('radio', {
      name: /^Revision 2: v2.1.0 \(serving\)/,
    });
    expect(api.listRevisions).toHaveBeenCalledWith('d1');
    expect(serving).toBeDisabled();
    const earlier = screen.getByRole('radio', { name: /^Revision 1: v2.0.0/ });
    expect(earlier).toBeEnabled();
    expect(earlier).toBeChecked();
    expect(
      screen.getByText(
        `create · ${formatTime(
          '2026-11-26T09:00:00Z',
        )} by bob · approved by carol`,
      ),
    ).toBeInTheDocument();

    expect(await findRowTexts('What revision 1 restores')).toEqual([
      'FieldNowAfter the rollback',
      'Model Versionv2.1.0v2.0.0',
      'CPU Cores42',
    ]);
    expect(
      screen.getByText(/Scaling and the description stay as they are now/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/rolling back aborts it/),
    ).not.toBeInTheDocument();
  });

  it('while an update rolls out, offers the serving revision, whose rollback aborts the update, but not the one rolled out', async () => {
    const rolledBack = aDeployment({ status: 'rolling-back', revision: 4 });
    const api = mockModelDeploymentsApi({
      listRevisions: async () => [newest, ...revisions],
      rollbackDeployment: async () => rolledBack,
    });
    const { onChanged, expectSuccessMessage } = await renderDialog(api, {
      deployment: updating,
    });
    expect(
      await screen.findByRole('radio', {
        name: /^Revision 3: v2.2.0 \(being rolled out\)/,
      }),
    ).toBeDisabled();
    const serving = screen.getByRole('radio', {
      name: /^Revision 2: v2.1.0 \(serving\)/,
    });
    expect(serving).toBeEnabled();
    expect(
      screen.getByText('An update is under way: rolling back aborts it.'),
    ).toBeInTheDocument();

    fireEvent.click(serving);
    expect(
      screen.getByRole('table', { name: 'What revision 2 restores' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Roll back' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(rolledBack));
    expect(api.rollbackDeployment).toHaveBeenCalledWith('d1', { revision: 2 });
    expectSuccessMessage(
      'Rolling bert-sentiment-api back to revision 2 (v2.1.0)',
    );
  });

  it('without an update under way, offers neither the serving revision nor the latest', async () => {
    const api = mockModelDeploymentsApi({
      listRevisions: async () => [newest, ...revisions],
    });
    // The latest revision failed to roll out: the operation has ended, and revision 2 still serves.
    await renderDialog(api, {
      deployment: { ...updating, status: 'failed', operation: undefined },
      initialRevision: 2,
    });
    expect(
      await screen.findByRole('radio', {
        name: /^Revision 3: v2.2.0 \(latest\)/,
      }),
    ).toBeDisabled();
    const serving = screen.getByRole('radio', {
      name: /^Revision 2: v2.1.0 \(serving\)/,
    });
    expect(serving).toBeDisabled();
    expect(serving).not.toBeChecked();
    expect(screen.getByRole('radio', { name: /^Revision 1/ })).toBeEnabled();
    expect(
      screen.queryByText(/rolling back aborts it/),
    ).not.toBeInTheDocument();
  });

  it('rolls back to the chosen revision and says what happens next', async () => {
    const rolledBack = aDeployment({
      status: 'rolling-back',
      revision: 3,
      spec: { ...spec, modelVersion: 'v2.0.0' },
    });
    const api = apiWithRevisions({
      rollbackDeployment: async () => rolledBack,
    });
    const { onChanged, expectSuccessMessage } = await renderDialog(api);
    fireEvent.click(
      await screen.findByRole('radio', { name: /^Revision 1: v2.0.0/ }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Roll back' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(rolledBack));
    expect(api.rollbackDeployment).toHaveBeenCalledWith('d1', { revision: 1 });
    expectSuccessMessage(
      'Rolling bert-sentiment-api back to revision 1 (v2.0.0)',
    );
  });

  it("asks for a revision with the schema's words and sends nothing", async () => {
    const api = apiWithRevisions();
    await renderDialog(api);
    await screen.findByRole('radio', { name: /^Revision 1/ });
    fireEvent.click(screen.getByRole('button', { name: 'Roll back' }));
    const group = screen.getByRole('group', { name: 'Revision to return to' });
    expect(await within(group).findByText('is required')).toBeInTheDocument();
    expect(api.rollbackDeployment).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal and stays open", async () => {
    const message = 'there is no revision 1 (revisions are 2 to 2)';
    const api = apiWithRevisions({
      rollbackDeployment: refusedWith(400, `revision: ${message}`, [
        { field: 'revision', message },
      ]),
    });
    const { onChanged, expectRefusalShown } = await renderDialog(api, {
      initialRevision: 1,
    });
    await screen.findByRole('radio', { name: /^Revision 1/ });
    fireEvent.click(screen.getByRole('button', { name: 'Roll back' }));
    await expectRefusalShown('Roll back was refused', message);
    expect(onChanged).not.toHaveBeenCalled();
  });
});
