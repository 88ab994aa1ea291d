export { AlertsCard } from './AlertsCard';
export { CompactMonitoring } from './CompactMonitoring';
export { FiringAlertChips } from './FiringAlertChips';
export { InstanceLogs } from './InstanceLogs';
export { MonitoringPanel } from './MonitoringPanel';
