import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  DeploymentRevision,
  FieldIssue,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import { RollbackDialog } from './RollbackDialog';

const spec = aDeployment().spec;

const revisions: DeploymentRevision[] = [
  {
    revision: 2,
    modelVersion: 'v2.1.0',
    spec,
    reason: 'update-model to v2.1.0 (blue-green)',
    createdAt: '2026-11-26T09:30:00Z',
    createdBy: 'user:default/alice',
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
    createdAt: '2026-11-26T09:00:00Z',
    createdBy: 'user:default/bob',
  },
];

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

function apiWithRevisions(implementations: Partial<ModelDeploymentsApi> = {}) {
  return mockModelDeploymentsApi({
    listRevisions: async () => revisions,
    ...implementations,
  });
}

async function renderDialog(
  api: ModelDeploymentsApi,
  options: { deployment?: ModelDeployment; initialRevision?: number } = {},
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
      <RollbackDialog
        open
        deployment={options.deployment ?? aDeployment()}
        initialRevision={options.initialRevision}
        onClose={jest.fn()}
        onChanged={onChanged}
      />
    </TestApiProvider>,
  );
  return { onChanged, alertApi };
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
        `create · ${new Date(
          '2026-11-26T09:00:00Z',
        ).toLocaleString()} by user:default/bob`,
      ),
    ).toBeInTheDocument();

    const restored = screen.getByRole('table', {
      name: 'What revision 1 restores',
    });
    const rows = within(restored)
      .getAllByRole('row')
      .map(row => row.textContent);
    expect(rows).toEqual([
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

  it('says that rolling back aborts an update under way', async () => {
    const newest: DeploymentRevision = {
      ...revisions[0],
      revision: 3,
      modelVersion: 'v2.2.0',
      reason: 'update-model to v2.2.0 (canary)',
    };
    const api = mockModelDeploymentsApi({
      listRevisions: async () => [newest, ...revisions],
    });
    await renderDialog(api, {
      deployment: aDeployment({
        status: 'updating',
        revision: 3,
        activeRevision: 2,
      }),
    });
    expect(
      await screen.findByRole('radio', {
        name: /^Revision 3: v2.2.0 \(being rolled out\)/,
      }),
    ).toBeDisabled();
    expect(
      screen.getByRole('radio', { name: /^Revision 2: v2.1.0 \(serving\)/ }),
    ).toBeDisabled();
    expect(
      screen.getByText('An update is under way: rolling back aborts it.'),
    ).toBeInTheDocument();
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
    const { onChanged, alertApi } = await renderDialog(api);
    fireEvent.click(
      await screen.findByRole('radio', { name: /^Revision 1: v2.0.0/ }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Roll back' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(rolledBack));
    expect(api.rollbackDeployment).toHaveBeenCalledWith('d1', { revision: 1 });
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'Rolling bert-sentiment-api back to revision 1 (v2.0.0)',
        severity: 'success',
      }),
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
      rollbackDeployment: async () => {
        throw await refusal(`revision: ${message}`, [
          { field: 'revision', message },
        ]);
      },
    });
    const { onChanged } = await renderDialog(api, { initialRevision: 1 });
    await screen.findByRole('radio', { name: /^Revision 1/ });
    fireEvent.click(screen.getByRole('button', { name: 'Roll back' }));
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText('Roll back was refused'),
    ).toBeInTheDocument();
    expect(within(alert).getByText(message)).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });
});
