import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  DeploymentOperation,
  ModelDeployment,
  RolloutProgress,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  aDeployment,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { modelDeploymentsApiRef, type ModelDeploymentsApi } from '../../api';
import { PromoteDialog } from './PromoteDialog';

function updating(
  parameters: Record<string, unknown>,
  progress: RolloutProgress | null,
): ModelDeployment {
  const operation: DeploymentOperation = {
    id: 'o1',
    type: 'update-model',
    status: 'running',
    step: 'canary step 2 of 3: starting 1 instance for 30% of requests',
    targetRevision: 3,
    parameters,
    progress,
    promoteRequestedAt: null,
    error: null,
    requestedBy: 'user:default/alice',
    createdAt: '2026-11-26T10:00:00Z',
    startedAt: '2026-11-26T10:00:01Z',
    finishedAt: null,
  };
  return aDeployment({
    status: 'updating',
    revision: 3,
    spec: { ...aDeployment().spec, modelVersion: 'v2.2.0' },
    operation,
  });
}

const canaryAtStep2 = updating(
  {
    strategy: 'canary',
    canary: {
      steps: [
        { weightPercent: 10, pauseSeconds: 60 },
        { weightPercent: 30, pauseSeconds: 60 },
        { weightPercent: 60, pauseSeconds: 60 },
      ],
    },
  },
  {
    strategy: 'canary',
    phase: 'canary',
    fromRevision: 2,
    baseInstances: 2,
    stepIndex: 1,
    weightPercent: 30,
    canaryInstances: 1,
    generations: {},
  },
);

async function renderDialog(
  api: ModelDeploymentsApi,
  deployment: ModelDeployment,
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
      <PromoteDialog
        open
        deployment={deployment}
        onClose={jest.fn()}
        onChanged={onChanged}
      />
    </TestApiProvider>,
  );
  return { onChanged, alertApi };
}

describe('PromoteDialog', () => {
  it("says that a canary's remaining steps are skipped, and where it is", async () => {
    await renderDialog(mockModelDeploymentsApi(), canaryAtStep2);
    expect(
      screen.getByText(
        'Promote sends all traffic to v2.2.0 now, skipping the remaining steps (now at step 2 of 3, 30%).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Promote' })).toBeEnabled();
  });

  it("counts the schema's default steps when the update named none", async () => {
    await renderDialog(
      mockModelDeploymentsApi(),
      updating({ strategy: 'canary' }, canaryAtStep2.operation!.progress),
    );
    expect(
      screen.getByText(
        /skipping the remaining steps \(now at step 2 of 2, 30%\)/,
      ),
    ).toBeInTheDocument();
  });

  it('says that a switched blue-green update ends its rollback window now', async () => {
    const until = '2026-11-26T11:00:00Z';
    await renderDialog(
      mockModelDeploymentsApi(),
      updating(
        { strategy: 'blue-green' },
        {
          strategy: 'blue-green',
          phase: 'switched',
          fromRevision: 2,
          baseInstances: 2,
          until,
          generations: {},
        },
      ),
    );
    expect(
      screen.getByText(
        `Promote removes the previous version (revision 2) now and ends the rollback window (it ends at ${new Date(
          until,
        ).toLocaleString()}).`,
      ),
    ).toBeInTheDocument();
  });

  it('says that a blue-green preview switches as soon as it is ready', async () => {
    await renderDialog(
      mockModelDeploymentsApi(),
      updating(
        { strategy: 'blue-green' },
        {
          strategy: 'blue-green',
          phase: 'preview',
          fromRevision: 2,
          baseInstances: 2,
          generations: {},
        },
      ),
    );
    expect(
      screen.getByText(
        /Promote switches traffic to v2.2.0 as soon as the preview is ready/,
      ),
    ).toBeInTheDocument();
  });

  it('offers nothing when no canary or blue-green update is under way', async () => {
    await renderDialog(mockModelDeploymentsApi(), aDeployment());
    expect(
      screen.getByText(
        'No canary or blue-green update is under way: there is nothing to promote.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Promote' })).toBeDisabled();
  });

  it('promotes and says what happens next', async () => {
    const promoted = { ...canaryAtStep2, version: 6 };
    const api = mockModelDeploymentsApi({
      promoteDeployment: async () => promoted,
    });
    const { onChanged, alertApi } = await renderDialog(api, canaryAtStep2);
    fireEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(promoted));
    expect(api.promoteDeployment).toHaveBeenCalledWith('d1');
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message:
          'Promoting v2.2.0 on bert-sentiment-api: all traffic goes to it',
        severity: 'success',
      }),
    );
  });

  it("shows the backend's refusal and stays open", async () => {
    const message =
      "Cannot promote deployment 'bert-sentiment-api': no canary or blue-green update is under way";
    const api = mockModelDeploymentsApi({
      promoteDeployment: async () => {
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
    const { onChanged } = await renderDialog(api, canaryAtStep2);
    fireEvent.click(screen.getByRole('button', { name: 'Promote' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Promote was refused')).toBeInTheDocument();
    expect(within(alert).getByText(message)).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
  });
});
