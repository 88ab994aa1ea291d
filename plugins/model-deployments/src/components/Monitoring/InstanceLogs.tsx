import { InfoCard, Progress } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  modelDeploymentReadLogsPermission,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import Typography from '@material-ui/core/Typography';
import { LogsViewer } from './LogsViewer';

/**
 * The logs viewer of a deployment, for users with the logs permission on it: a model server's logs may
 * hold request payloads, so reading them is a permission of its own.
 */
export function InstanceLogs(props: { deployment: ModelDeployment }) {
  const { deployment } = props;
  const { allowed, loading } = usePermission({
    permission: modelDeploymentReadLogsPermission,
    resourceRef: deployment.id,
  });
  if (loading) {
    return <Progress />;
  }
  if (!allowed) {
    return (
      <InfoCard title="Logs">
        <Typography variant="body2">
          You may not read these logs: that needs the{' '}
          {modelDeploymentReadLogsPermission.name} permission on this
          deployment.
        </Typography>
      </InfoCard>
    );
  }
  return <LogsViewer deploymentId={deployment.id} />;
}
