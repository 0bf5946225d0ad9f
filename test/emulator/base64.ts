const ALPHABET_WITH_PADDING = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict RFC 4648 base64: standard alphabet, no whitespace, length a multiple
 * of 4, padding only at the end and canonical (unused bits zero). Empty is
 * rejected: an empty attachment is far more likely a client bug than a file.
 */
export function isStrictBase64(text: string): boolean {
	if (text === '' || text.length % 4 !== 0 || !ALPHABET_WITH_PADDING.test(text)) return false;
	// Only the last quantum can carry padding or stray bits; re-encoding it proves it canonical.
	const last = text.slice(-4);
	return Buffer.from(last, 'base64').toString('base64') === last;
}
