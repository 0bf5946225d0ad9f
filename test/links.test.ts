// Every address a user or a registry reader meets leads somewhere real. There is no network
// here to fetch them, so the honest check is an allowlist of pages known to exist (each one
// read on the vendor's or n8n's public site), plus the vendor's API hosts and loopback.
// A new link fails this test until someone who has opened it adds it here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { getPackage, WOLKVOX_NODE_TYPE } from './support/engine';

const ROOT = resolve(__dirname, '..');

/** Documentation pages known to exist. */
const KNOWN_PAGES = new Set([
	// The vendor's API reference (crmvox.com) and response codes (wolkvox.com).
	'https://www.crmvox.com/en/apis-version-2-en/cases-insert-en/',
	'https://www.crmvox.com/en/insert-cases-with-attachments/',
	'https://www.crmvox.com/en/edit-cases-and-their-attachments/',
	'https://www.crmvox.com/en/token-information/',
	'https://wolkvox.com/en/api-response-codes',
	// The vendor's help centre: tokens (where to create one, Internal and External).
	'https://wolkvox.helpjuice.com/en_US/wvx-crm/como-gestionar-y-entender-los-tokens-en-wolkvox-crm',
	'https://wolkvox.helpjuice.com/en_US/posibles-codigos-de-error-al-consumir-las-apis-de-wolkvox-crm',
	// n8n and npm.
	'https://n8n.io',
	'https://docs.n8n.io/integrations/community-nodes/installation/',
	'https://docs.n8n.io/integrations/creating-nodes/build/reference/verification-guidelines',
	'https://docs.npmjs.com/generating-provenance-statements',
	'https://keepachangelog.com/en/1.1.0/',
	'https://semver.org/spec/v2.0.0.html',
]);

/** Hosts where any address is real: the vendor's CRM/API servers and a local emulator. */
const KNOWN_HOSTS = new Set([
	'crm.wolkvox.com',
	'crm0000.wolkvox.com',
	'crm0001.wolkvox.com',
	'crm01.wolkvox.com',
	'registry.npmjs.org',
	// n8n's own API host: e2e/README.md names the address n8n 2.41 fetches at start (read in n8n's code).
	'api.n8n.io',
	'127.0.0.1',
	'localhost',
	'host.docker.internal',
]);

const URL_PATTERN = /https?:\/\/[^\s<>()`"'\]]+/g;

function urlsIn(text: string): string[] {
	return [...text.matchAll(URL_PATTERN)].map(([url]) => url.replace(/[.,;:!?*]+$/, ''));
}

/** Every string anywhere inside a value (descriptions, hints, options, documentation URLs). */
function stringsIn(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return [value];
	if (!value || typeof value !== 'object' || seen.has(value)) return [];
	seen.add(value);
	return Object.values(value).flatMap((v) => stringsIn(v, seen));
}

function unknownLinks(urls: string[]): string[] {
	return urls.filter((url) => {
		const host = url.match(/^https?:\/\/([^/:?#]+)/)?.[1] ?? '';
		return !KNOWN_PAGES.has(url) && !KNOWN_HOSTS.has(host.toLowerCase());
	});
}

const markdownFiles = [
	...readdirSync(ROOT).filter((f) => f.endsWith('.md')),
	...['e2e/README.md'].filter((f) => existsSync(join(ROOT, f))),
];

describe('every link leads somewhere real', () => {
	test('package.json: no link or e-mail that is not real', () => {
		const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
		expect(unknownLinks(urlsIn(manifest))).toEqual([]);
		// No invented contact. n8n's lint requires an author e-mail, so the one there is on the
		// reserved `.invalid` domain (RFC 2606: reaches no one) until a publisher fills in theirs
		// (README, "For publishers"); the release workflow refuses to publish it.
		const emails = manifest.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];
		expect(emails.filter((email) => !email.endsWith('.invalid'))).toEqual([]);
	});

	test('the credential and the node, as n8n loads them, link only to known pages', async () => {
		const { credentialTypes, nodeTypes } = await getPackage();
		const credential = credentialTypes.wolkvoxApi;
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		const node = nodeTypes.getByNameAndVersion(WOLKVOX_NODE_TYPE, 1);
		const urls = [...stringsIn(credential), ...stringsIn(node.description)].flatMap(urlsIn);
		expect(urls).toContain(credential.documentationUrl);
		expect(unknownLinks(urls)).toEqual([]);
	});

	test('the codex links to the vendor\'s pages', () => {
		const codex = JSON.parse(readFileSync(join(ROOT, 'nodes/WolkvoxCases/WolkvoxCases.node.json'), 'utf8'));
		const urls = stringsIn(codex.resources).flatMap(urlsIn);
		expect(urls.length).toBeGreaterThan(0);
		expect(unknownLinks(urls)).toEqual([]);
	});

	test.each(markdownFiles)('%s: web links are known pages', (file) => {
		expect(unknownLinks(urlsIn(readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
	});

	test.each(markdownFiles)('%s: links to files and headings resolve', (file) => {
		const text = readFileSync(join(ROOT, file), 'utf8');
		const broken = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
			.map(([, target]) => target)
			.filter((target) => !/^(https?:|mailto:)/.test(target))
			.filter((target) => {
				const [path, anchor] = target.split('#');
				const targetFile = path ? join(dirname(join(ROOT, file)), path) : join(ROOT, file);
				if (!existsSync(targetFile)) return true;
				return anchor !== undefined && targetFile.endsWith('.md') && !headingSlugs(readFileSync(targetFile, 'utf8')).has(anchor);
			});
		expect(broken).toEqual([]);
	});
});

/** GitHub's anchors for a markdown file's headings. */
function headingSlugs(markdown: string): Set<string> {
	const slugs = new Set<string>();
	for (const [, heading] of markdown.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
		const base = heading
			.toLowerCase()
			.replace(/[`*]|\[|\]\([^)]*\)/g, '')
			.replace(/[^\p{L}\p{N}\- ]/gu, '')
			.replace(/ /g, '-');
		let slug = base;
		for (let n = 1; slugs.has(slug); n++) slug = `${base}-${n}`;
		slugs.add(slug);
	}
	return slugs;
}
