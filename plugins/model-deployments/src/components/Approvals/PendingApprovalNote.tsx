import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import Typography from '@material-ui/core/Typography';
import { approvalSummary } from '../../approvalSummary';
import { deploymentRouteRef } from '../../routes';

/**
 * A line under a deployment's status in a list when a change of it waits for approval, e.g. "Update to
 * v2.2.0 with Canary waits for approval", to its page, where it is decided.
 */
export function PendingApprovalNote(props: { deployment: ModelDeployment }) {
  const { id, pendingApproval } = props.deployment;
  const deploymentRoute = useRouteRef(deploymentRouteRef);
  if (!pendingApproval) {
    return null;
  }
  return (
    <Typography variant="caption" display="block">
      <Link to={deploymentRoute({ id })}>
        {approvalSummary(pendingApproval)} waits for approval
      </Link>
    </Typography>
  );
}
