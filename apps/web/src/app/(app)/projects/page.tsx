import { ProjectList } from '../../../features/projects/project-list.tsx';

export default function ProjectsPage() {
  return <ProjectList />;
}
