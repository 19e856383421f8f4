// Goal: the browser tests run against the production build of the board, built once per run
// (and only when its sources changed since the last build).
import { buildBoard } from '../../scripts/web-server.ts';

export default function setup() {
  buildBoard((line) => console.log(line));
}
