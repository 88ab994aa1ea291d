import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  rollbackChange,
  rollbackDeploymentRequestSchema,
  type DeploymentRevision,
  type ModelDeployment,
  waitingRequestNote,
} from '@modelops/plugin-model-deployments-common';
import useAsync, { type AsyncState } from 'react-use/esm/useAsync';
import { modelDeploymentsApiRef } from '../../api';
import { awaitingApprovalOutcome } from '../../approvalSummary';
import {
  ActionDialog,
  errorMessage,
  issueFor,
  useActionForm,
  type DoneMessage,
} from '../ActionDialog';
import type { DeploymentDialogProps } from './DeploymentDialogProps';
import { FieldChangesTable } from './FieldChangesTable';
import { canRollBackTo, rollingOut } from './rollbackTargets';
import { formatActor, formatTime } from '../../formatChange';

/** What a revision is to the deployment now, shown beside it: the one serving, or the latest one. */
function markOf(
  deployment: ModelDeployment,
  revision: DeploymentRevision,
): string | undefined {
  if (revision.revision === deployment.activeRevision) {
    return 'serving';
  }
  if (revision.revision === deployment.revision) {
    return rollingOut(deployment) ? 'being rolled out' : 'latest';
  }
  return undefined;
}

/** What the rollback to `revision` restores, field by field, against the deployment's spec now. */
function RestoredFields(props: {
  deployment: ModelDeployment;
  revision: DeploymentRevision;
}) {
  const { deployment, revision } = props;
  const { changes } = rollbackChange(deployment.spec, revision.spec);
  if (changes.length === 0) {
    return (
      <Typography variant="body2">
        Revision {revision.revision} runs the same model version and instance
        configuration as now.
      </Typography>
    );
  }
  return (
    <FieldChangesTable
      label={`What revision ${revision.revision} restores`}
      headings={{ before: 'Now', after: 'After the rollback' }}
      changes={changes}
    />
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
    return (
      <Alert severity="error">
        The revisions could not be loaded: {errorMessage(revisions.error)}
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
              disabled={!canRollBackTo(deployment, revision.revision)}
              label={
                <Box py={0.5}>
                  <Typography variant="body1">
                    Revision {revision.revision}: {revision.modelVersion}
                    {mark ? ` (${mark})` : ''}
                  </Typography>
                  <Typography variant="body2" color="textSecondary">
                    {revision.reason} · {formatTime(revision.createdAt)} by{' '}
                    {formatActor(revision.createdBy)}
                    {revision.approvedBy
                      ? ` · approved by ${formatActor(revision.approvedBy)}`
                      : ''}
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
export function RollbackDialog(
  props: DeploymentDialogProps & {
    /** The revision chosen when the dialog opens, e.g. the one picked in the history. */
    initialRevision?: number;
  },
) {
  const { open, deployment, onClose, onChanged, initialRevision } = props;
  const api = useApi(modelDeploymentsApiRef);
  const revisions = useAsync(
    async () => (open ? api.listRevisions(deployment.id) : undefined),
    [open, api, deployment.id],
  );
  const { form, edit, submit, issues, dialogProps } = useActionForm({
    open,
    // Each opening starts from the revision asked for, or none.
    initialForm: () => ({ revision: initialRevision }),
    onDone: onChanged,
    // Its return type is spelled out: the message reads the form this call returns.
    successMessage: (result): string | DoneMessage =>
      awaitingApprovalOutcome(deployment, result) ??
      `Rolling ${result.name} back to revision ${form.revision} (${result.spec.modelVersion})`,
  });
  const chosen = revisions.value?.find(
    revision =>
      revision.revision === form.revision &&
      canRollBackTo(deployment, revision.revision),
  );

  const handleSubmit = () =>
    submit(
      rollbackDeploymentRequestSchema,
      { revision: chosen?.revision },
      checked => api.rollbackDeployment(deployment.id, checked),
    );

  const revisionIssue = issueFor(issues, 'revision');
  return (
    <ActionDialog
      {...dialogProps}
      title={`Roll back ${deployment.name}`}
      note={waitingRequestNote(deployment, 'rollback')}
      submitLabel="Roll back"
      onSubmit={handleSubmit}
      onClose={onClose}
      canSubmit={Boolean(revisions.value)}
      maxWidth="md"
    >
      {rollingOut(deployment) && (
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
        onSelect={revision => edit({ revision })}
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
