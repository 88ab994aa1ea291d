import {
  METRIC_DEFINITIONS,
  type MetricName,
  type MetricResult,
} from '@modelops/plugin-model-deployments-common';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartRows, hasValues, seriesKey, valueDomain } from './chartData';
import { chartTimeFormat } from './chartTimes';
import { formatMetricValue } from './formatMetricValue';
import { SERIES_COLORS } from './seriesColors';
import { seriesSummary } from './seriesSummary';

const CHART_HEIGHT = 220;

const useStyles = makeStyles(theme => ({
  figure: { padding: theme.spacing(2), height: '100%' },
  placeholder: {
    height: CHART_HEIGHT,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
  },
  // Read by screen readers, not shown: the chart draws the same figures.
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    margin: -1,
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
}));

/** A line of the chart the metric must stay under: an alert fires above it. */
export type MetricThreshold = { value: number; caption: string };

/**
 * One metric over the range, one line per series (a quantile, an instance), its unit on the axis and in
 * the tooltip, and the threshold as a dashed line; for screen readers, each series' latest, lowest and
 * highest value, and a tooltip that the arrow keys move along. A metric the provider could not read says
 * why; one with no value in the range says so instead of drawing an empty axis.
 */
export function MetricChart(props: {
  metric: MetricName;
  result: MetricResult | undefined;
  /** What the figures are of, e.g. "canary (revision 3)". */
  subtitle?: string;
  threshold?: MetricThreshold;
  /** The range the chart spans, in epoch milliseconds. */
  range: { from: number; to: number };
  /** The top of the scale, shared by charts compared side by side. */
  highest?: number;
}) {
  const { metric, result, subtitle, threshold, range, highest } = props;
  const classes = useStyles();
  const theme = useTheme();
  const { title, unit, perInstance } = METRIC_DEFINITIONS[metric];
  const series = result?.series ?? [];
  const times = chartTimeFormat(range.to - range.from);
  const name = subtitle ? `${title}, ${subtitle}` : title;

  let content;
  if (result?.error) {
    content = (
      <Box className={classes.placeholder}>
        <Alert severity="warning">{result.error}</Alert>
      </Box>
    );
  } else if (!hasValues(result)) {
    content = (
      <Box className={classes.placeholder}>
        <Typography variant="body2" color="textSecondary">
          {perInstance
            ? 'No samples in this range'
            : 'No requests in this range'}
        </Typography>
      </Box>
    );
  } else {
    content = (
      <>
        <ul className={classes.visuallyHidden}>
          {series.map((one, index) => (
            <li key={seriesKey(index)}>{seriesSummary(one, unit, times)}</li>
          ))}
        </ul>
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <LineChart data={chartRows(series)} accessibilityLayer title={name}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[range.from, range.to]}
              tickFormatter={(t: number) => times.format(t)}
            />
            <YAxis
              // Wide enough for a tick such as "0.0006 cores" on one line.
              width={96}
              domain={valueDomain(highest)}
              tickFormatter={(value: number) => formatMetricValue(value, unit)}
            />
            <Tooltip
              labelFormatter={(t: number) => times.format(t)}
              formatter={(value: number) => formatMetricValue(value, unit)}
            />
            {series.length > 1 && <Legend />}
            {series.map((one, index) => (
              <Line
                key={seriesKey(index)}
                dataKey={seriesKey(index)}
                name={one.label}
                stroke={SERIES_COLORS[index % SERIES_COLORS.length]}
                dot={false}
                isAnimationActive={false}
              />
            ))}
            {threshold && (
              <ReferenceLine
                y={threshold.value}
                stroke={theme.palette.error.main}
                strokeDasharray="6 3"
                ifOverflow="extendDomain"
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </>
    );
  }

  return (
    <Paper variant="outlined" className={classes.figure}>
      <Box role="figure" aria-label={name}>
        <Typography variant="subtitle1" component="h3">
          {title}
        </Typography>
        {subtitle && (
          <Typography variant="caption" color="textSecondary">
            {subtitle}
          </Typography>
        )}
        {content}
        {threshold && (
          <Typography variant="caption" color="textSecondary">
            {threshold.caption}
          </Typography>
        )}
      </Box>
    </Paper>
  );
}
