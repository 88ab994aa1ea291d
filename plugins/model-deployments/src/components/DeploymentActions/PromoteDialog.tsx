import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  type ModelDeployment,
  waitingRequestNote,
} from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from '../../api';
import { awaitingApprovalOutcome } from '../../approvalSummary';
import { canaryStepsOf } from '../../canarySteps';
import { formatTime } from '../../formatChange';
import { STRATEGY_LABELS } from '../../labels';
import { ActionDialog, useSubmit } from '../ActionDialog';
import type { DeploymentDialogProps } from './DeploymentDialogProps';

type Promotion = {
  strategy?: 'canary' | 'blue-green';
  /** What promoting does now, or why there is nothing to promote. */
  explanation: string;
};

/** What a promote does to the update under way, from the progress the runtime keeps. */
function promotionOf(deployment: ModelDeployment): Promotion {
  const { operation } = deployment;
  const version = deployment.spec.modelVersion;
  const strategy =
    operation?.progress?.strategy ?? operation?.parameters.strategy;
  if (
    operation?.type !== 'update-model' ||
    (strategy !== 'canary' && strategy !== 'blue-green')
  ) {
    return {
      explanation:
        'No canary or blue-green update is under way: there is nothing to promote.',
    };
  }
  const { progress } = operation;
  if (!progress) {
    return {
      strategy,
      explanation: `The update to ${version} has not started yet. Promote finishes it as soon as it has: ${
        strategy === 'canary'
          ? 'all traffic goes to the new version, skipping the canary steps'
          : 'the previous version is removed once the new one serves, with no rollback window'
      }.`,
    };
  }
  if (progress.phase === 'finishing' || progress.phase === 'completing') {
    return {
      explanation: `The update to ${version} is already finishing: there is nothing left to skip.`,
    };
  }
  if (progress.strategy === 'canary') {
    const step =
      progress.stepIndex === undefined ? '—' : progress.stepIndex + 1;
    const weight =
      progress.weightPercent === undefined ? '—' : `${progress.weightPercent}%`;
    return {
      strategy,
      explanation: `Promote sends all traffic to ${version} now, skipping the remaining steps (now at step ${step} of ${
        canaryStepsOf(operation.parameters).length || '—'
      }, ${weight}).`,
    };
  }
  if (progress.phase === 'switched') {
    const ends = progress.until ? formatTime(progress.until) : '—';
    return {
      strategy,
      explanation: `Promote removes the previous version (revision ${progress.fromRevision}) now and ends the rollback window (it ends at ${ends}).`,
    };
  }
  return {
    strategy,
    explanation: `Promote switches traffic to ${version} as soon as the preview is ready, and removes the previous version (revision ${progress.fromRevision}) then, with no rollback window.`,
  };
}

/** Promote: finishes a canary or blue-green update now instead of at the end of its steps or window. */
export function PromoteDialog(props: DeploymentDialogProps) {
  const { open, deployment, onClose, onChanged } = props;
  const api = useApi(modelDeploymentsApiRef);
  const promotion = promotionOf(deployment);
  const { submit, dialogProps } = useSubmit<ModelDeployment>({
    open,
    onDone: onChanged,
    successMessage: result =>
      awaitingApprovalOutcome(deployment, result) ??
      (promotion.strategy === 'canary'
        ? `Promoting ${result.spec.modelVersion} on ${result.name}: all traffic goes to it`
        : `Promoting ${result.spec.modelVersion} on ${result.name}: the previous version is removed once it serves`),
  });

  const { operation } = deployment;
  return (
    <ActionDialog
      {...dialogProps}
      title={`Promote ${deployment.name}`}
      note={waitingRequestNote(deployment, 'promote')}
      submitLabel="Promote"
      onSubmit={() => submit(() => api.promoteDeployment(deployment.id))}
      onClose={onClose}
      canSubmit={Boolean(promotion.strategy)}
    >
      {promotion.strategy && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {STRATEGY_LABELS[promotion.strategy].name} update to{' '}
          {deployment.spec.modelVersion}
          {operation?.step ? `: ${operation.step}` : ''}
        </Typography>
      )}
      <Typography variant="body1">{promotion.explanation}</Typography>
      {promotion.strategy && operation?.promoteRequestedAt && (
        <Typography variant="body2" color="textSecondary">
          A promotion was already asked for at{' '}
          {formatTime(operation.promoteRequestedAt)}.
        </Typography>
      )}
    </ActionDialog>
  );
}
