import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import Alert from '@material-ui/lab/Alert';
import type {
  EditDeploymentResponse,
  EditEffect,
} from '@modelops/plugin-model-deployments-common';
import { FIELD_LABELS, formatFieldValue } from '../../labels';

const EFFECT_LABELS: Readonly<Record<EditEffect, string>> = {
  none: 'recorded',
  'in-place': 'applied in place',
  restart: 'restarts instances',
};

/**
 * What the backend says an edit would do (its dry run): each change with its effect, and whether the
 * instances are replaced. Nothing has changed yet.
 */
export function EditPreview(props: {
  preview: EditDeploymentResponse;
  onBack: () => void;
  backDisabled: boolean;
}) {
  const { preview, onBack, backDisabled } = props;
  const restarting = preview.changes
    .filter(change => change.effect === 'restart')
    .map(change => FIELD_LABELS[change.field]);

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
        <Table size="small" aria-label="Changes">
          <TableHead>
            <TableRow>
              <TableCell>Field</TableCell>
              <TableCell>Before</TableCell>
              <TableCell>After</TableCell>
              <TableCell>Effect</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.changes.map(change => (
              <TableRow key={change.field}>
                <TableCell component="th" scope="row">
                  {FIELD_LABELS[change.field]}
                </TableCell>
                <TableCell>
                  {formatFieldValue(change.field, change.before)}
                </TableCell>
                <TableCell>
                  {formatFieldValue(change.field, change.after)}
                </TableCell>
                <TableCell>{EFFECT_LABELS[change.effect]}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Box mt={2}>
        {preview.restartRequired ? (
          <Alert severity="warning">
            Updating replaces every instance with a rolling update (no downtime)
            because these change: {restarting.join(', ')}
          </Alert>
        ) : (
          preview.changes.length > 0 && (
            <Alert severity="info">
              Updating replaces no instance: the changes are applied to the
              running deployment or only recorded.
            </Alert>
          )
        )}
      </Box>
      <Box mt={2}>
        <Button
          startIcon={<ArrowBackIcon />}
          onClick={onBack}
          disabled={backDisabled}
        >
          Back
        </Button>
      </Box>
    </>
  );
}
