import { tableChecksums } from '@raftboard/db/checksum';
import { closeDatabase, openDatabase } from '@raftboard/db/client';
import { taskTitlesOfProject } from '@raftboard/db/queries/tasks';
import { checkLinearizability, kvModel } from '@raftboard/raft/testing';
import type { LocalCluster } from '../launch/cluster.ts';
import type { WorkloadRecord } from './workload.ts';

/** What the chaos run proves or disproves. Any non-zero count or false flag is a violation. */
export interface Verdict {
  acknowledged: number;
  uncertain: number;
  /** Acknowledged creates missing from some node. Must be 0. */
  acknowledgedButLost: number;
  /** Titles present more than once on some node (a write applied twice). Must be 0. */
  appliedTwice: number;
  /** Every node's replicated tables have the same checksums. */
  tablesIdentical: boolean;
  linearizability: 'ok' | 'violation' | 'unknown';
  registerOperations: number;
}

async function nodeTitles(databaseUrl: string, projectId: string) {
  const db = openDatabase(databaseUrl, { connectionLimit: 1 });
  try {
    const titles = await taskTitlesOfProject(db, projectId);
    return { titles, checksums: await tableChecksums(db) };
  } finally {
    await closeDatabase(db);
  }
}

/** Reads every node's copy of the board and checks the workload's record against it. */
export async function judge(options: {
  cluster: LocalCluster;
  projectId: string;
  record: WorkloadRecord;
}): Promise<Verdict> {
  const { cluster, record } = options;
  const copies = await Promise.all(
    cluster.nodes.map((node) => nodeTitles(node.spec.databaseUrl, options.projectId)),
  );
  let lost = 0;
  let twice = 0;
  for (const copy of copies) {
    const counts = new Map<string, number>();
    for (const title of copy.titles) counts.set(title, (counts.get(title) ?? 0) + 1);
    for (const title of record.acknowledgedCreates) if (!counts.has(title)) lost++;
    for (const count of counts.values()) if (count > 1) twice++;
  }
  const first = JSON.stringify(copies[0]?.checksums);
  const linearizable = checkLinearizability(kvModel, record.history);
  return {
    acknowledged: record.acknowledgedCreates.size,
    uncertain: record.uncertainCreates.size,
    acknowledgedButLost: lost,
    appliedTwice: twice,
    tablesIdentical: copies.every((copy) => JSON.stringify(copy.checksums) === first),
    linearizability: linearizable.verdict,
    registerOperations: record.history.length,
  };
}

/** True when the verdict shows no violation. */
export function clean(verdict: Verdict): boolean {
  return (
    verdict.acknowledgedButLost === 0 &&
    verdict.appliedTwice === 0 &&
    verdict.tablesIdentical &&
    verdict.linearizability === 'ok'
  );
}
