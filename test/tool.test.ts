import { getPackage } from './support/engine';
import { createParameters, runCaseNode, useEmulator } from './support/fixtures';

const emulator = useEmulator();

describe('as an AI Agent tool', () => {
	test('the node is usable as a tool, and every operation tells an agent what it does', async () => {
		const { nodeTypes } = await getPackage();
		const { description } = nodeTypes.getByNameAndVersion('n8n-nodes-wolkvox.wolkvoxCases');
		expect(description.usableAsTool).toBe(true);
		const operations = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options ?? []);
		expect(operations.map((o) => ('action' in o ? o.action : undefined))).not.toContain(undefined);
		expect(operations.every((o) => 'description' in o && (o.description ?? '').length > 20)).toBe(true);
	});

	// In n8n 2.x the agent's tool call becomes the tool node's input item, which $fromAI() reads.
	test('a Search whose value comes from $fromAI() runs in the engine with the agent’s arguments', async () => {
		const created = await runCaseNode({ emulator, parameters: { ...createParameters, contact: 'ops@example.com', files: 'none' }, items: [{ json: {} }] });
		const result = await runCaseNode({
			emulator,
			parameters: {
				resource: 'case',
				operation: 'search',
				searchField: 'email contact',
				searchValue: "={{ $fromAI('contact_email', 'The e-mail address of the customer whose cases to find', 'string') }}",
			},
			items: [{ json: { contact_email: 'ops@example.com' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ count: 1, cases: [expect.objectContaining({ wolkvox_id: created.items[0].json.wolkvox_id })] });
	});

	test('a Create with its fields from $fromAI() opens the case the agent described', async () => {
		const fromAI = (key: string, what: string) => `={{ $fromAI('${key}', '${what}', 'string') }}`;
		const result = await runCaseNode({
			emulator,
			parameters: {
				...createParameters,
				contact: fromAI('contact_email', 'The customer e-mail'),
				description: fromAI('summary', 'What the customer needs'),
				priority: fromAI('priority', 'low, medium or high'),
				files: 'none',
			},
			items: [{ json: { contact_email: 'cliente@example.com', summary: 'Quiere cambiar su plan', priority: 'medium' } }],
		});
		expect(result.error).toBeUndefined();
		expect(emulator.cases[0].fields).toMatchObject({ contact: 'cliente@example.com', description: 'Quiere cambiar su plan', priority: 'medium' });
	});
});
