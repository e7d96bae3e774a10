#!/usr/bin/env node
// The load generator of bench/serve-load.mjs, run as its own process (the server under test is another):
// autocannon against one URL, every response's latency kept, so p95 is exact rather than interpolated.
//
//   node bench/load-worker.mjs '{"url":"http://127.0.0.1:3000/api/health","connections":50,"duration":10,"headers":{}}'
//
// Prints one JSON object: requests, requests/s, non-2xx count, errors, latency p50/p95/p99/max (ms).
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2] ?? "{}");
const latencies = [];
let non2xx = 0;
const instance = autocannon({
  url: options.url,
  connections: options.connections ?? 50,
  duration: options.duration ?? 10,
  headers: options.headers ?? {},
});
instance.on("response", (_client, statusCode, _bytes, responseTime) => {
  latencies.push(responseTime);
  if (statusCode < 200 || statusCode > 299) non2xx++;
});
const result = await instance;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
process.stdout.write(
  `${JSON.stringify({
    requests: latencies.length,
    seconds: result.duration,
    rps: latencies.length / result.duration,
    non2xx,
    errors: result.errors + result.timeouts,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: latencies.at(-1) ?? 0,
  })}\n`,
);
