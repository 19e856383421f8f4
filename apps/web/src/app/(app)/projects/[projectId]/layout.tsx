'use client';
import { useParams } from 'next/navigation';
import { type ReactNode, Suspense } from 'react';
import { ProjectFrame } from '../../../../features/board/project-frame.tsx';

export default function ProjectLayout({ children }: { children: ReactNode }) {
  const { projectId } = useParams<{ projectId: string }>();
  return (
    <Suspense>
      <ProjectFrame key={projectId} projectId={projectId}>
        {children}
      </ProjectFrame>
    </Suspense>
  );
}
