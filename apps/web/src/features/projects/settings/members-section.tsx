'use client';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { Button } from '../../../components/ui/button.tsx';
import { cn } from '../../../components/ui/cn.ts';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { controlClassName, SelectField, TextField } from '../../../components/ui/field.tsx';
import { toast } from '../../../components/ui/toast.tsx';
import { useExactlyOnce } from '../../../lib/client/exactly-once.ts';
import {
  AddProjectMemberMutation,
  RemoveProjectMemberMutation,
  type SettingsMember,
  type SettingsProject,
  UpdateProjectMemberRoleMutation,
} from './documents.ts';
import { type ProjectRole, projectRoles, roleLabel } from './roles.ts';
import { SettingsSection } from './settings-section.tsx';

/**
 * Who is in the project and with which role. Admins add people by email, change roles and
 * remove people; everyone may leave. The server decides who may do what (only owners touch
 * owners, one owner stays): its refusals arrive as error toasts.
 */
export function MembersSection({
  project,
  canAdmin,
  viewerId,
}: {
  project: SettingsProject;
  canAdmin: boolean;
  viewerId: string | undefined;
}) {
  return (
    <SettingsSection
      title="Members"
      description={`${project.members.length} ${project.members.length === 1 ? 'person' : 'people'}`}
    >
      <ul aria-label="Members" className="divide-y divide-line rounded-md border border-line">
        {project.members.map((member) => (
          <MemberRow
            key={member.user.id}
            projectId={project.id}
            projectName={project.name}
            member={member}
            canAdmin={canAdmin}
            isViewer={member.user.id === viewerId}
          />
        ))}
      </ul>
      {canAdmin && <InviteForm projectId={project.id} />}
    </SettingsSection>
  );
}

function MemberRow({
  projectId,
  projectName,
  member,
  canAdmin,
  isViewer,
}: {
  projectId: string;
  projectName: string;
  member: SettingsMember;
  canAdmin: boolean;
  isViewer: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [roleState, updateRole] = useMutation(UpdateProjectMemberRoleMutation);
  const [, removeMember] = useMutation(RemoveProjectMemberMutation);
  const runOnce = useExactlyOnce();
  const router = useRouter();
  const { user } = member;

  async function changeRole(role: ProjectRole) {
    const input = { projectId, userId: user.id, role };
    const done = await runOnce(
      ['role', input],
      `Could not change ${user.name}’s role`,
      (requestId) => updateRole({ input: { ...input, requestId } }),
    );
    if (done) toast(`${user.name} is now ${roleLabel(role).toLowerCase()}`);
  }

  async function remove(): Promise<boolean> {
    const input = { projectId, userId: user.id };
    const failure = isViewer ? 'Could not leave the project' : `Could not remove ${user.name}`;
    const done = await runOnce(['remove', input], failure, (requestId) =>
      removeMember({ input: { ...input, requestId } }),
    );
    if (!done) return false;
    if (isViewer) {
      toast(`You left ${projectName}`);
      router.replace('/projects');
    } else {
      toast(`${user.name} was removed`);
    }
    return true;
  }

  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2">
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">
          {user.name}
          {isViewer && <span className="ml-1.5 text-xs font-normal text-muted">(you)</span>}
        </p>
        <p className="truncate text-xs text-muted">@{user.username}</p>
      </div>
      {canAdmin ? (
        <select
          aria-label={`Role of ${user.name}`}
          value={member.role}
          disabled={roleState.fetching}
          onChange={(event) => void changeRole(event.target.value as ProjectRole)}
          className={cn(controlClassName, 'w-auto')}
        >
          {projectRoles.map((entry) => (
            <option key={entry.role} value={entry.role}>
              {entry.label}
            </option>
          ))}
        </select>
      ) : (
        <span className="text-xs text-muted">{roleLabel(member.role)}</span>
      )}
      {(isViewer || canAdmin) && (
        <Button
          variant={isViewer ? 'danger' : 'ghost'}
          size="sm"
          aria-label={isViewer ? 'Leave project' : `Remove ${user.name}`}
          onClick={() => setConfirming(true)}
        >
          {isViewer ? 'Leave project' : 'Remove'}
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={isViewer ? `Leave “${projectName}”?` : `Remove ${user.name}?`}
        description={
          isViewer
            ? 'You will lose access to its board at once. An admin can add you again.'
            : `${user.name} loses access to this project at once. Their tasks stay.`
        }
        confirmLabel={isViewer ? 'Leave project' : 'Remove member'}
        onConfirm={remove}
      />
    </li>
  );
}

function InviteForm({ projectId }: { projectId: string }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProjectRole>('MEMBER');
  const [state, addMember] = useMutation(AddProjectMemberMutation);
  const runOnce = useExactlyOnce();

  async function invite(event: FormEvent) {
    event.preventDefault();
    const input = { projectId, email: email.trim(), role };
    if (!input.email) return;
    const done = await runOnce(['add', input], `Could not add ${input.email}`, (requestId) =>
      addMember({ input: { ...input, requestId } }),
    );
    if (!done) return;
    toast(`${input.email} was added as ${roleLabel(role).toLowerCase()}`);
    setEmail('');
  }

  return (
    <form
      onSubmit={invite}
      aria-label="Add a member"
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
    >
      <TextField
        label="Email"
        type="email"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        required
        autoComplete="off"
        className="flex-1"
      />
      <SelectField
        label="Role"
        value={role}
        onChange={(event) => setRole(event.target.value as ProjectRole)}
      >
        {projectRoles.map((entry) => (
          <option key={entry.role} value={entry.role} title={entry.hint}>
            {entry.label}
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="primary" disabled={state.fetching}>
        Add member
      </Button>
    </form>
  );
}
