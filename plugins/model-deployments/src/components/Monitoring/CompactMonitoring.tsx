import { InfoCard } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  SHUT_DOWN_STATUSES,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { detailsTabQuery } from '../../detailsTabs';
import { ENVIRONMENT_LABELS } from '../../labels';
import { deploymentRouteRef } from '../../routes';
import { CompactMetrics } from './CompactMetrics';

/** Deployments that serve, or are about to: one shut down (stopped or deleted) has nothing to measure. */
function measurable(deployments: readonly ModelDeployment[]) {
  return deployments.filter(
    deployment => !SHUT_DOWN_STATUSES.includes(deployment.status),
  );
}

/**
 * A small Monitoring card for a model's Deployments tab: request rate, p99 latency and error rate over
 * the last hour of one deployment, chosen in a select (production first), with a link to its full
 * Monitoring panel. Nothing when no deployment serves.
 */
export function CompactMonitoring(props: {
  deployments: readonly ModelDeployment[];
}) {
  const candidates = measurable(props.deployments);
  const [chosenId, setChosenId] = useState<string>();
  const deploymentRoute = useRouteRef(deploymentRouteRef);
  const chosen =
    candidates.find(deployment => deployment.id === chosenId) ??
    candidates.find(
      deployment => deployment.spec.environment === 'production',
    ) ??
    candidates[0];
  if (!chosen) {
    return null;
  }
  return (
    <InfoCard
      title="Monitoring"
      subheader="Last hour"
      action={
        <TextField
          id="compact-monitoring-deployment"
          select
          label="Deployment"
          variant="outlined"
          margin="dense"
          value={chosen.id}
          onChange={event => setChosenId(event.target.value)}
        >
          {candidates.map(deployment => (
            <MenuItem key={deployment.id} value={deployment.id}>
              {deployment.name} (
              {ENVIRONMENT_LABELS[deployment.spec.environment]})
            </MenuItem>
          ))}
        </TextField>
      }
      deepLink={{
        title: `Monitoring of ${chosen.name}`,
        link: `${deploymentRoute({ id: chosen.id })}?${detailsTabQuery(
          'monitoring',
        )}`,
      }}
    >
      <CompactMetrics key={chosen.id} deploymentId={chosen.id} />
    </InfoCard>
  );
}
