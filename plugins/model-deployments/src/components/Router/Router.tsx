import { Route, Routes } from 'react-router-dom';
import { DeploymentPage } from '../DeploymentPage';
import { DeploymentsPage } from '../DeploymentsPage';

/** The plugin's pages: the Deployments list, and one page per deployment. */
export function Router() {
  return (
    <Routes>
      <Route path="/" element={<DeploymentsPage />} />
      <Route path="/:id" element={<DeploymentPage />} />
    </Routes>
  );
}
