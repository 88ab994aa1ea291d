import type {
  ModelDeployment,
  RolloutProgress,
} from '@modelops/plugin-model-deployments-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  aDeployment,
  anOperation,
  mockModelDeploymentsApi,
} from '../../__testUtils__/deployments';
import { refusedWith, renderDialog } from '../../__testUtils__/dialogs';
import { PromoteDialog } from './PromoteDialog';
import { formatTime } from '../../formatChange';

function updating(
  parameters: Record<string, unknown>,
  progress: RolloutProgress | null,
): ModelDeployment {
  return aDeployment({
    status: 'updating',
    revision: 3,
    spec: { ...aDeployment().spec, modelVersion: 'v2.2.0' },
    operation: anOperation({
      step: 'canary step 2 of 3: starting 1 instance for 30% of requests',
      parameters,
      progress,
    }),
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
  },
);

describe('PromoteDialog', () => {
  it("says that a canary's remaining steps are skipped, and where it is", async () => {
    await renderDialog(PromoteDialog, mockModelDeploymentsApi(), canaryAtStep2);
    expect(
      screen.getByText(
        'Promote sends all traffic to v2.2.0 now, skipping the remaining steps (now at step 2 of 3, 30%).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Promote' })).toBeEnabled();
  });

  it("counts the schema's default steps when the update named none", async () => {
    await renderDialog(
      PromoteDialog,
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
      PromoteDialog,
      mockModelDeploymentsApi(),
      updating(
        { strategy: 'blue-green' },
        {
          strategy: 'blue-green',
          phase: 'switched',
          fromRevision: 2,
          baseInstances: 2,
          until,
        },
      ),
    );
    expect(
      screen.getByText(
        `Promote removes the previous version (revision 2) now and ends the rollback window (it ends at ${formatTime(
          until,
        )}).`,
      ),
    ).toBeInTheDocument();
  });

  it('says that a blue-green preview switches as soon as it is ready', async () => {
    await renderDialog(
      PromoteDialog,
      mockModelDeploymentsApi(),
      updating(
        { strategy: 'blue-green' },
        {
          strategy: 'blue-green',
          phase: 'preview',
          fromRevision: 2,
          baseInstances: 2,
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
    await renderDialog(PromoteDialog, mockModelDeploymentsApi(), aDeployment());
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
    const { onChanged, expectSuccessMessage } = await renderDialog(
      PromoteDialog,
      api,
      canaryAtStep2,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(promoted));
    expect(api.promoteDeployment).toHaveBeenCalledWith('d1');
    expectSuccessMessage(
      'Promoting v2.2.0 on bert-sentiment-api: all traffic goes to it',
    );
  });

  it("shows the backend's refusal and stays open", async () => {
    const message =
      "Cannot promote deployment 'bert-sentiment-api': no canary or blue-green update is under way";
    const api = mockModelDeploymentsApi({
      promoteDeployment: refusedWith(409, message),
    });
    const { onChanged, expectRefusalShown } = await renderDialog(
      PromoteDialog,
      api,
      canaryAtStep2,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await expectRefusalShown('Promote was refused', message);
    expect(onChanged).not.toHaveBeenCalled();
  });
});
