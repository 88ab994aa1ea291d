import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  LinkButton,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { usePagedDeployments } from '../../hooks/usePagedDeployments';
import { useCreateDeploymentLink } from '../../hooks/useCreateDeploymentLink';
import { DeploymentsTable, Pager } from '../DeploymentsTable';
import { CompactMonitoring } from '../Monitoring';

/**
 * The Deployments tab of a model (`kind: Resource`, `spec.type: ai-model`): the last hour of one serving
 * deployment's metrics, every deployment of the model with its status and firing alerts, read again
 * while an operation runs, and Create with the model chosen.
 */
export function EntityModelDeploymentsContent() {
  const { entity } = useEntity();
  const modelRef = stringifyEntityRef(entity);
  const { value, loading, error, ...pager } = usePagedDeployments({
    model: [modelRef],
  });
  const createLink = useCreateDeploymentLink(modelRef);

  if (error && !value) {
    return (
      <ResponseErrorPanel
        error={error}
        title="Deployments could not be loaded"
      />
    );
  }
  const create = createLink && (
    <LinkButton to={createLink} color="primary" variant="contained">
      Create Deployment
    </LinkButton>
  );
  const deployments = value?.items ?? [];
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Box display="flex" justifyContent="flex-end">
        {create}
      </Box>
      <CompactMonitoring deployments={deployments} />
      <DeploymentsTable
        title={`Deployments of ${
          entity.metadata.title ?? entity.metadata.name
        }`}
        deployments={deployments}
        loading={loading && !value}
        emptyContent={
          <EmptyState
            missing="data"
            title="No deployments yet"
            description="Deploy this model with Create Deployment: a version, resources, scaling and a load balancer."
          />
        }
      />
      <Pager {...pager} />
    </Box>
  );
}
