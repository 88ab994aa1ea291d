import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  diffSpecs,
  parseWithIssues,
  rollbackDeploymentRequestSchema,
  withRevisionFields,
  type DeploymentRevision,
  type FieldIssue,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import { useState } from 'react';
import useAsync, { type AsyncState } from 'react-use/esm/useAsync';

import { modelDeploymentsApiRef } from '../../api';
import { FIELD_LABELS, formatFieldValue } from '../../labels';
import {
  ActionDialog,
  backendFieldIssues,
  issueFor,
  useSubmit,
} from '../ActionDialog';

/**
 * Why a revision cannot be rolled back to, shown beside it: the one serving, or the latest one (which
 * the spec already asks for, and which the backend refuses).
 */
function markOf(
  deployment: ModelDeployment,
  revision: DeploymentRevision,
): string | undefined {
  if (revision.revision === deployment.activeRevision) {
    return 'serving';
  }
  if (revision.revision === deployment.revision) {
    return deployment.status === 'updating' ? 'being rolled out' : 'latest';
  }
  return undefined;
}

/** What the rollback to `revision` restores, field by field, against the deployment's spec now. */
function RestoredFields(props: {
  deployment: ModelDeployment;
  revision: DeploymentRevision;
}) {
  const { deployment, revision } = props;
  const diff = diffSpecs(
    deployment.spec,
    withRevisionFields(deployment.spec, revision.spec),
  );
  const changes = [...diff.immutable, ...diff.changes];
  if (changes.length === 0) {
    return (
      <Typography variant="body2">
        Revision {revision.revision} runs the same model version and instance
        configuration as now.
      </Typography>
    );
  }
  return (
    <Table
      size="small"
      aria-label={`What revision ${revision.revision} restores`}
    >
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>Now</TableCell>
          <TableCell>After the rollback</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {changes.map(change => (
          <TableRow key={change.field}>
            <TableCell>{FIELD_LABELS[change.field]}</TableCell>
            <TableCell>
              {formatFieldValue(change.field, change.before)}
            </TableCell>
            <TableCell>
              {formatFieldValue(change.field, change.after)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The revisions to choose from, newest first, each with its version, reason and author. */
function RevisionChoice(props: {
  deployment: ModelDeployment;
  revisions: AsyncState<DeploymentRevision[] | undefined>;
  selected?: number;
  onSelect: (revision: number) => void;
  issue?: string;
}) {
  const { deployment, revisions, selected, onSelect, issue } = props;
  if (revisions.loading) {
    return <Progress />;
  }
  if (revisions.error) {
    const reason =
      revisions.error instanceof ResponseError
        ? revisions.error.body.error.message
        : revisions.error.message;
    return (
      <Alert severity="error">
        The revisions could not be loaded: {reason}
      </Alert>
    );
  }
  return (
    <FormControl component="fieldset" error={Boolean(issue)} fullWidth>
      <FormLabel component="legend">Revision to return to</FormLabel>
      <RadioGroup
        value={selected === undefined ? '' : String(selected)}
        onChange={event => onSelect(Number(event.target.value))}
      >
        {(revisions.value ?? []).map(revision => {
          const mark = markOf(deployment, revision);
          return (
            <FormControlLabel
              key={revision.revision}
              value={String(revision.revision)}
              control={<Radio />}
              disabled={Boolean(mark)}
              label={
                <Box py={0.5}>
                  <Typography variant="body1">
                    Revision {revision.revision}: {revision.modelVersion}
                    {mark ? ` (${mark})` : ''}
                  </Typography>
                  <Typography variant="body2" color="textSecondary">
                    {revision.reason} ·{' '}
                    {new Date(revision.createdAt).toLocaleString()} by{' '}
                    {revision.createdBy}
                  </Typography>
                </Box>
              }
            />
          );
        })}
      </RadioGroup>
      {issue && <FormHelperText>{issue}</FormHelperText>}
    </FormControl>
  );
}

/**
 * Roll back: returns the deployment to an earlier revision's model version and instance configuration,
 * keeping its scaling and description.
 */
export function RollbackDialog(props: {
  open: boolean;
  deployment: ModelDeployment;
  onClose: () => void;
  onChanged: (deployment: ModelDeployment) => void;
  /** The revision chosen when the dialog opens, e.g. the one picked in the history. */
  initialRevision?: number;
}) {
  const { open, deployment, onClose, onChanged, initialRevision } = props;
  const api = useApi(modelDeploymentsApiRef);
  const [selected, setSelected] = useState(initialRevision);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const revisions = useAsync(
    async () => (open ? api.listRevisions(deployment.id) : undefined),
    [open, api, deployment.id],
  );
  const chosen = revisions.value?.find(
    revision => revision.revision === selected && !markOf(deployment, revision),
  );
  const { submit, submitting, error, clearError } = useSubmit<ModelDeployment>({
    onDone: onChanged,
    successMessage: result =>
      `Rolling ${result.name} back to revision ${selected} (${result.spec.modelVersion})`,
  });

  // Each opening starts from the revision asked for, or none.
  const [shownOpen, setShownOpen] = useState(open);
  if (open !== shownOpen) {
    setShownOpen(open);
    if (open) {
      setSelected(initialRevision);
      setIssues([]);
      clearError();
    }
  }

  const handleSubmit = () => {
    const parsed = parseWithIssues(rollbackDeploymentRequestSchema, {
      revision: chosen?.revision,
    });
    if (!parsed.success) {
      setIssues(parsed.issues);
      return;
    }
    setIssues([]);
    submit(() => api.rollbackDeployment(deployment.id, parsed.data));
  };

  const revisionIssue = issueFor(
    [...issues, ...backendFieldIssues(error)],
    'revision',
  );
  return (
    <ActionDialog
      open={open}
      title={`Roll back ${deployment.name}`}
      submitLabel="Roll back"
      onSubmit={handleSubmit}
      onClose={onClose}
      submitting={submitting}
      canSubmit={Boolean(revisions.value)}
      error={error}
      maxWidth="md"
    >
      {deployment.status === 'updating' && (
        <Box mb={2}>
          <Alert severity="warning">
            An update is under way: rolling back aborts it.
          </Alert>
        </Box>
      )}
      <RevisionChoice
        deployment={deployment}
        revisions={revisions}
        selected={chosen?.revision}
        onSelect={revision => {
          setSelected(revision);
          setIssues([]);
        }}
        issue={revisionIssue}
      />
      {chosen && (
        <Box mt={2}>
          <Typography variant="subtitle2" gutterBottom>
            What the rollback restores
          </Typography>
          <RestoredFields deployment={deployment} revision={chosen} />
        </Box>
      )}
      <Box mt={2}>
        <Typography variant="body2" color="textSecondary">
          A rollback restores a revision's model version and instance
          configuration. Scaling and the description stay as they are now.
        </Typography>
      </Box>
    </ActionDialog>
  );
}
