/** The API's proxy events for feeding handlers in tests (built in local/sample-events.ts). */
export * from '../../local/sample-events.ts';
