import type { Database } from '@raftboard/db/client';
import type { CommandInput } from '@raftboard/db/commands';
import type { Status } from '@raftboard/raft';
import type { AddressBook } from './address-book.ts';
import type { NodeConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { RaftDriver } from './raft/driver.ts';
import { proposeSystem } from './system-proposer.ts';

/** A membership change an operator asks for (single-server changes, Raft §6). */
export type MembershipRequest =
  | { op: 'addLearner'; id: string; host: string; port: number; httpPort: number }
  | { op: 'promote'; id: string }
  | { op: 'remove'; id: string };

/** A learner further behind than this is not promoted (it would slow every commit). */
export const promoteLagEntriesMax = 100;
/** Pause between attempts at registering this node's own addresses. */
const registerRetryMs = 1_000;

type SystemCommand = Extract<
  CommandInput,
  { type: 'cluster.memberUpdate' | 'cluster.leaderChanged' }
>;

/**
 * The node's side of membership: proposes the system commands that record members and
 * leaders in the replicated tables, and turns an operator's request into the log entries it
 * needs (the new member's addresses first, then the ConfChange, so every node can reach it by
 * the time it counts).
 */
export class Membership {
  private registered = false;
  private registering = false;

  constructor(
    private readonly options: {
      config: NodeConfig;
      db: Database;
      book: AddressBook;
      driver: () => RaftDriver;
      refreshPeers: () => void;
      logger: Logger;
    },
  ) {}

  /** Proposes a command as the system actor and waits until it is applied here. */
  async proposeSystem(command: Pick<SystemCommand, 'type' | 'payload'>): Promise<void> {
    await proposeSystem(this.options.driver(), command, this.options.config.requestTimeoutMs);
  }

  /** After a membership change is applied: reread addresses and reconnect. */
  async onMembershipApplied(status: Status): Promise<void> {
    this.options.book.setMembers([...status.confState.voters, ...status.confState.learners]);
    await this.options.book.refresh(this.options.db);
    this.options.refreshPeers();
  }

  /** After another member registered its addresses: reread the book. */
  async onMembersUpdated(): Promise<void> {
    await this.options.book.refresh(this.options.db);
    this.options.refreshPeers();
  }

  /** On a role change: a new leader records itself in the leader table (the seed's). */
  onSoftState(status: Status): void {
    if (status.role === 'leader') {
      this.proposeSystem({
        type: 'cluster.leaderChanged',
        payload: { nodeId: status.id, term: status.term },
      }).catch((error: unknown) =>
        this.options.logger.warn('cluster.leader-record-failed', { error: String(error) }),
      );
    }
    if (status.leaderId !== null) void this.registerSelf();
  }

  /** Records this node's peer and HTTP addresses in the replicated members table, once. */
  private async registerSelf(): Promise<void> {
    if (this.registered || this.registering) return;
    this.registering = true;
    const { config } = this.options;
    const scheme = config.tls ? 'https' : 'http';
    const httpUrl = `${scheme}://${config.advertiseHost}:${config.httpPort}`;
    try {
      await this.options.book.refresh(this.options.db);
      while (!this.registered && this.options.book.httpUrl(config.nodeId) !== httpUrl) {
        try {
          const peerUrl = `http://${config.advertiseHost}:${config.peerPort}`;
          await this.proposeSystem({
            type: 'cluster.memberUpdate',
            payload: { nodeId: config.nodeId, peerUrl, httpUrl },
          });
          await this.options.book.refresh(this.options.db);
        } catch {
          await new Promise((resolve) => setTimeout(resolve, registerRetryMs));
        }
      }
      this.registered = true;
    } finally {
      this.registering = false;
    }
  }

  /** Carries out an operator's membership request; resolves with the applied index. */
  async change(request: MembershipRequest): Promise<number> {
    const { driver, config } = this.options;
    if (request.op === 'addLearner') {
      const peerUrl = `http://${request.host}:${request.port}`;
      // Members serve their public port the same way: all with TLS or none.
      const httpUrl = `${config.tls ? 'https' : 'http'}://${request.host}:${request.httpPort}`;
      await this.proposeSystem({
        type: 'cluster.memberUpdate',
        payload: { nodeId: request.id, peerUrl, httpUrl },
      });
      await this.options.book.refresh(this.options.db);
      return driver().changeMembership(
        { type: 'addLearner', nodeId: request.id },
        config.requestTimeoutMs,
      );
    }
    return driver().changeMembership(
      { type: request.op, nodeId: request.id },
      config.requestTimeoutMs,
    );
  }
}
