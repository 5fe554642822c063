// Builds the native helpers in native/ with the system C compiler. Run by `npm install`
// (with --optional: a machine without a compiler keeps the portable watcher) and by
// `npm run build:native`.
console.log('[native]: nothing to build yet');
