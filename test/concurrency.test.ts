import { createParameters, runCaseNode, useEmulator } from './support/fixtures';

const emulator = useEmulator({ latencyMs: 60 });
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ json: { n: i } }));
const parameters = (options: Record<string, number>) => ({ ...createParameters, description: '={{ "item " + $json.n }}', files: 'none', options });

test.each([
	[undefined, 2],
	[1, 1],
	[2, 2],
])('Concurrency %s keeps at most %i requests in flight, and the output in input order', async (concurrency, expected) => {
	const result = await runCaseNode({ emulator, parameters: parameters(concurrency ? { concurrency } : {}), items: items(6) });
	expect(result.error).toBeUndefined();
	expect(emulator.tokenStats().maxInFlight).toBe(expected);
	const byId = new Map(emulator.cases.map((c) => [c.wolkvoxId, c.fields.description]));
	expect(result.items.map((i) => byId.get(i.json.wolkvox_id as string))).toEqual([0, 1, 2, 3, 4, 5].map((n) => `item ${n}`));
	expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
});

test('Items per Batch and Batch Interval pause between batches', async () => {
	const started = Date.now();
	const result = await runCaseNode({ emulator, parameters: parameters({ batchSize: 2, batchInterval: 300 }), items: items(6) });
	expect(result.error).toBeUndefined();
	expect(emulator.cases).toHaveLength(6);
	// Three batches, two pauses of 300 ms; without batching 6 items at 2 lanes take about 180 ms.
	expect(Date.now() - started).toBeGreaterThanOrEqual(600);
	expect(emulator.tokenStats().maxInFlight).toBeLessThanOrEqual(2);
});
