/**
 * `@raftboard/raft/testing`: what tests of a Raft-replicated system need from this package and a
 * node never does, the linearizability checker and its client-history model. Kept off the core
 * entry point so a node's imports stay the core's.
 */
export {
  checkLinearizability,
  type LinearizabilityResult,
} from '../linearizability/checker.ts';
export * from '../linearizability/history.ts';
