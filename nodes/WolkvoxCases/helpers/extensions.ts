/**
 * The extensions cases/insert.php accepts, exactly as the vendor lists them
 * (its `wap` and `bpm` are probably typos of wav and bmp; neither is added here on a guess).
 */
export const ALLOWED_EXTENSIONS: readonly string[] = [
	'xlsx', 'csv', 'pdf', 'jpg', 'png', 'docx', 'mp4', 'mp3', 'wmv', 'wma', 'wap',
	'doc', 'jpeg', 'avi', 'bmp', 'bpm', 'mov', 'tiff', 'zip', '7z', 'rar',
];
