import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DEPLOYMENT_ID_ANNOTATION } from '@modelops/plugin-model-deployments-common';
import { useDeployment } from '../../hooks/useDeployment';
import { DeploymentDetails } from '../DeploymentPage';

/**
 * The Deployment tab of a deployment's own catalog Component (`spec.type: model-server`): the same
 * details and actions as the deployment's page.
 */
export function EntityModelServerContent() {
  const { entity } = useEntity();
  const id = entity.metadata.annotations?.[DEPLOYMENT_ID_ANNOTATION] ?? '';
  const { value, loading, error, reload } = useDeployment(id);
  if (error && !value) {
    return (
      <ResponseErrorPanel
        error={error}
        title="The deployment could not be loaded"
      />
    );
  }
  if (!value) {
    return loading ? <Progress /> : null;
  }
  return (
    <DeploymentDetails
      deployment={value}
      refreshError={error}
      onChanged={reload}
    />
  );
}
