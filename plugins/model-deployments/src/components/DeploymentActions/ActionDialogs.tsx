import type {
  DeploymentAction,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { DeleteDialog } from './DeleteDialog';
import { EditDialog } from './EditDialog';
import { PromoteDialog } from './PromoteDialog';
import { RollbackDialog } from './RollbackDialog';
import { ScaleDialog } from './ScaleDialog';
import { StartDialog } from './StartDialog';
import { StopDialog } from './StopDialog';
import { UpdateModelDialog } from './UpdateModelDialog';

/** The actions that open a dialog: every one but create, which is the template. */
export type DialogAction = Exclude<DeploymentAction, 'create'>;

/** The dialog open on a deployment; a rollback may come with the revision chosen in Revisions. */
export type OpenDialog = { action: DialogAction; revision?: number };

/** The open action dialog of a deployment, if any. */
export function ActionDialogs(props: {
  deployment: ModelDeployment;
  dialog?: OpenDialog;
  onClose: () => void;
  onChanged: (deployment: ModelDeployment) => void;
}) {
  const { deployment, dialog, onClose, onChanged } = props;
  const common = {
    deployment,
    onClose,
    onChanged: (changed: ModelDeployment) => {
      onClose();
      onChanged(changed);
    },
  };
  // Only the open dialog is mounted: the page re-renders on every refresh while an operation runs,
  // and closed dialogs would only add to it.
  switch (dialog?.action) {
    case 'edit':
      return <EditDialog open {...common} />;
    case 'scale':
      return <ScaleDialog open {...common} />;
    case 'update-model':
      return <UpdateModelDialog open {...common} />;
    case 'promote':
      return <PromoteDialog open {...common} />;
    case 'rollback':
      return (
        <RollbackDialog open initialRevision={dialog.revision} {...common} />
      );
    case 'stop':
      return <StopDialog open {...common} />;
    case 'start':
      return <StartDialog open {...common} />;
    case 'delete':
      return <DeleteDialog open {...common} />;
    default:
      return null;
  }
}
