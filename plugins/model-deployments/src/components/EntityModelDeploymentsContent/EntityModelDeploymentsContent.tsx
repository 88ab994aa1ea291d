import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  LinkButton,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { useDeployments } from '../../hooks/useDeployments';
import { selectedTemplateRouteRef } from '../../routes';
import { DeploymentsTable } from '../DeploymentsTable';

/** The Create Deployment template, with this model already chosen. */
function useCreateLink(modelRef: string): string | undefined {
  const templateRoute = useRouteRef(selectedTemplateRouteRef);
  if (!templateRoute) {
    return undefined;
  }
  const formData = encodeURIComponent(JSON.stringify({ model: modelRef }));
  return `${templateRoute({
    namespace: 'default',
    templateName: 'model-deployment',
  })}?formData=${formData}`;
}

/**
 * The Deployments tab of a model (`kind: Resource`, `spec.type: ai-model`): every deployment of the model
 * with its status, read again while an operation runs, and Create with the model chosen.
 */
export function EntityModelDeploymentsContent() {
  const { entity } = useEntity();
  const modelRef = stringifyEntityRef(entity);
  const { value, loading, error } = useDeployments({ model: [modelRef] });
  const createLink = useCreateLink(modelRef);

  if (error) {
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
  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={2}>
        {create}
      </Box>
      <DeploymentsTable
        title={`Deployments of ${
          entity.metadata.title ?? entity.metadata.name
        }`}
        deployments={value?.items ?? []}
        loading={loading && !value}
        emptyContent={
          <EmptyState
            missing="data"
            title="No deployments yet"
            description="Deploy this model with Create Deployment: a version, resources, scaling and a load balancer."
          />
        }
      />
    </>
  );
}
