import {
  ResponseErrorPanel,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  DeploymentRevision,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import useAsync from 'react-use/esm/useAsync';
import { modelDeploymentsApiRef } from '../../api';
import { formatActor, formatTime } from '../../formatChange';
import { CardTable } from '../CardTable';
import { canRollBackTo } from '../DeploymentActions';

/**
 * Every revision of the deployment, newest first: the model version, why it was made, when, by whom and
 * who approved what it runs; the one serving is marked, and each one the backend would roll back to
 * offers it when `onRollback` is given (the user may roll back, and the status allows it).
 */
export function RevisionsCard(props: {
  deployment: ModelDeployment;
  onRollback?: (revision: number) => void;
}) {
  const { deployment, onRollback } = props;
  const api = useApi(modelDeploymentsApiRef);
  // Read again when a change makes a new revision.
  const { value, loading, error } = useAsync(
    () => api.listRevisions(deployment.id),
    [api, deployment.id, deployment.revision],
  );
  const columns: TableColumn<DeploymentRevision>[] = [
    {
      title: 'Revision',
      field: 'revision',
      render: revision => (
        <>
          {revision.revision}{' '}
          {revision.revision === deployment.activeRevision && (
            <Chip label="serving" size="small" color="primary" />
          )}
        </>
      ),
    },
    { title: 'Model Version', field: 'modelVersion' },
    {
      title: 'Serving Image',
      render: revision => revision.serving?.image ?? '—',
    },
    { title: 'Reason', field: 'reason' },
    {
      title: 'Created',
      field: 'createdAt',
      render: revision =>
        `${formatTime(revision.createdAt)} by ${formatActor(
          revision.createdBy,
        )}`,
    },
    {
      title: 'Approved by',
      field: 'approvedBy',
      render: revision =>
        revision.approvedBy ? formatActor(revision.approvedBy) : '—',
    },
    {
      title: '',
      render: revision =>
        onRollback && canRollBackTo(deployment, revision.revision) ? (
          <Button
            size="small"
            variant="outlined"
            onClick={() => onRollback(revision.revision)}
            aria-label={`Roll back to revision ${revision.revision}`}
          >
            Roll back
          </Button>
        ) : null,
    },
  ];
  if (error) {
    return (
      <ResponseErrorPanel error={error} title="Revisions could not be loaded" />
    );
  }
  return (
    <CardTable<DeploymentRevision>
      title="Revisions"
      columns={columns}
      data={value ?? []}
      isLoading={loading && !value}
    />
  );
}
