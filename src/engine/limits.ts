/** numpy refuses arrays of more than 32 dimensions (64 in numpy 2): the parser, the host and the protocol use this one limit. */
export const MAX_DIMS = 32;
