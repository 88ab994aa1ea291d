import type { ModelDeployment } from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { ACTION_LABELS } from '../../labels';
import { ReasonTooltip } from '../ReasonTooltip';
import { useActionAvailability } from './useActionAvailability';
import type { DialogAction, OpenDialog } from './ActionDialogs';

/** One action's button: disabled, with the reason on hover, when the user cannot use it now. */
function ActionButton(props: {
  deployment: ModelDeployment;
  action: DialogAction;
  onOpen: (dialog: OpenDialog) => void;
}) {
  const { deployment, action, onOpen } = props;
  const { available, reason } = useActionAvailability(deployment, action);
  const destructive = action === 'delete' || action === 'stop';
  const button = (
    <Button
      variant={action === 'edit' ? 'contained' : 'outlined'}
      color={destructive ? 'secondary' : 'primary'}
      disabled={!available}
      onClick={() => onOpen({ action })}
    >
      {ACTION_LABELS[action]}
    </Button>
  );
  return <ReasonTooltip reason={reason}>{button}</ReasonTooltip>;
}

/**
 * The actions of the documentation's details view. Promote shows only while a canary or blue-green
 * update is under way, and Start replaces Stop on a stopped deployment.
 */
export function ActionButtons(props: {
  deployment: ModelDeployment;
  onOpen: (dialog: OpenDialog) => void;
}) {
  const { deployment, onOpen } = props;
  // Promote finishes a canary or blue-green update, from the moment it is accepted.
  const { operation } = deployment;
  const staged =
    operation?.type === 'update-model' &&
    ['canary', 'blue-green'].includes(String(operation.parameters.strategy));
  const actions: DialogAction[] = [
    'edit',
    'scale',
    'update-model',
    ...(staged ? (['promote'] as const) : []),
    'rollback',
    deployment.status === 'stopped' ? 'start' : 'stop',
    'delete',
  ];
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      gridGap={8}
      role="toolbar"
      aria-label="Deployment actions"
    >
      {actions.map(action => (
        <ActionButton
          key={action}
          deployment={deployment}
          action={action}
          onOpen={onOpen}
        />
      ))}
    </Box>
  );
}
