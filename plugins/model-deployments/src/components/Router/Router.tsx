import { Route, Routes } from 'react-router-dom';
import { ApprovalsPage } from '../ApprovalsPage';
import { DeploymentPage } from '../DeploymentPage';
import { DeploymentsPage } from '../DeploymentsPage';

/** The plugin's pages: the Deployments list, the approval requests, and one page per deployment. */
export function Router() {
  return (
    <Routes>
      <Route path="/" element={<DeploymentsPage />} />
      <Route path="/approvals" element={<ApprovalsPage />} />
      <Route path="/:id" element={<DeploymentPage />} />
    </Routes>
  );
}
