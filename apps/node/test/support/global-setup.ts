export { default } from '@raftboard/db/testing/global-setup';
