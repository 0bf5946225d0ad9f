import { Readable } from 'node:stream';

import { lookup as mimeOfName } from 'mime-types';
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError } from 'n8n-workflow';

import { ALLOWED_EXTENSIONS } from './extensions';
import { extensionOf, fallbackFileName, safeFileName } from './fileName';

/** One file of an item, ready to be sent as often as needed without holding it in memory. */
export interface FileSource {
	property: string;
	fileName: string;
	mimeType: string;
	size: number;
	/** A fresh stream of the bytes: from n8n's binary storage, or from the inline data. */
	open(): Promise<Readable>;
}

export type FileSelection = { mode: 'none' } | { mode: 'all' } | { mode: 'properties'; properties: string };

function selectedProperties(ctx: IExecuteFunctions, itemIndex: number, selection: FileSelection): string[] {
	if (selection.mode === 'none') return [];
	const binary = ctx.getInputData()[itemIndex].binary ?? {};
	const available = Object.keys(binary);
	const names = selection.mode === 'properties' ? splitNames(selection.properties) : [];
	// Binary Properties left empty means the same as "All Binary Properties".
	if (names.length === 0) return available;
	for (const name of names) {
		if (!(name in binary)) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex} has no binary property "${name}"`, {
				itemIndex,
				description: available.length
					? `Its binary properties are: ${available.join(', ')}. Fix the "Binary Properties" field.`
					: 'It has no binary data at all: check the node before this one, or choose "None" under Files.',
			});
		}
	}
	return [...new Set(names)];
}

function splitNames(properties: string | undefined): string[] {
	return String(properties ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

/** A MIME type fit for a part header (`type/subtype`, parameters dropped); '' otherwise. */
function cleanMimeType(mimeType: string | undefined): string {
	const essence = (mimeType ?? '').split(';', 1)[0].trim();
	return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i.test(essence) ? essence : '';
}

async function sourceOf(ctx: IExecuteFunctions, itemIndex: number, property: string): Promise<FileSource> {
	const binary: IBinaryData = ctx.helpers.assertBinaryData(itemIndex, property);
	const fileName = safeFileName(
		binary.fileName ?? fallbackFileName(property, binary.fileExtension, binary.mimeType),
	);
	const mimeType = cleanMimeType(binary.mimeType) || mimeOfName(fileName) || 'application/octet-stream';
	if (binary.id) {
		const id = binary.id;
		// n8n 1.12x+ records the size on the item; older versions only in the stored metadata.
		const size = typeof binary.bytes === 'number' ? binary.bytes : (await ctx.helpers.getBinaryMetadata(id)).fileSize;
		return { property, fileName, mimeType, size, open: async () => await ctx.helpers.getBinaryStream(id) };
	}
	// Inline data is in memory already; decoding it is the only exact way to its size (sources
	// such as e-mail wrap base64 in lines).
	const bytes = Buffer.from(binary.data, BINARY_ENCODING);
	return { property, fileName, mimeType, size: bytes.length, open: async () => Readable.from([bytes]) };
}

/** The item's files for the selection, in order. */
export async function collectFiles(
	ctx: IExecuteFunctions,
	itemIndex: number,
	selection: FileSelection,
): Promise<FileSource[]> {
	const files: FileSource[] = [];
	for (const property of selectedProperties(ctx, itemIndex, selection)) {
		files.push(await sourceOf(ctx, itemIndex, property));
	}
	return files;
}

/** Fails before anything is sent when a file's extension is not on the vendor's list. */
export function assertAllowedExtensions(ctx: IExecuteFunctions, itemIndex: number, files: FileSource[]): void {
	for (const file of files) {
		const ext = extensionOf(file.fileName);
		if (ALLOWED_EXTENSIONS.includes(ext)) continue;
		throw new NodeOperationError(
			ctx.getNode(),
			ext
				? `File "${file.fileName}" (binary property "${file.property}") has the extension ".${ext}", which wolkvox does not accept`
				: `File "${file.fileName}" (binary property "${file.property}") has no extension, and wolkvox accepts files only by extension`,
			{
				itemIndex,
				description: `wolkvox accepts: ${ALLOWED_EXTENSIONS.join(', ')}. Convert or zip the file, rename it, or turn off the "Check File Extensions" option if your CRM accepts more.`,
			},
		);
	}
}
