import { createServer } from 'node:net';

/**
 * Test and benchmark clusters listen below Linux's ephemeral range (32768+): a port from that
 * range can be taken by an outgoing connection while a killed node is down, and its restart
 * would fail.
 */
export const testPortsMin = 10_000;
export const testPortsMax = 32_000;
/** Tries before giving up on finding a free block of ports. */
const portSearchAttemptsMax = 20;

/** True when nothing listens on `port` at 127.0.0.1 right now. */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A base port such that every port of an N-node cluster (HTTP base+i, peers base+100+i) and
 * `extra` ports after base+200 (a web server, say) are free right now.
 */
export async function freeBasePort(nodes: number, extra = 0): Promise<number> {
  for (let attempt = 0; attempt < portSearchAttemptsMax; attempt++) {
    const base = testPortsMin + Math.floor(Math.random() * (testPortsMax - testPortsMin - 300));
    const ports = Array.from({ length: nodes }, (_, i) => [base + i + 1, base + 101 + i]).flat();
    for (let i = 0; i < extra; i++) ports.push(base + 201 + i);
    const free = await Promise.all(ports.map((port) => portIsFree(port)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free range of test ports found below the ephemeral range');
}
