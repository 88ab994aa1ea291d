import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';

/** What each action dialog takes from the deployment's page. */
export type DeploymentDialogProps = {
  open: boolean;
  deployment: ModelDeployment;
  onClose: () => void;
  /** The deployment as the backend accepted the change. */
  onChanged: (deployment: ModelDeployment) => void;
};
