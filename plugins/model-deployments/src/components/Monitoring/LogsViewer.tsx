import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { LogsQuery } from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useMemo, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { modelDeploymentsApiRef } from '../../api';
import { errorMessage } from '../ActionDialog';
import { downloadText } from './downloadText';
import { InstancePicker } from './InstancePicker';
import {
  DEFAULT_TAIL_LINES,
  logsQueryOf,
  LogOptions,
  type LogOptionsDraft,
} from './LogOptions';
import { LogView } from './LogView';
import { useLogStream, type LogRequest } from './useLogStream';

function withFollow(query: LogsQuery, follow: boolean): LogsQuery {
  return follow ? { ...query, follow: true } : query;
}

/**
 * The logs of the deployment's instances: pick an instance (its track, phase, readiness and restarts
 * shown), a container, the last lines and since when; Follow streams new lines until it is switched
 * off, another instance is picked or the viewer closes. Download saves what is shown.
 */
export function LogsViewer(props: { deploymentId: string }) {
  const { deploymentId } = props;
  const api = useApi(modelDeploymentsApiRef);
  const [reloads, setReloads] = useState(0);
  const instances = useAsync(
    () => api.listInstances(deploymentId),
    [api, deploymentId, reloads],
  );
  const [chosen, setChosen] = useState<string>();
  const [draft, setDraft] = useState<LogOptionsDraft>({
    tailLines: String(DEFAULT_TAIL_LINES),
    since: 'any',
    previous: false,
  });
  const [following, setFollowing] = useState(false);
  const [request, setRequest] = useState<LogRequest>();
  const log = useLogStream(deploymentId, request);

  const items = instances.value?.items ?? [];
  const instance = items.find(one => one.name === chosen) ?? items[0];
  const instanceName = instance?.name;
  const { query, issues } = useMemo(
    () => (instance ? logsQueryOf(instance, draft) : { query: {}, issues: [] }),
    [instance, draft],
  );
  const valid = issues.length === 0;
  // Following lasts while its stream does: one that ended or failed is followed no more.
  const followingNow = following && log.reading;
  const followingRef = useRef(followingNow);
  followingRef.current = followingNow;

  // Another instance or other options read the log again, following it if it was followed.
  useEffect(() => {
    setRequest(
      instanceName && valid
        ? {
            instance: instanceName,
            query: withFollow(query, followingRef.current),
          }
        : undefined,
    );
  }, [instanceName, query, valid, reloads]);

  const follow = (on: boolean) => {
    setFollowing(on);
    // Switched off, the stream stops and what it read stays.
    setRequest(
      on && instanceName && valid
        ? { instance: instanceName, query: withFollow(query, true) }
        : undefined,
    );
  };

  let content;
  if (instances.error) {
    content = (
      <ResponseErrorPanel
        error={instances.error}
        title="The instances could not be listed"
      />
    );
  } else if (!instances.value) {
    content = <Progress />;
  } else if (instances.value.unavailable) {
    content = (
      <Alert severity="warning">
        The instances cannot be seen: {instances.value.unavailable}
      </Alert>
    );
  } else if (!instance) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No instance runs now, so there is no log to read.
      </Typography>
    );
  } else {
    content = (
      <>
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          mb={1}
          gridGap={16}
        >
          <InstancePicker
            instances={items}
            value={instance.name}
            onChange={setChosen}
          />
          <LogOptions
            instance={instance}
            draft={draft}
            onChange={setDraft}
            issues={issues}
          />
          <FormControlLabel
            label="Follow"
            control={
              <Switch
                color="primary"
                checked={followingNow}
                onChange={(_event, checked) => follow(checked)}
              />
            }
          />
          <Button
            startIcon={<RefreshIcon />}
            onClick={() => setReloads(count => count + 1)}
          >
            Reload
          </Button>
          <Button
            startIcon={<GetAppIcon />}
            disabled={!log.text}
            onClick={() => downloadText(`${instance.name}.log`, log.text)}
          >
            Download
          </Button>
        </Box>
        {log.error && (
          <Box mb={1}>
            <Alert severity="error">{errorMessage(log.error)}</Alert>
          </Box>
        )}
        {log.stopped && (
          <Box mb={1}>
            <Alert severity="info">{log.stopped}.</Alert>
          </Box>
        )}
        <LogView
          instance={instance.name}
          text={log.text}
          follow={followingNow}
        />
        <Typography variant="caption" color="textSecondary">
          {followingNow && 'Following: new lines show as they are written.'}
          {!log.reading &&
            !log.error &&
            !log.text &&
            'Nothing was written in this range.'}
        </Typography>
      </>
    );
  }

  return (
    <InfoCard title="Logs" subheader="From the instances in the cluster">
      {content}
    </InfoCard>
  );
}
