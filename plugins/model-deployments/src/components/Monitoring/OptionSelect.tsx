import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/** An outlined, dense select of labelled options, as the controls of the metrics and the logs show it. */
export function OptionSelect<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  options: readonly { id: T; label: string }[];
  onChange: (value: T) => void;
  /** Wide enough for the label whatever the value. */
  minWidth?: number;
}) {
  const { id, label, value, options, onChange, minWidth } = props;
  return (
    <TextField
      id={id}
      select
      label={label}
      variant="outlined"
      margin="dense"
      style={minWidth ? { minWidth } : undefined}
      value={value}
      onChange={event => onChange(event.target.value as T)}
    >
      {options.map(option => (
        <MenuItem key={option.id} value={option.id}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
