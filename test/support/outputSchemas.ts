// The output schemas the package ships, one JSON Schema file per operation at
// <node dir>/__schema__/v<version>/<resource>/<operation>.json (n8n's own layout: its editor asks
// GET /schemas/<node type>/<version>/<resource>/<operation>.json to show a node's output fields
// before the first run), and the check that an operation's real output matches its schema.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import Ajv, { type ValidateFunction } from 'ajv';
import * as core from 'n8n-core';
import type { INodeExecutionData, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

export interface Operation {
	resource: string;
	operation: string;
}

const optionValues = (property: INodeProperties | undefined) =>
	(property?.options ?? []).map((option) => String((option as { value: unknown }).value));

const operationProperty = (description: INodeTypeDescription, resource: string) =>
	description.properties.find(
		(p) => p.name === 'operation' && (p.displayOptions?.show?.resource ?? []).includes(resource),
	);

/** Every resource/operation pair the node offers, read from its description. */
export function operationsOf(description: INodeTypeDescription): Operation[] {
	const resources = optionValues(description.properties.find((p) => p.name === 'resource'));
	return resources.flatMap((resource) =>
		optionValues(operationProperty(description, resource)).map((operation) => ({ resource, operation })),
	);
}

/** The resource and operation a node runs, with the description's defaults for what is not set. */
export function operationOf(description: INodeTypeDescription, parameters: INodeParameters): Operation {
	const resource = String(parameters.resource ?? description.properties.find((p) => p.name === 'resource')?.default);
	const operation = String(parameters.operation ?? operationProperty(description, resource)?.default);
	return { resource, operation };
}

/** n8n pads a node version to three parts for the schema's folder: 1 → v1.0.0. */
const padVersion = (version: number) => String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');

/**
 * Where n8n looks for an operation's schema: n8n-core's own resolver where it has one (2.41),
 * else the path n8n 2.8's and 1.x's server builds (the same layout).
 */
export function schemaPath(nodeDir: string, version: number, { resource, operation }: Operation): string | undefined {
	const resolver = (core as Partial<typeof core>).resolveOutputSchemaPath;
	if (typeof resolver === 'function') return resolver({ nodeDir, version, resource, operation });
	return resolve(nodeDir, '__schema__', `v${padVersion(version)}`, resource, `${operation}.json`);
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>();

/** The compiled schema of an operation; throws, saying which file to add, when there is none. */
export function schemaValidator(nodeDir: string, version: number, op: Operation): ValidateFunction {
	const file = schemaPath(nodeDir, version, op);
	if (!file || !existsSync(file)) {
		const source = join('nodes', 'WolkvoxCases', '__schema__', `v${padVersion(version)}`, op.resource, `${op.operation}.json`);
		throw new Error(`No output schema for ${op.resource}/${op.operation}: add ${source} (a JSON Schema of the operation's output), then build`);
	}
	let validate = validators.get(file);
	if (!validate) {
		validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
		validators.set(file, validate);
	}
	return validate;
}

/** Checks each successful item a node sent out against its operation's schema. */
export function assertOutputMatchesSchema(nodeDir: string, version: number, op: Operation, items: INodeExecutionData[]) {
	const validate = schemaValidator(nodeDir, version, op);
	items.forEach((item, index) => {
		if (item.error || validate(item.json)) return;
		const problems = ajv.errorsText(validate.errors, { dataVar: 'json' });
		throw new Error(
			`Output item ${index} of ${op.resource}/${op.operation} does not match its output schema (${problems}): ` +
				`update nodes/WolkvoxCases/__schema__ when the output changes. Item: ${JSON.stringify(item.json).slice(0, 500)}`,
		);
	});
}
