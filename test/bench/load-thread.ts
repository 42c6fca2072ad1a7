/** The body of `runLoad`'s thread: runs one scenario and posts its figures back. */
import { parentPort, workerData } from 'node:worker_threads';
import { httpLoad, type Scenario } from './load';

const { scenario, connections, seconds } = workerData as { scenario: Scenario; connections: number; seconds: number };
parentPort?.postMessage(await httpLoad(scenario, connections, seconds));
