// The editor part of the end-to-end test: headless Chromium (Debian's) driven by playwright-core
// against `n8n start`; checks what a user sees of the node and saves screenshots for README.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const OWNER = { email: 'owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'Wolkvox-e2e-1' };

const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	// nothing but loopback resolves: the editor's calls to n8n's own services fail fast
	'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

const isLoopback = (url) => /^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(url) || /^(data|blob|about):/.test(url);

/** n8n's own labels that differ between versions (setup.mjs's N8N_VERSIONS[..].editor overrides them). */
const N8N_LABELS = { credential: 'Credential to connect with' };

export async function editorChecks({ playwrightDir, base, check, log, screenshotsDir, runDir, nodeType, workflows, labels: versionLabels = {} }) {
	const n8nLabels = { ...N8N_LABELS, ...versionLabels };
	// ---- the owner account, through the REST API (allowed once, without a login)
	const setup = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
		signal: AbortSignal.timeout(15_000),
	});
	check('owner account set up (POST /rest/owner/setup)', setup.ok, `${setup.status} ${await setup.text().catch(() => '')}`.slice(0, 500));

	const { chromium } = await import(pathToFileURL(join(playwrightDir, 'node_modules', 'playwright-core', 'index.mjs')).href);
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS, timeout: 60_000 });
	const problems = []; // console errors and failed requests that concern our package
	const offLoopback = new Set();
	const typeBodies = {};
	try {
		const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: 1 });
		context.setDefaultTimeout(20_000);
		// loading the editor's bundle takes long on a busy 2-core machine (n8n 2.41's is larger)
		context.setDefaultNavigationTimeout(120_000);
		await context.route(
			(url) => !isLoopback(url.href),
			(route) => {
				offLoopback.add(new URL(route.request().url()).host);
				return route.abort('blockedbyclient');
			},
		);
		const page = await context.newPage();
		const ours = (text) => /wolkvox/i.test(text);
		// n8n asks every node for an optional output schema (schemas/<type>/<version>/<resource>/<operation>.json);
		// a package without one gets a 404 there, as most community packages do: noted, not counted.
		const schemaMisses = new Set();
		const isSchema = (url) => /\/schemas\/n8n-nodes-wolkvox\./.test(url ?? '');
		page.on('console', (message) => {
			if (message.type() === 'error' && ours(`${message.text()} ${message.location()?.url ?? ''}`) && !isSchema(message.location()?.url)) {
				problems.push(`console: ${message.text()} (${message.location()?.url ?? ''})`);
			}
		});
		page.on('pageerror', (error) => {
			if (ours(`${error.message} ${error.stack}`)) problems.push(`page error: ${error.message}`);
		});
		page.on('requestfailed', (request) => {
			if (ours(request.url())) problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
		});
		const icons = [];
		page.on('response', async (response) => {
			const url = response.url();
			if (isSchema(url) && response.status() === 404) schemaMisses.add(new URL(url).pathname);
			else if (ours(url) && response.status() >= 400) problems.push(`HTTP ${response.status()}: ${url}`);
			if (url.includes('/icons/n8n-nodes-wolkvox/')) icons.push({ url, status: response.status(), type: response.headers()['content-type'] });
		});
		const hideToasts = () => page.addStyleTag({ content: '.el-notification, [data-test-id="ask-assistant-floating-button"] { display: none !important; }' });
		const shot = async (name, locator) => {
			mkdirSync(screenshotsDir, { recursive: true });
			const path = join(screenshotsDir, name);
			await hideToasts();
			await page.waitForTimeout(400);
			await (locator ?? page).screenshot({ path, animations: 'disabled' });
			log(`   screenshot ${path} (${Math.round(statSync(path).size / 1024)} KB)`);
		};

		// ---- sign in through the form, as a user does
		await page.goto(`${base}/signin`);
		await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
		await page.fill('input[name=password]', OWNER.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
		check('signed in to the editor', !page.url().includes('/signin'), page.url());

		const openWorkflow = async (id) => {
			await page.goto(`${base}/workflow/${id}`);
			// the first open loads every node type: minutes on a busy 2-core machine
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 180_000 });
			await page.waitForTimeout(1000);
		};
		const openNode = async (name) => {
			await page.keyboard.press('Escape');
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
			await page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]').waitFor();
			await page.waitForTimeout(800);
		};
		const closeNode = async () => {
			await page.locator('[data-test-id="ndv-close-button"]').click();
			await page.waitForTimeout(300);
		};
		// label texts of the parameters shown (top-level and nested), and which carry an issue
		const parameters = () =>
			page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"] [data-test-id="parameter-item"]').evaluateAll((items) =>
				items
					.filter((item) => item.offsetParent !== null)
					.map((item) => ({
						label: ((item.querySelector('[class*="_title_"]') ?? item.querySelector('label'))?.innerText ?? '')
							.replace(/\s+/g, ' ')
							.replace(/\s*Fixed\s*Expression\s*$/, '')
							.trim(),
						issue: Boolean(item.querySelector('[data-test-id="parameter-issues"]')),
					})),
			);
		// every parameter label shown (the credential and Resource share one parameter item)
		const labelsShown = () =>
			page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"] label').evaluateAll((labels) =>
				labels
					.filter((label) => label.offsetParent !== null)
					.map((label) => ((label.querySelector('[class*="_title_"]') ?? label).innerText ?? '').replace(/\s+/g, ' ').replace(/\s*Fixed\s*Expression\s*$/, '').trim())
					.filter(Boolean),
			);
		const dropdownOptions = async (parameter) => {
			await page.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${parameter}"]`).click();
			const list = page.locator('.el-select-dropdown:visible .option-headline');
			await list.first().waitFor();
			const options = (await list.allInnerTexts()).map((text) => text.trim());
			return options;
		};
		const closeDropdown = async () => {
			await page.keyboard.press('Escape');
			await page.waitForTimeout(300);
		};
		const shows = (shown, label) => shown.some((text) => text === label || text.startsWith(`${label} `));
		const hasAll = (shown, wanted) => wanted.every((label) => shows(shown, label));
		const missing = (shown, wanted) => `missing: ${wanted.filter((label) => !shows(shown, label)).join(', ')}; shown: ${shown.join(' | ')}`;

		// ---- the active IMAP workflow on the canvas
		await openWorkflow(workflows.imap);
		const canvasTypes = await page.locator('[data-test-id="canvas-node"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node-type')));
		check('the IMAP workflow shows the Email Trigger and our node', canvasTypes.includes('n8n-nodes-base.emailReadImap') && canvasTypes.includes(nodeType), canvasTypes.join(', '));
		const iconLoaded = await page
			.locator(`[data-test-id="canvas-node"][data-node-type="${nodeType}"] img`)
			.first()
			.evaluate((img) => img.complete && img.naturalWidth > 0 && img.src)
			.catch(() => false);
		check('the node icon is loaded on the canvas', Boolean(iconLoaded) && icons.some((icon) => icon.status === 200 && /svg/.test(icon.type ?? '')), `${iconLoaded} ${JSON.stringify(icons)}`);
		await shot('workflow-imap-to-case.png');

		// ---- the nodes as they come from the node panel: required fields flagged
		await openWorkflow(workflows.blank);
		await openNode('Create a case');
		let shown = await parameters();
		let flagged = shown.filter((p) => p.issue).map((p) => p.label).sort();
		const createRequired = ['Contact', 'Description', 'Owner', 'Priority', 'Responsible', 'Status'];
		check('Create (new node): the required fields are flagged, and only they', JSON.stringify(flagged) === JSON.stringify(createRequired), flagged.join(', '));
		check('Create (new node): Files defaults to all binary properties', (await page.locator('[data-test-id="parameter-input-files"] input').inputValue()) === 'All Binary Properties');
		await shot('create-new-node.png');
		await closeNode();
		await openNode('Update the attachments of a case');
		shown = await parameters();
		flagged = shown.filter((p) => p.issue).map((p) => p.label).sort();
		check('Update Attachments (new node): the required fields are flagged, and only they', JSON.stringify(flagged) === JSON.stringify(['Case ID', 'Responsible', 'Status']), flagged.join(', '));
		await closeNode();

		// ---- the example workflow (examples/email-to-case.workflow.json)
		await openWorkflow(workflows.example);
		await openNode('Create case');
		let labels = await labelsShown();
		const createLabels = [n8nLabels.credential, 'Resource', 'Operation', 'Case Type', 'Responsible', 'Owner', 'Contact', 'Description', 'Status', 'Priority', 'Solution', 'Custom Fields Input', 'Custom Fields', 'Files', 'Options'];
		check('Create shows its parameters', hasAll(labels, createLabels), missing(labels, createLabels));
		check('Create hides Binary Properties while Files is "All Binary Properties"', !shows(labels, 'Binary Properties'), labels.join(' | '));
		let options = await dropdownOptions('operation');
		check('Operation lists Create and Update Attachments', hasAll(options, ['Create', 'Update Attachments']), options.join(', '));
		await shot('operations.png');
		await closeDropdown();
		options = await dropdownOptions('caseType');
		check('Case Type lists the standard types and Custom Type', hasAll(options, ['Request', 'Complaints', 'Claims', 'Suggestions', 'Custom Type']), options.join(', '));
		await closeDropdown();
		options = await dropdownOptions('files');
		check('Files lists All / Named Binary Properties / None', hasAll(options, ['All Binary Properties', 'Named Binary Properties', 'None']), options.join(', '));
		await closeDropdown();
		await shot('create.png');
		await closeNode();

		await openNode('Add follow-up file');
		labels = await labelsShown();
		const updateLabels = [n8nLabels.credential, 'Resource', 'Operation', 'Case ID', 'Responsible', 'Status', 'Solution', 'Attachments', 'Binary Properties', 'Additional Fields', 'Custom Fields Input', 'Options'];
		check('Update Attachments shows its parameters', hasAll(labels, updateLabels), missing(labels, updateLabels));
		const notice = await page.locator('[data-test-id="ndv"]').getByText('Attachments are sent as base64 without file names').count();
		check('Update Attachments shows its notice about file names', notice > 0);
		check('Update Attachments hides Create-only fields', !shows(labels, 'Owner') && !shows(labels, 'Priority') && !shows(labels, 'Case Type'), labels.join(' | '));
		await shot('update-attachments.png');
		await closeNode();

		// ---- what the editor was served
		for (const kind of ['nodes', 'credentials']) {
			typeBodies[kind] = await page.evaluate((path) => fetch(path).then((r) => r.text()), `/types/${kind}.json`).catch((error) => `failed: ${error.message}`);
		}
		check('the editor knows the node type', (typeBodies.nodes ?? '').includes(`"${nodeType}"`) || (typeBodies.nodes ?? '').includes('"wolkvoxCases"'), `nodes.json: ${(typeBodies.nodes ?? '').slice(0, 200)}`);
		check('the editor knows the credential type', (typeBodies.credentials ?? '').includes('"wolkvoxApi"'), `credentials.json: ${(typeBodies.credentials ?? '').slice(0, 200)}`);
		check('no console error, page error or failed request from our package', problems.length === 0, problems.join('\n'));
		if (schemaMisses.size) log(`   note: no output schema shipped (404): ${[...schemaMisses].join(', ')}`);
		if (offLoopback.size) log(`   blocked non-loopback requests of the editor: ${[...offLoopback].join(', ')}`);
	} catch (error) {
		check('editor walk-through finished', false, error.stack ?? String(error));
		try {
			const pages = browser.contexts().flatMap((c) => c.pages());
			if (pages[0]) await pages[0].screenshot({ path: join(runDir, 'editor-failure.png') });
			log(`   failure screenshot: ${join(runDir, 'editor-failure.png')}`);
		} catch {
			/* ignore */
		}
	} finally {
		await browser.close();
	}
}
