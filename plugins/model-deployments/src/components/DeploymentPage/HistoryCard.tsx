import {
  ResponseErrorPanel,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  DeploymentEvent,
  ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { modelDeploymentsApiRef } from '../../api';
import { formatActor, formatTime } from '../../formatChange';
import {
  EVENT_ACTION_LABELS,
  EVENT_OUTCOME_LABELS,
  fieldLabel,
  formatFieldValue,
} from '../../labels';
import { CardTable } from '../CardTable';

const PAGE_SIZE = 20;

function Changes(props: { event: DeploymentEvent }) {
  return (
    <>
      {props.event.changes.map(change => (
        <Typography key={change.field} variant="caption" display="block">
          {fieldLabel(change.field)}:{' '}
          {formatFieldValue(change.field, change.before)} →{' '}
          {formatFieldValue(change.field, change.after)}
        </Typography>
      ))}
    </>
  );
}

const columns: TableColumn<DeploymentEvent>[] = [
  {
    title: 'When',
    field: 'at',
    render: event => formatTime(event.at),
  },
  { title: 'Who', field: 'actor', render: event => formatActor(event.actor) },
  {
    title: 'Action',
    field: 'action',
    render: event => EVENT_ACTION_LABELS[event.action],
  },
  {
    title: 'Outcome',
    field: 'outcome',
    render: event => EVENT_OUTCOME_LABELS[event.outcome],
  },
  {
    title: 'Status',
    render: event =>
      event.statusBefore === event.statusAfter
        ? event.statusAfter ?? ''
        : `${event.statusBefore ?? '—'} → ${event.statusAfter ?? '—'}`,
  },
  {
    title: 'What',
    render: event => (
      <>
        {event.message && (
          <Typography variant="body2">{event.message}</Typography>
        )}
        <Changes event={event} />
      </>
    ),
  },
];

/**
 * The deployment's history, newest first: who did what, the fields before and after, how it ended.
 * The newest page is read again whenever the deployment changes; older pages load on request.
 */
export function HistoryCard(props: { deployment: ModelDeployment }) {
  const { deployment } = props;
  const api = useApi(modelDeploymentsApiRef);
  const [events, setEvents] = useState<DeploymentEvent[]>([]);
  // The cursor of the next older page: undefined before the first read, null once there is none.
  const [nextCursor, setNextCursor] = useState<string | null>();

  const [first, loadFirst] = useAsyncFn(async () => {
    const page = await api.listEvents(deployment.id, { limit: PAGE_SIZE });
    // Read again on every change: new events go on top, older pages already shown stay.
    setEvents(previous => {
      const known = new Set(page.items.map(event => event.id));
      return previous.length === 0
        ? page.items
        : [...page.items, ...previous.filter(event => !known.has(event.id))];
    });
    setNextCursor(previous =>
      previous === undefined ? page.nextCursor ?? null : previous,
    );
  }, [api, deployment.id]);
  const [more, loadMore] = useAsyncFn(async () => {
    const page = await api.listEvents(deployment.id, {
      limit: PAGE_SIZE,
      cursor: nextCursor ?? undefined,
    });
    setEvents(previous => [...previous, ...page.items]);
    setNextCursor(page.nextCursor ?? null);
  }, [api, deployment.id, nextCursor]);

  useEffect(() => {
    loadFirst();
  }, [loadFirst, deployment.version]);

  const error = first.error ?? more.error;
  if (error) {
    return (
      <ResponseErrorPanel error={error} title="History could not be loaded" />
    );
  }
  return (
    <CardTable<DeploymentEvent>
      title="History"
      columns={columns}
      data={events}
      isLoading={first.loading && events.length === 0}
      footer={
        nextCursor && (
          <Box display="flex" justifyContent="center" p={1}>
            <Button onClick={() => loadMore()} disabled={more.loading}>
              Show older
            </Button>
          </Box>
        )
      }
    />
  );
}
