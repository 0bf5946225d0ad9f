// The example workflows as files: what n8n needs of them beyond parsing, checked before the
// end-to-end suite imports them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '../examples');
const examples = readdirSync(dir)
	.filter((name) => name.endsWith('.workflow.json'))
	.map((name) => ({ name, workflow: JSON.parse(readFileSync(join(dir, name), 'utf8')) as { id: string; nodes: Array<{ type: string }> } }));

test('there are example workflows, the trigger recipe among them', () => {
	expect(examples.map((e) => e.name)).toContain('case-solved-notify.workflow.json');
});

// n8n saves a workflow's static data (where polling triggers, the Email Trigger's too, keep what
// they have seen) only for ids of 1 to 21 characters in 2.8.4 and 2.41.1, and 16 in 1.85
// (`isWorkflowIdValid` in n8n's utils); a longer id imports and runs, but the state is never
// saved, so after a restart the trigger starts over. n8n's own ids are 16 characters.
test.each(examples)('$name: its id is short enough for every supported n8n to save its static data', ({ workflow }) => {
	expect(workflow.id.length).toBeGreaterThan(0);
	expect(workflow.id.length).toBeLessThanOrEqual(16);
});
