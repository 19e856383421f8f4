import { redirect } from 'next/navigation';

/** The board starts at the projects list (which sends signed-out people to sign in). */
export default function HomePage() {
  redirect('/projects');
}
