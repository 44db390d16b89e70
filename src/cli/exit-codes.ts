/** Exit codes of the CLI: 0 ok, 1 error, 2 bad usage, 3 finished but input lines were quarantined. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;
export const EXIT_QUARANTINED = 3;
