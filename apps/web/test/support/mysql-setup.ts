// Goal: give the web tests the repo's MySQL server (found or started once per run).
export { default } from '@raftboard/db/testing/global-setup';
