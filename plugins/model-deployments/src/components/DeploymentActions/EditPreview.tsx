import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  EditDeploymentResponse,
  EditEffect,
} from '@modelops/plugin-model-deployments-common';
import { FIELD_LABELS } from '../../labels';
import { appliedWhenStarted } from './editOutcome';
import { FieldChangesTable } from './FieldChangesTable';

const EFFECT_LABELS: Readonly<Record<EditEffect, string>> = {
  none: 'recorded',
  'in-place': 'applied in place',
  restart: 'restarts instances',
};

/** On a stopped deployment, nothing is applied until it starts. */
const EFFECT_LABELS_WHEN_STOPPED: Readonly<Record<EditEffect, string>> = {
  none: 'recorded',
  'in-place': 'applied when it starts',
  restart: 'applied when it starts',
};

/** What updating does to the instances, or that it waits for the deployment to start. */
function Consequence(props: { preview: EditDeploymentResponse }) {
  const { preview } = props;
  if (appliedWhenStarted(preview)) {
    return (
      <Alert severity="info">
        {preview.deployment.name} is stopped: no instance restarts now, and the
        changes are applied when the deployment starts.
      </Alert>
    );
  }
  if (preview.restartRequired) {
    const restarting = preview.changes
      .filter(change => change.effect === 'restart')
      .map(change => FIELD_LABELS[change.field]);
    return (
      <Alert severity="warning">
        Updating replaces every instance with a rolling update (no downtime)
        because these change: {restarting.join(', ')}
      </Alert>
    );
  }
  return preview.changes.length > 0 ? (
    <Alert severity="info">
      Updating replaces no instance: the changes are applied to the running
      deployment or only recorded.
    </Alert>
  ) : null;
}

/**
 * What the backend says an edit would do (its dry run): each change with its effect, and whether the
 * instances are replaced, or on a stopped deployment that the changes wait for it to start. Nothing has
 * changed yet.
 */
export function EditPreview(props: { preview: EditDeploymentResponse }) {
  const { preview } = props;
  const effectLabels = appliedWhenStarted(preview)
    ? EFFECT_LABELS_WHEN_STOPPED
    : EFFECT_LABELS;
  return (
    <>
      <Typography variant="body2" paragraph>
        The backend checked these changes to {preview.deployment.name}; nothing
        has changed yet.
      </Typography>
      {preview.changes.length === 0 ? (
        <Typography variant="body2">
          The backend finds nothing to change.
        </Typography>
      ) : (
        <FieldChangesTable
          label="Changes"
          headings={{ before: 'Before', after: 'After' }}
          changes={preview.changes}
          extraColumn={{
            heading: 'Effect',
            cell: change => effectLabels[change.effect],
          }}
        />
      )}
      <Box mt={2}>
        <Consequence preview={preview} />
      </Box>
    </>
  );
}
