// How much of a file's own text a message echoes back lives in the core, beside the warnings that use it.
export { ECHO_CHARS, ECHO_LIST, echo, echoList } from "@specready/core";
