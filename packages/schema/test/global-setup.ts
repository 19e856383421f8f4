// Goal: give this package's tests the repo's MySQL server (found or started once per run).
export { default } from '@raftboard/db/testing/global-setup';
