import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useDeployments } from '../../hooks/useDeployments';
import { ENVIRONMENT_LABELS } from '../../labels';
import { deploymentRouteRef } from '../../routes';
import { DeploymentStatus, formatInstances } from '../DeploymentStatus';

/** The overview card shows the first deployments; the tab shows them all. */
const CARD_LIMIT = 5;

/**
 * A model's deployments at a glance, for its overview page: each with its environment, version, status
 * and observed instances, linking to its page, and to the Deployments tab for all of them.
 */
export function EntityModelDeploymentsCard() {
  const { entity } = useEntity();
  const modelRef = stringifyEntityRef(entity);
  const { value, loading, error } = useDeployments({
    model: [modelRef],
    limit: CARD_LIMIT,
  });
  const deploymentRoute = useRouteRef(deploymentRouteRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const tabLink = `${entityRoute({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  })}/deployments`;

  // A failed refresh keeps the last list; only a first read that fails has nothing to show.
  if (error && !value) {
    return (
      <ResponseErrorPanel
        error={error}
        title="Deployments could not be loaded"
      />
    );
  }
  const items = value?.items ?? [];
  return (
    <InfoCard
      title="Deployments"
      deepLink={{ title: 'All deployments', link: tabLink }}
    >
      {!loading && items.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          This model is not deployed yet.
        </Typography>
      )}
      <List dense disablePadding>
        {items.map(deployment => (
          <ListItem key={deployment.id} disableGutters>
            <ListItemText
              primary={
                <Link to={deploymentRoute({ id: deployment.id })}>
                  {deployment.name}
                </Link>
              }
              secondary={`${
                ENVIRONMENT_LABELS[deployment.spec.environment]
              } · ${deployment.spec.modelVersion} · ${formatInstances(
                deployment.instances,
              )} instances`}
            />
            <DeploymentStatus status={deployment.status} />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}
