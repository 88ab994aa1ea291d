import type { MetricSeries } from '@modelops/plugin-model-deployments-common';
import { Line, LineChart, ResponsiveContainer, YAxis } from 'recharts';
import { chartRows, seriesKey } from './chartData';
import { SERIES_COLORS } from './seriesColors';

const SPARKLINE_HEIGHT = 40;

/** A series as a small line without axes: its shape over the range, for a glance. */
export function Sparkline(props: { series: MetricSeries }) {
  return (
    <ResponsiveContainer width="100%" height={SPARKLINE_HEIGHT}>
      <LineChart data={chartRows([props.series])}>
        <YAxis hide domain={[0, 'auto']} />
        <Line
          dataKey={seriesKey(0)}
          stroke={SERIES_COLORS[0]}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
