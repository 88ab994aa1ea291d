import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { errorMessage } from '../ActionDialog';
import { PendingApprovalCard } from '../Approvals';
import {
  ActionButtons,
  ActionDialogs,
  useActionAvailability,
  type OpenDialog,
} from '../DeploymentActions';
import { ConditionsCard } from './ConditionsCard';
import { HistoryCard } from './HistoryCard';
import { RevisionsCard } from './RevisionsCard';
import { SpecSections } from './SpecSections';
import { StatusCard } from './StatusCard';

/**
 * Everything about one deployment: the change that waits for approval, its actions, status and the operation under way, the documentation's
 * sections, conditions, revisions and history. Shown on the deployment's page and on its catalog entity.
 */
export function DeploymentDetails(props: {
  deployment: ModelDeployment;
  /** Why the last read again failed; what is shown is then the last read that worked. */
  refreshError?: Error;
  /** Called after a change was accepted or decided, to read the deployment again. */
  onChanged: () => void;
}) {
  const { deployment, refreshError, onChanged } = props;
  const [dialog, setDialog] = useState<OpenDialog | undefined>();
  const rollback = useActionAvailability(deployment, 'rollback');
  const deleted = deployment.status === 'deleted';

  return (
    <Grid container spacing={3} alignItems="stretch">
      {refreshError && (
        <Grid item xs={12}>
          <Alert severity="warning">
            Could not read the deployment again ({errorMessage(refreshError)});
            this is what it was at the last read. Trying again.
          </Alert>
        </Grid>
      )}
      {deployment.pendingApproval && (
        <Grid item xs={12}>
          <PendingApprovalCard
            approval={deployment.pendingApproval}
            onDecided={onChanged}
          />
        </Grid>
      )}
      {deleted ? (
        <Grid item xs={12}>
          <Alert severity="info">
            This deployment was deleted. Its configuration, revisions and
            history are kept for the record.
          </Alert>
        </Grid>
      ) : (
        <Grid item xs={12}>
          <ActionButtons deployment={deployment} onOpen={setDialog} />
          <ActionDialogs
            deployment={deployment}
            dialog={dialog}
            onClose={() => setDialog(undefined)}
            onChanged={onChanged}
          />
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <StatusCard deployment={deployment} />
      </Grid>
      <SpecSections deployment={deployment} />
      <Grid item xs={12}>
        <ConditionsCard conditions={deployment.conditions} />
      </Grid>
      <Grid item xs={12}>
        <RevisionsCard
          deployment={deployment}
          onRollback={
            rollback.available
              ? revision => setDialog({ action: 'rollback', revision })
              : undefined
          }
        />
      </Grid>
      <Grid item xs={12}>
        <HistoryCard deployment={deployment} />
      </Grid>
    </Grid>
  );
}
