import { extension as extensionOfMime } from 'mime-types';

const MAX_NAME_LENGTH = 200;

/**
 * A file name that survives a multipart header and PHP's upload handling unchanged: no quotes,
 * control characters or path separators (PHP keeps only what follows the last separator),
 * and no more than MAX_NAME_LENGTH characters, keeping the extension.
 */
export function safeFileName(name: string): string {
	// eslint-disable-next-line no-control-regex
	let safe = name.replace(/[\u0000-\u001f\u007f-\u009f"/\\]/g, '_').trim();
	const chars = Array.from(safe);
	if (chars.length > MAX_NAME_LENGTH) {
		const ext = extensionOf(safe);
		const keep = MAX_NAME_LENGTH - (ext ? ext.length + 1 : 0);
		safe = chars.slice(0, keep).join('') + (ext ? `.${ext}` : '');
	}
	return safe;
}

/** The lower-case extension of a file name, without the dot; '' when there is none. */
export function extensionOf(name: string): string {
	const match = /\.([^./\\]+)$/.exec(name);
	return match ? match[1].toLowerCase() : '';
}

/** A name for a binary that arrived without one, from its declared extension or MIME type. */
export function fallbackFileName(property: string, fileExtension?: string, mimeType?: string): string {
	const ext = fileExtension || (mimeType && extensionOfMime(mimeType)) || '';
	return ext ? `${property}.${ext}` : property;
}
