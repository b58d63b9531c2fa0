/**
 * A TCP proxy in front of DynamoDB Local that misbehaves on demand, as a store or the
 * network between can:
 *
 *   pass        bytes flow both ways
 *   stall       the store is paused: requests are held and reach the store when the stall
 *               ends (even from clients that gave up meanwhile), answers come back late
 *   refuse      every new connection is reset at once
 *   reset       the request reaches the store, the connection is reset mid-answer
 *   trickle     the answer comes back one byte every 50 ms
 *
 * `reset` acts on the next answer to a request of the given DynamoDB operation only (the
 * local stream follower polls the store all the time), then the proxy passes again.
 */
import { connect, createServer, type Socket } from 'node:net';

export type Fault = 'pass' | 'stall' | 'refuse' | 'reset' | 'trickle';

export interface FaultProxy {
  endpoint: string;
  /** `operation` (with `reset`): e.g. 'UpdateItem'. */
  set(fault: Fault, operation?: string): void;
  /** The fault in force: a `reset` that fired is back to `pass`. */
  current(): Fault;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let fault: Fault = 'pass';
  let resetOperation: string | undefined;
  /** Work held back by a stall, released in order when it ends. */
  let held: (() => void)[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    sockets.add(client);
    if (fault === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const store = connect(Number(target.port), target.hostname);
    sockets.add(store);
    // The store keeps working on what it was sent, whether or not the client is still there.
    // so its connection stays open (until the store's idle timeout, or close()).
    client.on('error', () => {}).on('close', () => sockets.delete(client));
    store
      .on('error', () => client.destroy())
      .on('close', () => {
        sockets.delete(store);
        client.destroy();
      });
    let trickled = Buffer.alloc(0);
    const trickle = (chunk: Buffer) => {
      const idle = trickled.byteLength === 0;
      trickled = Buffer.concat([trickled, chunk]);
      if (!idle) return;
      const timer = setInterval(() => {
        if (client.destroyed || trickled.byteLength === 0) {
          clearInterval(timer);
          return;
        }
        // Once the fault is over, the rest comes at once.
        const size = fault === 'trickle' ? 1 : trickled.byteLength;
        client.write(trickled.subarray(0, size));
        trickled = trickled.subarray(size);
      }, 50);
    };

    let operation: string | undefined;
    client.on('data', (chunk: Buffer) => {
      // `X-Amz-Target: DynamoDB_20120810.UpdateItem` names the operation of a request.
      operation = /x-amz-target: *\w+\.(\w+)/i.exec(chunk.toString('latin1'))?.[1] ?? operation;
      const forward = () => store.write(chunk);
      if (fault === 'stall') held.push(forward);
      else forward();
    });
    store.on('data', (chunk: Buffer) => {
      const answer = () => {
        if (client.destroyed) return;
        if (fault === 'reset' && operation === resetOperation) {
          fault = 'pass';
          client.write(chunk.subarray(0, Math.floor(chunk.byteLength / 2)));
          client.resetAndDestroy();
        } else if (fault === 'trickle') {
          trickle(chunk);
        } else {
          client.write(chunk);
        }
      };
      if (fault === 'stall') held.push(answer);
      else answer();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    set(next, operation) {
      fault = next;
      resetOperation = operation;
      // A refusing store has no open connections either: pooled ones break too.
      if (next === 'refuse') for (const socket of sockets) socket.destroy();
      if (next !== 'stall') {
        const release = held;
        held = [];
        for (const work of release) work();
      }
    },
    current: () => fault,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
