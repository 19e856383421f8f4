import { type CommandInput, encodeCommand, systemActor } from '@raftboard/db/commands';
import { uuidv7 } from '@raftboard/uuidv7';
import { proposalKey, type RaftDriver } from './raft/driver.ts';

/** A command the node proposes on its own account (the `system` actor). */
export type SystemCommandInput = Pick<CommandInput, 'type' | 'payload'>;

/**
 * Proposes `command` as the system actor, with a fresh request id and this node's clock, and
 * resolves once it is applied here; throws when apply refused it or no answer came in time.
 */
export async function proposeSystem(
  driver: RaftDriver,
  command: SystemCommandInput,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const at = Date.now();
  const requestId = uuidv7(at);
  const data = encodeCommand({ ...command, actor: systemActor, requestId, at } as CommandInput);
  const answer = await driver.propose(proposalKey(systemActor, requestId), data, timeoutMs);
  if (!answer.outcome.ok) throw new Error(`${command.type} refused: ${answer.outcome.message}`);
  return answer.outcome.result;
}
