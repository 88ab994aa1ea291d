import {
  logsQuerySchema,
  parseWithIssues,
  type DeploymentInstance,
  type FieldIssue,
  type LogsQuery,
} from '@modelops/plugin-model-deployments-common';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import { issueFor } from '../ActionDialog';
import { numberOf } from '../DeploymentActions/formText';
import { OptionSelect } from './OptionSelect';

/** How far back the log goes, besides its last lines. */
const SINCE_OPTIONS = [
  { id: 'any', label: 'Any time', seconds: undefined },
  { id: '5m', label: 'Last 5 minutes', seconds: 300 },
  { id: '15m', label: 'Last 15 minutes', seconds: 900 },
  { id: '1h', label: 'Last hour', seconds: 3600 },
  { id: '6h', label: 'Last 6 hours', seconds: 6 * 3600 },
  { id: '24h', label: 'Last 24 hours', seconds: 24 * 3600 },
] as const;

/** The log options as the inputs hold them. */
export type LogOptionsDraft = {
  /** The container chosen; the first of the instance's when none is. */
  container?: string;
  tailLines: string;
  since: (typeof SINCE_OPTIONS)[number]['id'];
  previous: boolean;
};

/** The backend's default number of lines, from the logs query schema. */
export const DEFAULT_TAIL_LINES = logsQuerySchema.parse({}).tailLines;

/**
 * The query of the options for `instance`, checked with the logs query schema. The container is named
 * only when the instance has several; otherwise the backend reads the model server's.
 */
export function logsQueryOf(
  instance: DeploymentInstance,
  draft: LogOptionsDraft,
): { query: LogsQuery; issues: FieldIssue[] } {
  const { containers } = instance;
  const container =
    containers.length > 1
      ? containers.find(name => name === draft.container) ?? containers[0]
      : undefined;
  const tailLines = numberOf(draft.tailLines);
  const { seconds } = SINCE_OPTIONS.find(option => option.id === draft.since)!;
  const query: LogsQuery = {
    ...(container !== undefined && { container }),
    ...(tailLines !== undefined && { tailLines }),
    ...(seconds !== undefined && { sinceSeconds: seconds }),
    ...(draft.previous && instance.restarts > 0 && { previous: true }),
  };
  const checked = parseWithIssues(logsQuerySchema, query);
  return { query, issues: checked.success ? [] : checked.issues };
}

/** The container (when the instance has several), the last lines, since when, and the previous container. */
export function LogOptions(props: {
  instance: DeploymentInstance;
  draft: LogOptionsDraft;
  onChange: (draft: LogOptionsDraft) => void;
  issues: readonly FieldIssue[];
}) {
  const { instance, draft, onChange, issues } = props;
  const tailIssue = issueFor(issues, 'tailLines');
  return (
    <>
      {instance.containers.length > 1 && (
        <OptionSelect
          id="logs-container"
          label="Container"
          value={draft.container ?? instance.containers[0]}
          options={instance.containers.map(name => ({ id: name, label: name }))}
          onChange={container => onChange({ ...draft, container })}
        />
      )}
      <TextField
        id="logs-tail-lines"
        type="number"
        label="Tail lines"
        variant="outlined"
        margin="dense"
        value={draft.tailLines}
        error={tailIssue !== undefined}
        helperText={tailIssue}
        onChange={event =>
          onChange({ ...draft, tailLines: event.target.value })
        }
      />
      <OptionSelect
        id="logs-since"
        label="Since"
        value={draft.since}
        options={SINCE_OPTIONS}
        onChange={since => onChange({ ...draft, since })}
      />
      <FormControlLabel
        label="Previous container (before the last restart)"
        disabled={instance.restarts === 0}
        control={
          <Checkbox
            color="primary"
            checked={draft.previous && instance.restarts > 0}
            onChange={(_event, checked) =>
              onChange({ ...draft, previous: checked })
            }
          />
        }
      />
    </>
  );
}
