/** Shared types of the server layer: options of a call and the interface both transports implement. */
export {};
//# sourceMappingURL=types.js.map