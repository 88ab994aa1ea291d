import Box from '@material-ui/core/Box';
import { OptionSelect } from './OptionSelect';
import {
  AUTO_REFRESH_OPTIONS,
  TIME_RANGES,
  type AutoRefreshId,
  type TimeRangeId,
} from './timeRanges';

/** Wide enough for each label whatever the value: "Off" alone left "Auto-refresh" cut off. */
const SELECT_MIN_WIDTH = 160;

/** The Monitoring panel's time range and auto-refresh. */
export function MonitoringControls(props: {
  range: TimeRangeId;
  onRangeChange: (range: TimeRangeId) => void;
  autoRefresh: AutoRefreshId;
  onAutoRefreshChange: (autoRefresh: AutoRefreshId) => void;
}) {
  const { range, onRangeChange, autoRefresh, onAutoRefreshChange } = props;
  return (
    <Box display="flex" flexWrap="wrap" gridGap={16}>
      <OptionSelect
        id="monitoring-time-range"
        label="Time range"
        minWidth={SELECT_MIN_WIDTH}
        value={range}
        options={TIME_RANGES}
        onChange={onRangeChange}
      />
      <OptionSelect
        id="monitoring-auto-refresh"
        label="Auto-refresh"
        minWidth={SELECT_MIN_WIDTH}
        value={autoRefresh}
        options={AUTO_REFRESH_OPTIONS}
        onChange={onAutoRefreshChange}
      />
    </Box>
  );
}
