import type { DeploymentInstance } from '@modelops/plugin-model-deployments-common';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/** What the cluster shows of an instance: "stable, Running, ready, 2 restarts (CrashLoopBackOff)". */
function describeInstance(instance: DeploymentInstance): string {
  const restarts = `${instance.restarts} ${
    instance.restarts === 1 ? 'restart' : 'restarts'
  }`;
  const facts = [
    instance.track,
    instance.phase,
    instance.ready ? 'ready' : 'not ready',
    restarts,
  ].join(', ');
  return instance.reason ? `${facts} (${instance.reason})` : facts;
}

/** A select of the deployment's instances, each with its track, phase, readiness and restarts. */
export function InstancePicker(props: {
  instances: readonly DeploymentInstance[];
  value: string;
  onChange: (instance: string) => void;
}) {
  const { instances, value, onChange } = props;
  return (
    <TextField
      id="logs-instance"
      select
      label="Instance"
      variant="outlined"
      margin="dense"
      value={value}
      onChange={event => onChange(event.target.value)}
      SelectProps={{
        renderValue: name => {
          const instance = instances.find(one => one.name === name);
          return instance
            ? `${instance.name} (${describeInstance(instance)})`
            : String(name);
        },
      }}
    >
      {instances.map(instance => (
        <MenuItem key={instance.name} value={instance.name}>
          <ListItemText
            primary={instance.name}
            secondary={describeInstance(instance)}
          />
        </MenuItem>
      ))}
    </TextField>
  );
}
