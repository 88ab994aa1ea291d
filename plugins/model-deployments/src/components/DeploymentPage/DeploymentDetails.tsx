import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { DETAILS_TABS, detailsTabIds } from '../../detailsTabs';
import { errorMessage } from '../ActionDialog';
import { PendingApprovalCard } from '../Approvals';
import {
  ActionButtons,
  ActionDialogs,
  useActionAvailability,
  type OpenDialog,
} from '../DeploymentActions';
import { AlertsCard, InstanceLogs, MonitoringPanel } from '../Monitoring';
import { ConditionsCard } from './ConditionsCard';
import { DetailsTabPanel } from './DetailsTabPanel';
import { HistoryCard } from './HistoryCard';
import { RevisionsCard } from './RevisionsCard';
import { SpecSections } from './SpecSections';
import { StatusCard } from './StatusCard';
import { useDetailsTab } from './useDetailsTab';

/**
 * Everything about one deployment: the change that waits for approval and its actions above four tabs,
 * Overview (status and the operation under way, the documentation's sections, conditions), Monitoring
 * (alerts and metrics), Logs, and History (revisions and events). The URL names the tab. Shown on the
 * deployment's page and on its catalog entity.
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
  const [tab, showTab] = useDetailsTab();
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
      <Grid item xs={12}>
        <Tabs
          value={tab}
          onChange={(_event, next) => showTab(next)}
          indicatorColor="primary"
          textColor="primary"
          aria-label="Deployment sections"
        >
          {DETAILS_TABS.map(option => {
            const ids = detailsTabIds(deployment.id, option.id);
            return (
              <Tab
                key={option.id}
                value={option.id}
                label={option.label}
                id={ids.tab}
                aria-controls={ids.panel}
              />
            );
          })}
        </Tabs>
      </Grid>
      <DetailsTabPanel deploymentId={deployment.id} tab="overview" shown={tab}>
        <Grid item xs={12} md={6}>
          <StatusCard deployment={deployment} />
        </Grid>
        <SpecSections deployment={deployment} />
        <Grid item xs={12}>
          <ConditionsCard conditions={deployment.conditions} />
        </Grid>
      </DetailsTabPanel>
      <DetailsTabPanel
        deploymentId={deployment.id}
        tab="monitoring"
        shown={tab}
      >
        <Grid item xs={12}>
          <AlertsCard deployment={deployment} />
        </Grid>
        <Grid item xs={12}>
          <MonitoringPanel deployment={deployment} />
        </Grid>
      </DetailsTabPanel>
      <DetailsTabPanel deploymentId={deployment.id} tab="logs" shown={tab}>
        <Grid item xs={12}>
          <InstanceLogs deployment={deployment} />
        </Grid>
      </DetailsTabPanel>
      <DetailsTabPanel deploymentId={deployment.id} tab="history" shown={tab}>
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
      </DetailsTabPanel>
    </Grid>
  );
}
