import { ProjectSettingsScreen } from '../../../../../features/projects/settings/settings-screen.tsx';

export default function ProjectSettingsPage() {
  return <ProjectSettingsScreen />;
}
